package io.ringbook.journal;

import io.ringbook.codecs.journal.BooleanType;
import io.ringbook.codecs.journal.CommandDecoder;
import io.ringbook.codecs.journal.CommandEncoder;
import io.ringbook.codecs.journal.EventBatchDecoder;
import io.ringbook.codecs.journal.InstrumentDefinitionEncoder;
import io.ringbook.codecs.journal.MessageHeaderEncoder;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Appends the engine's input and output to the journal: instrument definitions and one excerpt per sequenced
 * command to {@code commands/}, one excerpt per command's events to {@code events/} (two Chronicle Queues, so the
 * journal gating handler and the matcher never share an appender or a write lock).
 * <p>
 * Journaling never throws into the pipeline: an append that cannot be written (I/O error, full disk, closed
 * journal) returns false, is counted, and the first exception of each run of failures goes to the configured
 * {@link ErrorHandler}. What to do then (stop acknowledging, halt) is the caller's decision.
 * <p>
 * Threads: {@link #appendCommand(EngineCommand, long)} from one thread (the journal handler), the
 * {@link #eventWriter()} from one other (the matcher). Chronicle appenders are bound to the thread that creates
 * them ({@code acquireAppender()} is gone from Chronicle Queue 2026), so each path creates its own on its first
 * append. {@link #applyRetention()} and {@link #close()} from the owner, after the pipeline has stopped for close.
 */
public final class JournalWriter implements AutoCloseable
{
    /** Longest symbol an instrument definition may carry, in characters (its var data length is a uint16). */
    public static final int MAX_SYMBOL_LENGTH = 1024;

    private final JournalConfig config;
    private final SingleChronicleQueue commandsQueue;
    private final SingleChronicleQueue eventsQueue;
    private final ErrorHandler errorHandler;
    private final long lastCommandSequenceAtOpen;
    private final long lastEventSequenceAtOpen;

    private final UnsafeBuffer commandBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(
        MessageHeaderEncoder.ENCODED_LENGTH + CommandEncoder.BLOCK_LENGTH));
    private final MessageHeaderEncoder commandHeaderEncoder = new MessageHeaderEncoder();
    private final CommandEncoder commandEncoder = new CommandEncoder();
    private ExcerptAppender commandAppender;
    private long commandFailures;
    private boolean commandFailing;

    private final EventEncoder eventEncoder = new EventEncoder(this::appendEventRecord);
    private ExcerptAppender eventAppender;
    private long eventFailures;
    private boolean eventFailing;
    private boolean eventFailed;

    private volatile boolean closed;

    private JournalWriter(
        final JournalConfig config, final SingleChronicleQueue commandsQueue, final SingleChronicleQueue eventsQueue)
    {
        this.config = config;
        this.commandsQueue = commandsQueue;
        this.eventsQueue = eventsQueue;
        this.errorHandler = config.errorHandler();
        try (ExcerptTailer tailer = commandsQueue.createTailer())
        {
            lastCommandSequenceAtOpen = JournalLayout.lastSequence(tailer, CommandDecoder.TEMPLATE_ID);
        }
        try (ExcerptTailer tailer = eventsQueue.createTailer())
        {
            lastEventSequenceAtOpen = JournalLayout.lastSequence(tailer, EventBatchDecoder.TEMPLATE_ID);
        }
    }

    /**
     * Opens (or creates) the journal in {@link JournalConfig#dir()}, reads where the existing one ends and applies
     * retention once.
     *
     * @param config validated here by {@link JournalConfig#conclude()}.
     * @return the writer; close it.
     * @throws UncheckedIOException when the directories cannot be made: unlike an append, opening may fail loudly.
     */
    public static JournalWriter open(final JournalConfig config)
    {
        config.conclude();
        final Path commandsDir = config.dir().resolve(JournalLayout.COMMANDS_DIR);
        final Path eventsDir = config.dir().resolve(JournalLayout.EVENTS_DIR);
        try
        {
            Files.createDirectories(commandsDir);
            Files.createDirectories(eventsDir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create journal in " + config.dir(), ex);
        }
        SingleChronicleQueue commandsQueue = null;
        SingleChronicleQueue eventsQueue = null;
        try
        {
            commandsQueue = queue(config, commandsDir);
            eventsQueue = queue(config, eventsDir);
            final JournalWriter writer = new JournalWriter(config, commandsQueue, eventsQueue);
            writer.applyRetention();
            return writer;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(eventsQueue, commandsQueue);
            throw ex;
        }
    }

    private static SingleChronicleQueue queue(final JournalConfig config, final Path dir)
    {
        return SingleChronicleQueueBuilder.binary(dir)
            .rollCycle(config.rollCycle())
            .timeProvider(config.timeProvider())
            .build();
    }

    /**
     * @return the configuration the journal was opened with.
     */
    public JournalConfig config()
    {
        return config;
    }

    /**
     * @return the sequence of the last command in the journal when it was opened, 0 for a new one: the engine
     *         continues from the next.
     */
    public long lastCommandSequence()
    {
        return lastCommandSequenceAtOpen;
    }

    /**
     * @return the sequence of the last command whose events were journaled when it was opened, 0 for none. Below
     *         {@link #lastCommandSequence()} after a crash between the two: replay the difference.
     */
    public long lastEventSequence()
    {
        return lastEventSequenceAtOpen;
    }

    /**
     * Appends the instrument definitions the engine runs with, once per run, so a reader needs no configuration.
     * Definitions are not on the hot path: this allocates.
     *
     * @return false when they could not all be written (counted as command failures).
     */
    public boolean defineInstruments(final Collection<Instrument> instruments)
    {
        final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder();
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(256);
        boolean allWritten = true;
        for (final Instrument instrument : instruments)
        {
            if (instrument.symbol().length() > MAX_SYMBOL_LENGTH)
            {
                throw new IllegalArgumentException("symbol longer than " + MAX_SYMBOL_LENGTH + ": " + instrument);
            }
            encoder.wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
                .instrumentId(instrument.id())
                .tickSize(instrument.tickSize())
                .lotSize(instrument.lotSize())
                .priceExponent(instrument.priceExponent())
                .bandBps(instrument.bandBps())
                .maxOrderQuantity(instrument.maxOrderQuantity())
                .referencePrice(instrument.referencePrice())
                .symbol(instrument.symbol());
            allWritten &= appendCommandBytes(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        }
        return allWritten;
    }

    /**
     * Appends one sequenced command as one excerpt. Allocates nothing in steady state.
     *
     * @param command   stamped with its sequence and time.
     * @param sessionId the session that sent it, 0 for in-process producers.
     * @return true once written; false (never an exception) when it could not be, counted in
     *         {@link #commandFailures()}.
     */
    public boolean appendCommand(final EngineCommand command, final long sessionId)
    {
        commandEncoder.wrapAndApplyHeader(commandBuffer, 0, commandHeaderEncoder)
            .sequence(command.sequence)
            .timestampNs(command.timestampNs)
            .sessionId(sessionId)
            .commandType(JournalEnums.encode(command.type))
            .instrumentId(command.instrumentId)
            .accountId(command.accountId)
            .clientOrderId(command.clientOrderId)
            .orderId(command.orderId)
            .newClientOrderId(command.newClientOrderId)
            .requestId(command.requestId)
            .side(JournalEnums.encode(command.side))
            .orderType(JournalEnums.encode(command.orderType))
            .timeInForce(JournalEnums.encode(command.timeInForce))
            .stpMode(JournalEnums.encode(command.stpMode))
            .postOnly(command.postOnly ? BooleanType.True : BooleanType.False)
            .price(command.price)
            .quantity(command.quantity);
        return appendCommandBytes(commandBuffer, MessageHeaderEncoder.ENCODED_LENGTH + CommandEncoder.BLOCK_LENGTH);
    }

    private boolean appendCommandBytes(final DirectBuffer buffer, final int length)
    {
        if (closed)
        {
            return commandFailed(null);
        }
        try
        {
            ExcerptAppender appender = commandAppender;
            if (null == appender)
            {
                appender = commandsQueue.createAppender();
                commandAppender = appender;
            }
            write(appender, buffer, length);
            commandFailing = false;
            return true;
        }
        catch (final RuntimeException | InternalError | java.io.IOError ex)
        {
            return commandFailed(ex);
        }
    }

    private boolean commandFailed(final Throwable ex)
    {
        commandFailures++;
        if (!commandFailing)
        {
            commandFailing = true;
            report(ex, "journal closed: command not appended");
        }
        return false;
    }

    /**
     * The listener to give the engine: it encodes each command's events and appends them as one excerpt at
     * {@code onCommandComplete}. Call from one thread only (the matcher). A failed append is counted in
     * {@link #eventFailures()} and sets {@link #failed()}; it never throws.
     */
    public EngineListener eventWriter()
    {
        return eventEncoder;
    }

    /**
     * @return true once any event record could not be written: the events journal has a gap from then on.
     */
    public boolean failed()
    {
        return eventFailed;
    }

    /**
     * @return appends of commands (and definitions) that failed.
     */
    public long commandFailures()
    {
        return commandFailures;
    }

    /**
     * @return event records that could not be written.
     */
    public long eventFailures()
    {
        return eventFailures;
    }

    private void appendEventRecord(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed)
        {
            eventFailed(null);
            return;
        }
        try
        {
            ExcerptAppender appender = eventAppender;
            if (null == appender)
            {
                appender = eventsQueue.createAppender();
                eventAppender = appender;
            }
            write(appender, buffer, length);
            eventFailing = false;
        }
        catch (final RuntimeException | InternalError | java.io.IOError ex)
        {
            eventFailed(ex);
        }
    }

    private void eventFailed(final Throwable ex)
    {
        eventFailures++;
        eventFailed = true;
        if (!eventFailing)
        {
            eventFailing = true;
            report(ex, "journal closed: events not appended");
        }
    }

    private void report(final Throwable ex, final String closedMessage)
    {
        try
        {
            errorHandler.onError(null != ex ? ex : new IllegalStateException(closedMessage + ": " + config.dir()));
        }
        catch (final RuntimeException ignore)
        {
            // a failing error handler must not turn a counted failure into an exception in the pipeline
        }
    }

    /**
     * One excerpt: the SBE bytes copied straight from the buffer (direct memory, so no intermediate array).
     * Offset 0 only: both callers encode from the start of their buffer.
     */
    private static void write(final ExcerptAppender appender, final DirectBuffer buffer, final int length)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            try
            {
                final Bytes<?> bytes = dc.wire().bytes();
                final byte[] array = buffer.byteArray();
                if (null != array)
                {
                    bytes.write(array, buffer.wrapAdjustment(), length);
                }
                else
                {
                    bytes.unsafeWrite(buffer.addressOffset(), length);
                }
            }
            catch (final RuntimeException | Error ex)
            {
                dc.rollbackOnClose();
                throw ex;
            }
        }
    }

    /**
     * Keeps the newest {@link JournalConfig#retentionCycles()} cycle files of each queue (the current one
     * included) and moves older ones to the archive directory, or deletes them when there is none. Cycle file
     * names sort in time order for every standard roll cycle, so the oldest are the first by name. A no-op when
     * retention is {@link JournalConfig#KEEP_FOREVER}.
     * <p>
     * Called when the journal opens; the owner calls it again when it likes (e.g. from a housekeeping agent once
     * a minute, it only lists two directories). Safe while appending: the current cycle is always kept, and a
     * reader holding an older file open keeps its mapping until it moves on.
     *
     * @return the number of files archived or deleted.
     */
    public int applyRetention()
    {
        if (config.retentionCycles() == JournalConfig.KEEP_FOREVER || closed)
        {
            return 0;
        }
        return retain(commandsQueue, JournalLayout.COMMANDS_DIR) + retain(eventsQueue, JournalLayout.EVENTS_DIR);
    }

    private int retain(final SingleChronicleQueue queue, final String name)
    {
        final Path dir = config.dir().resolve(name);
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(dir))
        {
            listing.filter((file) -> file.getFileName().toString().endsWith(JournalLayout.CYCLE_FILE_SUFFIX))
                .sorted()
                .forEach(files::add);
        }
        catch (final IOException ex)
        {
            report(ex, "");
            return 0;
        }
        final int excess = files.size() - config.retentionCycles();
        int removed = 0;
        for (int i = 0; i < excess; i++)
        {
            final Path file = files.get(i);
            try
            {
                if (null != config.archiveDir())
                {
                    final Path archive = config.archiveDir().resolve(name);
                    Files.createDirectories(archive);
                    Files.move(file, archive.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
                else
                {
                    Files.delete(file);
                }
                removed++;
            }
            catch (final IOException ex)
            {
                report(ex, "");
            }
        }
        if (removed > 0)
        {
            queue.refreshDirectoryListing();
        }
        return removed;
    }

    /**
     * Closes the appenders the calling thread has used, so the threads that append next (the journal handler and the
     * matcher) create their own: a Chronicle appender belongs to the thread that created it. Call from the thread
     * that wrote during recovery (instrument definitions, replayed events) before the pipeline starts.
     */
    public void releaseAppenders()
    {
        final ExcerptAppender commands = commandAppender;
        final ExcerptAppender events = eventAppender;
        commandAppender = null;
        eventAppender = null;
        CloseHelper.quietCloseAll(commands, events);
    }

    /**
     * Closes both queues; later appends return false. Idempotent. Call after the threads that append have stopped.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            CloseHelper.quietCloseAll(commandAppender, eventAppender, commandsQueue, eventsQueue);
        }
    }

    public String toString()
    {
        return "JournalWriter{" + config + ", lastCommandSequence=" + lastCommandSequenceAtOpen +
            ", lastEventSequence=" + lastEventSequenceAtOpen + ", commandFailures=" + commandFailures +
            ", eventFailures=" + eventFailures + '}';
    }
}
