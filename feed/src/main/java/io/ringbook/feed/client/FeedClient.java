package io.ringbook.feed.client;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ringbook.feed.FeedChannels;
import io.ringbook.feed.book.FeedBook;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribes to the incremental and snapshot streams and feeds their packets to a {@link FeedHandler}, which keeps
 * the books. Use it as an Agrona {@link Agent} (on an {@code AgentRunner} or in a composite) or call
 * {@link #poll(int)} from your own loop; either way from one thread, which is also the thread the
 * {@link FeedListener} is called on.
 * <p>
 * Aeron tells of a lost incremental image on its conductor thread; the client only counts it there and hands it to
 * the handler on the polling thread at the next poll, so the handler keeps a single writer.
 * <pre>{@code
 * try (FeedClient client = new FeedClient(aeron, new FeedClient.Context().listener(myListener)))
 * {
 *     while (running) { idle.idle(client.poll(64)); }
 * }
 * }</pre>
 */
public final class FeedClient implements Agent, AutoCloseable
{
    private final Context ctx;
    private final FeedHandler handler;
    private final Subscription incremental;
    private final Subscription snapshot;
    private final FragmentAssembler incrementalAssembler;
    private final FragmentAssembler snapshotAssembler;
    private final AtomicLong incrementalImagesLost = new AtomicLong();
    /** Session of the publication whose well-formed packets this client applies; NO_SESSION before the first. */
    private volatile int followedSessionId = NO_SESSION;
    private static final int NO_SESSION = 0;
    private long incrementalImagesLostHandled;
    private boolean closed;

    /**
     * Adds the two subscriptions; they connect asynchronously, and packets are read only by {@link #poll(int)}.
     *
     * @param aeron client to subscribe with; not closed by {@link #close()}.
     * @param ctx   channels, stream ids, listener and buffer size; concluded here.
     */
    public FeedClient(final Aeron aeron, final Context ctx)
    {
        Objects.requireNonNull(aeron, "aeron");
        this.ctx = ctx.conclude();
        this.handler = new FeedHandler(ctx.listener(), ctx.trackOrders(), ctx.bufferCapacityBytes());

        final FragmentHandler onIncremental = this::onIncrementalFragment;
        final FragmentHandler onSnapshot = this::onSnapshotFragment;
        incrementalAssembler = new FragmentAssembler(onIncremental);
        snapshotAssembler = new FragmentAssembler(onSnapshot);

        Subscription incremental = null;
        try
        {
            incremental = aeron.addSubscription(
                ctx.incrementalChannel(), ctx.incrementalStreamId(), null, this::onIncrementalImageUnavailable);
            this.incremental = incremental;
            this.snapshot = aeron.addSubscription(ctx.snapshotChannel(), ctx.snapshotStreamId());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(incremental);
            throw ex;
        }
    }

    /**
     * Reads up to {@code fragmentLimit} fragments from each stream and applies them.
     *
     * @param fragmentLimit the most fragments to read from each stream.
     * @return work done: fragments read, plus one for an image loss handled.
     */
    public int poll(final int fragmentLimit)
    {
        int work = 0;
        final long lost = incrementalImagesLost.get();
        if (lost != incrementalImagesLostHandled)
        {
            incrementalImagesLostHandled = lost;
            handler.onIncrementalImageLost();
            work++;
        }
        work += incremental.poll(incrementalAssembler, fragmentLimit);
        work += snapshot.poll(snapshotAssembler, fragmentLimit);
        return work;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        return poll(ctx.fragmentLimit());
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "feed-client";
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        close();
    }

    /**
     * The core, for books, states and counters; read it only on the polling thread.
     *
     * @return the handler this client feeds.
     */
    public FeedHandler handler()
    {
        return handler;
    }

    /**
     * Shortcut for {@code handler().book(instrumentId)}.
     *
     * @param instrumentId the instrument.
     * @return its book, or null if unknown.
     */
    public FeedBook book(final int instrumentId)
    {
        return handler.book(instrumentId);
    }

    /**
     * Shortcut for {@code handler().isLive(instrumentId)}.
     *
     * @param instrumentId the instrument.
     * @return true if its book follows the market.
     */
    public boolean isLive(final int instrumentId)
    {
        return handler.isLive(instrumentId);
    }

    /**
     * @return true when the incremental subscription has a publisher connected.
     */
    public boolean isIncrementalConnected()
    {
        return incremental.isConnected();
    }

    /**
     * @return true when the snapshot subscription has a publisher connected.
     */
    public boolean isSnapshotConnected()
    {
        return snapshot.isConnected();
    }

    /**
     * Closes both subscriptions (not the Aeron client). Idempotent.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            CloseHelper.closeAll(incremental, snapshot);
        }
    }

    private void onIncrementalFragment(
        final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long malformed = handler.malformedPackets();
        handler.onIncrementalPacket(buffer, offset, length);
        if (handler.malformedPackets() == malformed && header.sessionId() != followedSessionId)
        {
            followedSessionId = header.sessionId();
        }
    }

    private void onSnapshotFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        handler.onSnapshotPacket(buffer, offset, length);
    }

    /**
     * On the Aeron client's thread. Only the loss of the publication being followed can have lost updates: another
     * sender on the channel going away (a previous engine run that timed out, a stray publisher) changes nothing.
     */
    private void onIncrementalImageUnavailable(final Image image)
    {
        final int followed = followedSessionId;
        if (followed == NO_SESSION || image.sessionId() == followed)
        {
            incrementalImagesLost.incrementAndGet();
        }
    }

    /**
     * Defaults of {@link Context}, each overridable by a system property.
     */
    public static final class Configuration
    {
        public static final String TRACK_ORDERS_PROP_NAME = "ringbook.feed.client.track.orders";
        public static final boolean TRACK_ORDERS_DEFAULT = false;
        public static final String BUFFER_CAPACITY_PROP_NAME = "ringbook.feed.client.buffer.capacity";
        public static final int BUFFER_CAPACITY_DEFAULT = 4 * 1024 * 1024;
        public static final String FRAGMENT_LIMIT_PROP_NAME = "ringbook.feed.client.fragment.limit";
        public static final int FRAGMENT_LIMIT_DEFAULT = 64;

        private Configuration()
        {
        }





        public static boolean trackOrders()
        {
            final String value = System.getProperty(TRACK_ORDERS_PROP_NAME);
            return null == value ? TRACK_ORDERS_DEFAULT : Boolean.parseBoolean(value);
        }

        public static int bufferCapacityBytes()
        {
            return Integer.getInteger(BUFFER_CAPACITY_PROP_NAME, BUFFER_CAPACITY_DEFAULT);
        }

        public static int fragmentLimit()
        {
            return Integer.getInteger(FRAGMENT_LIMIT_PROP_NAME, FRAGMENT_LIMIT_DEFAULT);
        }
    }

    /**
     * Settings of a {@link FeedClient}: defaults from {@link Configuration}, fluent setters, checked by
     * {@link #conclude()}.
     */
    public static final class Context
    {
        private String incrementalChannel = FeedChannels.incrementalChannel();
        private int incrementalStreamId = FeedChannels.incrementalStreamId();
        private String snapshotChannel = FeedChannels.snapshotChannel();
        private int snapshotStreamId = FeedChannels.snapshotStreamId();
        private boolean trackOrders = Configuration.trackOrders();
        private int bufferCapacityBytes = Configuration.bufferCapacityBytes();
        private int fragmentLimit = Configuration.fragmentLimit();
        private FeedListener listener;

        /**
         * Checks the settings; a missing listener becomes one that ignores everything (poll the books instead).
         *
         * @return this.
         * @throws IllegalStateException if a setting is invalid.
         */
        public Context conclude()
        {
            if (null == incrementalChannel || null == snapshotChannel)
            {
                throw new IllegalStateException("incrementalChannel and snapshotChannel are required");
            }
            if (bufferCapacityBytes <= 0)
            {
                throw new IllegalStateException("bufferCapacityBytes must be positive: " + bufferCapacityBytes);
            }
            if (fragmentLimit <= 0)
            {
                throw new IllegalStateException("fragmentLimit must be positive: " + fragmentLimit);
            }
            if (null == listener)
            {
                listener = new FeedListener()
                {
                };
            }
            return this;
        }

        public Context incrementalChannel(final String channel)
        {
            incrementalChannel = channel;
            return this;
        }

        public String incrementalChannel()
        {
            return incrementalChannel;
        }

        public Context incrementalStreamId(final int streamId)
        {
            incrementalStreamId = streamId;
            return this;
        }

        public int incrementalStreamId()
        {
            return incrementalStreamId;
        }

        public Context snapshotChannel(final String channel)
        {
            snapshotChannel = channel;
            return this;
        }

        public String snapshotChannel()
        {
            return snapshotChannel;
        }

        public Context snapshotStreamId(final int streamId)
        {
            snapshotStreamId = streamId;
            return this;
        }

        public int snapshotStreamId()
        {
            return snapshotStreamId;
        }

        /**
         * @param trackOrders keep each book's resting orders (market by order) as well as its levels.
         */
        public Context trackOrders(final boolean trackOrders)
        {
            this.trackOrders = trackOrders;
            return this;
        }

        public boolean trackOrders()
        {
            return trackOrders;
        }

        /**
         * @param bytes room for incremental packets kept while instruments are syncing.
         */
        public Context bufferCapacityBytes(final int bytes)
        {
            bufferCapacityBytes = bytes;
            return this;
        }

        public int bufferCapacityBytes()
        {
            return bufferCapacityBytes;
        }

        /**
         * @param limit fragments read per stream by {@link FeedClient#doWork()}.
         */
        public Context fragmentLimit(final int limit)
        {
            fragmentLimit = limit;
            return this;
        }

        public int fragmentLimit()
        {
            return fragmentLimit;
        }

        public Context listener(final FeedListener listener)
        {
            this.listener = listener;
            return this;
        }

        public FeedListener listener()
        {
            return listener;
        }
    }
}
