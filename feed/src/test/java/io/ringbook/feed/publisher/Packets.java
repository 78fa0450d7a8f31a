package io.ringbook.feed.publisher;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.ringbook.codecs.marketdata.BookSnapshotDecoder;
import io.ringbook.codecs.marketdata.MessageHeaderDecoder;
import io.ringbook.codecs.marketdata.PacketHeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads packets off a subscription (reassembled) into {@link Packet}s, and waits with deadlines.
 */
final class Packets
{
    static final long TIMEOUT_MS = 10_000;

    private final Subscription subscription;
    private final List<Packet> received = new ArrayList<>();
    private final FragmentHandler assembler = new FragmentAssembler(this::onPacket);

    Packets(final Subscription subscription)
    {
        this.subscription = subscription;
    }

    /**
     * Polls until at least {@code count} packets arrived in all (since the last {@link #take()}).
     */
    List<Packet> awaitPackets(final int count, final Runnable duty)
    {
        await(() ->
        {
            duty.run();
            subscription.poll(assembler, 100);
            return received.size() >= count;
        }, "packets: " + count + ", got " + received.size());
        return received;
    }

    /**
     * Polls what is there now (a few rounds), returns and forgets everything received.
     */
    List<Packet> drain()
    {
        int idle = 0;
        while (idle < 20)
        {
            if (subscription.poll(assembler, 100) == 0)
            {
                idle++;
                sleepMs(1);
            }
            else
            {
                idle = 0;
            }
        }
        return take();
    }

    List<Packet> take()
    {
        final List<Packet> packets = new ArrayList<>(received);
        received.clear();
        return packets;
    }

    static void await(final BooleanSupplier condition, final String what)
    {
        final IdleStrategy idle = new SleepingMillisIdleStrategy(1);
        final long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadline)
            {
                fail("timed out waiting for " + what);
            }
            idle.idle();
        }
    }

    private static void sleepMs(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void onPacket(final DirectBuffer buffer, final int offset, final int length, final io.aeron.logbuffer.Header h)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        received.add(new Packet(bytes));
    }

    /**
     * One packet: its header and its messages.
     */
    static final class Packet
    {
        final long streamSequence;
        final long engineSequence;
        final long sendingTimeNs;
        final int messageCount;
        final boolean endOfEvent;
        final byte[] messages;
        final int[] templateIds;
        final int[] offsets;
        final UnsafeBuffer buffer;

        Packet(final byte[] bytes)
        {
            buffer = new UnsafeBuffer(bytes);
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
            if (header.templateId() != PacketHeaderDecoder.TEMPLATE_ID)
            {
                throw new IllegalStateException("not a packet header: " + header.templateId());
            }
            final PacketHeaderDecoder packet = new PacketHeaderDecoder()
                .wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            streamSequence = packet.streamSequence();
            engineSequence = packet.engineSequence();
            sendingTimeNs = packet.sendingTimeNs();
            messageCount = packet.messageCount();
            endOfEvent = packet.flags().endOfEvent();
            final int start = MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength();
            messages = new byte[bytes.length - start];
            System.arraycopy(bytes, start, messages, 0, messages.length);
            templateIds = new int[messageCount];
            offsets = new int[messageCount];
            int at = start;
            for (int i = 0; i < messageCount; i++)
            {
                header.wrap(buffer, at);
                templateIds[i] = header.templateId();
                offsets[i] = at;
                at = i + 1 < messageCount ? nextMessage(at, header) : bytes.length;
            }
        }

        private int nextMessage(final int at, final MessageHeaderDecoder header)
        {
            // Only used for packets whose messages are all fixed-length except the last; good enough for tests.
            return at + MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() + groupsLength(at, header);
        }

        private int groupsLength(final int at, final MessageHeaderDecoder header)
        {
            final int groups = header.templateId() == 20 ? 1 : header.templateId() == 30 ? 3 : 0;
            int limit = at + MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength();
            final int start = limit;
            for (int g = 0; g < groups; g++)
            {
                final int blockLength = buffer.getShort(limit, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                final int count = buffer.getShort(limit + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                limit += 4 + blockLength * count;
            }
            return limit - start;
        }

        int template()
        {
            return templateIds[0];
        }

        BookSnapshotDecoder snapshot()
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offsets[0]);
            return new BookSnapshotDecoder().wrap(
                buffer, offsets[0] + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        }

        public String toString()
        {
            return "Packet{seq=" + streamSequence + ", engine=" + engineSequence + ", messages=" + messageCount +
                ", eoe=" + endOfEvent + ", templates=" + java.util.Arrays.toString(templateIds) + '}';
        }
    }
}
