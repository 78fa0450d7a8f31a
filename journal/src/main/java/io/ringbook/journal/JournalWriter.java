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
import io.ringbook.engine.pipeline.CommandEvent;
import io.ringbook.engine.pipeline.CommandJournal;
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
 * Appends the engine's input and output to the journal: instrument definitions and the sequenced commands to
 * {@code commands/}, each command's events as one record to {@code events/} (two Chronicle Queues, so the journal
 * gating handler and the matcher never share an appender or a write lock).
 * <p>
 * Batching: Chronicle Queue costs a few hundred nanoseconds per excerpt whatever its size, so the ring's threads
 * stage several commands (or event records) and write them as one excerpt: {@link #stageCommand} then
 * {@link #flushCommands()} at the end of each ring batch, and the {@link #batchedEventWriter()} with
 * {@link #flushEvents()}. {@link #appendCommand} and {@link #eventWriter()} write at once. Readers see the same
 * stream of messages either way.
 * <p>
 * Journaling never throws into the pipeline: an append that cannot be written (I/O error, full disk, closed
 * journal) returns false, is counted, and the first exception of each run of failures goes to the configured
 * {@link ErrorHandler}. What to do then (stop acknowledging, halt) is the caller's decision.
 * <p>
 * Threads: commands from one thread (the journal handler), events from one other (the matcher). Chronicle
 * appenders are bound to the thread that creates them ({@code acquireAppender()} is gone from Chronicle Queue
 * 2026), so each path creates its own on its first append. {@link #applyRetention()} and {@link #close()} from the
 * owner, after the pipeline has stopped for close.
 */
public final class JournalWriter implements AutoCloseable
{
    /** Longest symbol an instrument definition may carry, in characters (its var data length is a uint16). */
    public static final int MAX_SYMBOL_LENGTH = 1024;
    /** Commands staged into one excerpt at most: {@link #stageCommand} flushes when it reaches this. */
    public static final int COMMANDS_PER_EXCERPT = 256;
    /** Bytes of one journaled command message, header included. */
    static final int COMMAND_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + CommandEncoder.BLOCK_LENGTH;
    /** Staged event records are flushed once they reach this many bytes. */
    static final int EVENTS_PER_EXCERPT_BYTES = 32 * 1024;

    private final JournalConfig config;
    private final SingleChronicleQueue commandsQueue;
    private final SingleChronicleQueue eventsQueue;
    private final ErrorHandler errorHandler;
    private final long lastCommandSequenceAtOpen;
    private final long lastEventSequenceAtOpen;

    private final UnsafeBuffer commandBuffer =
        new UnsafeBuffer(ByteBuffer.allocateDirect(COMMANDS_PER_EXCERPT * COMMAND_LENGTH));
    private int stagedCommands;
    private final MessageHeaderEncoder commandHeaderEncoder = new MessageHeaderEncoder();
    private final CommandEncoder commandEncoder = new CommandEncoder();
    private ExcerptAppender commandAppender;
    private long commandFailures;
    private boolean commandFailing;

    private final EventEncoder eventEncoder = new EventEncoder(this::appendEventRecord);
    private final EventEncoder batchedEventEncoder = new EventEncoder(this::stageEventRecord);
    private final ExpandableDirectByteBuffer eventStaging = new ExpandableDirectByteBuffer(2 * EVENTS_PER_EXCERPT_BYTES);
    private int stagedEventBytes;
    private int stagedEventRecords;
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
        boolean allWritten = flushCommands();
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
            allWritten &= appendCommandBytes(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength(), 1);
        }
        return allWritten;
    }

    /**
     * Appends one sequenced command, with any staged before it, as one excerpt now. Allocates nothing in steady
     * state.
     *
     * @param command   stamped with its sequence and time.
     * @param sessionId the session that sent it, 0 for in-process producers.
     * @return true once written; false (never an exception) when it could not be, counted in
     *         {@link #commandFailures()}.
     */
    public boolean appendCommand(final EngineCommand command, final long sessionId)
    {
        return stageCommand(command, sessionId) && flushCommands();
    }

    /**
     * Encodes one sequenced command into the staging buffer, to be written with the others staged by
     * {@link #flushCommands()}; when {@link #COMMANDS_PER_EXCERPT} are staged this flushes them itself.
     *
     * @return false when a flush this made failed (every staged command is then lost and counted); true otherwise,
     *         which for a staged command means only that it is staged.
     */
    public boolean stageCommand(final EngineCommand command, final long sessionId)
    {
        commandEncoder.wrapAndApplyHeader(commandBuffer, stagedCommands * COMMAND_LENGTH, commandHeaderEncoder)
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
        return ++stagedCommands < COMMANDS_PER_EXCERPT || flushCommands();
    }

    /**
     * @return the pipeline's view of this writer's commands: each command staged at {@code append}, the staged ones
     *         written as one excerpt at {@code flush} (the journal handler flushes at the end of each ring batch and
     *         every {@link #COMMANDS_PER_EXCERPT} commands). For the journal handler's thread only.
     */
    public CommandJournal commandJournal()
    {
        return new CommandJournal()
        {
            public boolean append(final CommandEvent command)
            {
                return stageCommand(command, command.sessionId);
            }

            public boolean flush()
            {
                return flushCommands();
            }

            public int maxStaged()
            {
                return COMMANDS_PER_EXCERPT;
            }
        };
    }

    /**
     * Writes the staged commands as one excerpt.
     *
     * @return true when they are written (or none were staged); false (never an exception) when they could not
     *         be: they are dropped and counted in {@link #commandFailures()}.
     */
    public boolean flushCommands()
    {
        final int count = stagedCommands;
        if (0 == count)
        {
            return true;
        }
        stagedCommands = 0;
        return appendCommandBytes(commandBuffer, count * COMMAND_LENGTH, count);
    }

    private boolean appendCommandBytes(final DirectBuffer buffer, final int length, final int count)
    {
        if (closed)
        {
            return commandFailed(null, count);
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
            return commandFailed(ex, count);
        }
    }

    private boolean commandFailed(final Throwable ex, final int count)
    {
        commandFailures += count;
        if (!commandFailing)
        {
            commandFailing = true;
            report(ex, "journal closed: command not appended");
        }
        return false;
    }

    /**
     * A listener that encodes each command's events into one record and appends it, with any records staged
     * before it, at {@code onCommandComplete}. Call from one thread only. A failed append is counted in
     * {@link #eventFailures()} and sets {@link #failed()}; it never throws.
     */
    public EngineListener eventWriter()
    {
        return eventEncoder;
    }

    /**
     * Like {@link #eventWriter()}, but each record is only staged at {@code onCommandComplete}; the staged records
     * are written as one excerpt by {@link #flushEvents()}, or by the writer itself once they reach
     * {@link #EVENTS_PER_EXCERPT_BYTES}. The engine's matcher uses this and flushes at the end of each ring batch.
     */
    public EngineListener batchedEventWriter()
    {
        return batchedEventEncoder;
    }

    /**
     * Writes the staged event records as one excerpt; a failure is counted per record and sets {@link #failed()}.
     */
    public void flushEvents()
    {
        final int length = stagedEventBytes;
        if (0 == length)
        {
            return;
        }
        final int records = stagedEventRecords;
        stagedEventBytes = 0;
        stagedEventRecords = 0;
        if (closed)
        {
            eventFailed(null, records);
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
            write(appender, eventStaging, length);
            eventFailing = false;
        }
        catch (final RuntimeException | InternalError | java.io.IOError ex)
        {
            eventFailed(ex, records);
        }
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
        stageEventRecord(sequence, buffer, offset, length);
        flushEvents();
    }

    private void stageEventRecord(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (stagedEventBytes > 0 && stagedEventBytes + length > EVENTS_PER_EXCERPT_BYTES)
        {
            flushEvents();
        }
        eventStaging.putBytes(stagedEventBytes, buffer, offset, length);
        stagedEventBytes += length;
        stagedEventRecords++;
        if (stagedEventBytes >= EVENTS_PER_EXCERPT_BYTES)
        {
            flushEvents();
        }
    }

    private void eventFailed(final Throwable ex, final int records)
    {
        eventFailures += records;
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
     * Offset 0 only: every caller stages from the start of its buffer.
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
        flushCommands();
        flushEvents();
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
            flushCommands();
            flushEvents();
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
