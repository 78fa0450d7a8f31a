package io.ringbook.journal;

import io.ringbook.codecs.journal.CommandDecoder;
import io.ringbook.codecs.journal.EventBatchDecoder;
import io.ringbook.codecs.journal.InstrumentDefinitionDecoder;
import io.ringbook.codecs.journal.MessageHeaderDecoder;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderBook;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.CloseHelper;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.LongArrayList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads a journal written by {@link JournalWriter}: instruments, commands and event records, and replays commands
 * into a fresh {@link MatchingEngine} to any sequence. The queues are opened read-only, so a reader can follow a
 * journal the engine is still writing; ranges simply end at what has been written.
 * <p>
 * Opening scans the commands queue once, reading only each excerpt's header and sequence (and decoding the
 * instrument definitions), to learn the instruments, the first sequence, and a sparse index of every
 * {@value #SPARSE_INDEX_INTERVAL}th command's Chronicle index; the events queue gets the same index the first time
 * events are read. A range then starts with {@link ExcerptTailer#moveToIndex(long)} near its first sequence
 * instead of decoding everything before it.
 * <p>
 * Not thread safe: one reader per thread. Sequences are inclusive; every visitor runs on the calling thread and
 * must not keep the objects it is given.
 */
public final class JournalReader implements AutoCloseable
{
    /** One sparse index entry per this many commands (or event records). */
    public static final int SPARSE_INDEX_INTERVAL = 1024;

    private final Path journalDir;
    private final ChronicleQueue commandsQueue;
    private final ChronicleQueue eventsQueue;
    private final ExcerptTailer commandTailer;
    private final ExcerptTailer eventTailer;
    private final ExcerptTailer tailTailer;
    /** Holds the current event record. */
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64 * 1024);
    /** Holds the current command or definition, apart from the event record it is read alongside. */
    private final ExpandableDirectByteBuffer commandBuffer = new ExpandableDirectByteBuffer(256);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CommandDecoder commandDecoder = new CommandDecoder();
    private final InstrumentDefinitionDecoder definitionDecoder = new InstrumentDefinitionDecoder();
    private final EventDecoder eventDecoder = new EventDecoder();
    private final EngineCommand command = new EngineCommand();
    private final EngineCommand bareCommand = new EngineCommand();
    private final Map<Integer, Instrument> instruments = new TreeMap<>();
    private final LongArrayList commandIndexSequences = new LongArrayList();
    private final LongArrayList commandIndexPositions = new LongArrayList();
    private final LongArrayList eventIndexSequences = new LongArrayList();
    private final LongArrayList eventIndexPositions = new LongArrayList();
    private boolean eventIndexBuilt;
    private long firstSequence;
    private long lastSessionId;
    private boolean closed;

    private JournalReader(final Path journalDir, final ChronicleQueue commandsQueue, final ChronicleQueue eventsQueue)
    {
        this.journalDir = journalDir;
        this.commandsQueue = commandsQueue;
        this.eventsQueue = eventsQueue;
        this.commandTailer = commandsQueue.createTailer();
        this.tailTailer = commandsQueue.createTailer();
        this.eventTailer = null == eventsQueue ? null : eventsQueue.createTailer();
        scanCommands();
    }

    /**
     * Opens a journal read-only.
     *
     * @param journalDir the directory a {@link JournalWriter} wrote (holding {@code commands/}).
     * @return the reader; close it.
     * @throws IllegalArgumentException when there is no journal there.
     */
    public static JournalReader open(final Path journalDir)
    {
        Objects.requireNonNull(journalDir, "journalDir");
        final Path commandsDir = journalDir.resolve(JournalLayout.COMMANDS_DIR);
        if (!hasCycleFiles(commandsDir))
        {
            throw new IllegalArgumentException("no journal in " + journalDir + ": " + commandsDir +
                " has no Chronicle Queue files (*" + JournalLayout.CYCLE_FILE_SUFFIX + ")");
        }
        final Path eventsDir = journalDir.resolve(JournalLayout.EVENTS_DIR);
        ChronicleQueue commandsQueue = null;
        ChronicleQueue eventsQueue = null;
        try
        {
            commandsQueue = SingleChronicleQueueBuilder.binary(commandsDir).readOnly(true).build();
            if (hasCycleFiles(eventsDir))
            {
                eventsQueue = SingleChronicleQueueBuilder.binary(eventsDir).readOnly(true).build();
            }
            return new JournalReader(journalDir, commandsQueue, eventsQueue);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(eventsQueue, commandsQueue);
            throw ex;
        }
    }

    /**
     * @return the journal directory this reader reads.
     */
    public Path journalDir()
    {
        return journalDir;
    }

    /**
     * @return every instrument the journal defines, the last definition per id, ordered by id.
     */
    public List<Instrument> instruments()
    {
        return new ArrayList<>(instruments.values());
    }

    /**
     * @return the sequence of the first journaled command (what retention kept), 0 when there is none.
     */
    public long firstSequence()
    {
        if (0 == firstSequence)
        {
            scanCommands();
        }
        return firstSequence;
    }

    /**
     * @return the sequence of the last journaled command, read from the tail now, 0 when there is none.
     */
    public long lastSequence()
    {
        return JournalLayout.lastSequence(tailTailer, CommandDecoder.TEMPLATE_ID);
    }

    /**
     * @return the sequence of the last command whose events are journaled (every command gets a record, even
     *         one without events), 0 when there is none. Commands after it were journaled but their events were
     *         not, e.g. because the engine stopped between the two.
     */
    public long lastEventSequence()
    {
        if (null == eventsQueue)
        {
            return 0;
        }
        try (ExcerptTailer tailer = eventsQueue.createTailer())
        {
            return JournalLayout.lastSequence(tailer, EventBatchDecoder.TEMPLATE_ID);
        }
    }

    /**
     * Visits journaled commands with {@code fromSequence <= sequence <= toSequence}, in order.
     *
     * @param visitor gets a reused command, so copy it to keep it.
     * @return the number of commands visited.
     */
    public long forEachCommand(final long fromSequence, final long toSequence, final CommandVisitor visitor)
    {
        checkOpen();
        seek(commandTailer, commandIndexSequences, commandIndexPositions, fromSequence);
        long count = 0;
        while (readCommand(commandTailer, command))
        {
            final long sequence = command.sequence;
            if (sequence > toSequence)
            {
                break;
            }
            if (sequence >= fromSequence)
            {
                visitor.onCommand(command, lastSessionId);
                count++;
            }
        }
        return count;
    }

    /**
     * Replays the journaled events of commands with {@code fromSequence <= sequence <= toSequence} into the
     * listener: for each command {@code onCommandStart}, its events as the engine emitted them, then
     * {@code onCommandComplete}.
     * <p>
     * {@code onCommandStart} gets the journaled command (a reused instance) when the commands queue still holds
     * it, so a listener that reads timestamps or request ids from it works as it did live. When it does not
     * (retention removed it), the command given has only its {@code sequence} set and a null {@code type}, so it
     * is never null.
     *
     * @return the number of commands visited.
     */
    public long forEachEvent(final long fromSequence, final long toSequence, final EngineListener listener)
    {
        checkOpen();
        if (null == eventTailer)
        {
            return 0;
        }
        buildEventIndex();
        seek(eventTailer, eventIndexSequences, eventIndexPositions, fromSequence);
        seek(commandTailer, commandIndexSequences, commandIndexPositions, fromSequence);
        command.clear();
        boolean moreCommands = true;
        long count = 0;
        while (true)
        {
            final int length = readEventRecord();
            if (length < 0)
            {
                break;
            }
            final long sequence = eventDecoder.sequence(buffer, 0, length);
            if (sequence > toSequence)
            {
                break;
            }
            if (sequence < fromSequence)
            {
                continue;
            }
            while (moreCommands && command.sequence < sequence)
            {
                moreCommands = readCommand(commandTailer, command);
            }
            final EngineCommand start;
            if (command.sequence == sequence && null != command.type)
            {
                start = command;
            }
            else
            {
                start = bareCommand.clear();
                bareCommand.sequence = sequence;
            }
            listener.onCommandStart(start);
            eventDecoder.decode(buffer, 0, length, listener);
            listener.onCommandComplete(sequence);
            count++;
        }
        return count;
    }

    /**
     * Visits the raw event record of each command with {@code fromSequence <= sequence <= toSequence}: the bytes
     * {@link EventEncoder} made, starting with the {@code EventBatch} message.
     *
     * @return the number of records visited.
     */
    public long forEachEventRecord(final long fromSequence, final long toSequence, final EventRecordVisitor visitor)
    {
        checkOpen();
        if (null == eventTailer)
        {
            return 0;
        }
        buildEventIndex();
        seek(eventTailer, eventIndexSequences, eventIndexPositions, fromSequence);
        long count = 0;
        while (true)
        {
            final int length = readEventRecord();
            if (length < 0)
            {
                break;
            }
            final long sequence = eventDecoder.sequence(buffer, 0, length);
            if (sequence > toSequence)
            {
                break;
            }
            if (sequence >= fromSequence)
            {
                visitor.onRecord(sequence, buffer, 0, length);
                count++;
            }
        }
        return count;
    }

    /**
     * Builds a fresh engine with the journaled instruments and processes every journaled command with a sequence
     * up to {@code toSequence}, in order, sending its events to the listener.
     * <p>
     * Deterministic replay needs the journal to start at the engine's first command: after retention removed
     * earlier cycles, start from a snapshot instead.
     *
     * @param bookFactory makes each instrument's book (fast or reference).
     * @param listener    gets every event of the replay.
     * @return the engine, in the state it had after {@code toSequence}.
     */
    public MatchingEngine replayTo(
        final long toSequence, final Function<Instrument, OrderBook> bookFactory, final EngineListener listener)
    {
        checkOpen();
        final MatchingEngine engine = new MatchingEngine(bookFactory, listener);
        for (final Instrument instrument : instruments.values())
        {
            engine.addInstrument(instrument);
        }
        forEachCommand(Long.MIN_VALUE, toSequence, (command, sessionId) -> engine.process(command));
        return engine;
    }

    /**
     * Closes the queues; idempotent.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            CloseHelper.quietCloseAll(commandTailer, tailTailer, eventTailer, commandsQueue, eventsQueue);
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("journal reader is closed: " + journalDir);
        }
    }

    private static boolean hasCycleFiles(final Path dir)
    {
        if (!Files.isDirectory(dir))
        {
            return false;
        }
        try (Stream<Path> files = Files.list(dir))
        {
            return files.anyMatch((file) -> file.getFileName().toString().endsWith(JournalLayout.CYCLE_FILE_SUFFIX));
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot list " + dir, ex);
        }
    }

    /**
     * One pass over the commands queue, header and sequence only, decoding instrument definitions.
     */
    private void scanCommands()
    {
        commandIndexSequences.clear();
        commandIndexPositions.clear();
        instruments.clear();
        firstSequence = 0;
        final ExcerptTailer tailer = commandTailer.toStart();
        long commands = 0;
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                if (!dc.isData())
                {
                    continue;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int templateId = JournalLayout.templateId(bytes);
                if (CommandDecoder.TEMPLATE_ID == templateId)
                {
                    final long sequence = JournalLayout.sequence(bytes);
                    if (0 == commands)
                    {
                        firstSequence = sequence;
                    }
                    if (0 == commands % SPARSE_INDEX_INTERVAL)
                    {
                        commandIndexSequences.addLong(sequence);
                        commandIndexPositions.addLong(dc.index());
                    }
                    commands++;
                }
                else if (InstrumentDefinitionDecoder.TEMPLATE_ID == templateId)
                {
                    final int length = JournalLayout.copy(bytes, commandBuffer);
                    final Instrument instrument = decodeDefinition(length);
                    instruments.put(instrument.id(), instrument);
                }
            }
        }
        tailer.toStart();
    }

    private void buildEventIndex()
    {
        if (eventIndexBuilt)
        {
            return;
        }
        eventIndexBuilt = true;
        final ExcerptTailer tailer = eventTailer.toStart();
        long records = 0;
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                if (dc.isData() && EventBatchDecoder.TEMPLATE_ID == JournalLayout.templateId(dc.wire().bytes()))
                {
                    if (0 == records % SPARSE_INDEX_INTERVAL)
                    {
                        eventIndexSequences.addLong(JournalLayout.sequence(dc.wire().bytes()));
                        eventIndexPositions.addLong(dc.index());
                    }
                    records++;
                }
            }
        }
        tailer.toStart();
    }

    /**
     * Positions the tailer at the last indexed excerpt with a sequence at or before {@code fromSequence}, or at the
     * start; what lies before {@code fromSequence} after it is skipped by the caller.
     */
    private static void seek(
        final ExcerptTailer tailer, final LongArrayList sequences, final LongArrayList positions, final long from)
    {
        int low = 0;
        int high = sequences.size() - 1;
        int found = -1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (sequences.getLong(mid) <= from)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        if (found < 0 || !tailer.moveToIndex(positions.getLong(found)))
        {
            tailer.toStart();
        }
    }

    /**
     * Reads the next {@code Command} excerpt into the holder, skipping instrument definitions.
     *
     * @return false at the end of the queue.
     */
    private boolean readCommand(final ExcerptTailer tailer, final EngineCommand command)
    {
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return false;
                }
                if (!dc.isData())
                {
                    continue;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                if (JournalLayout.templateId(bytes) != CommandDecoder.TEMPLATE_ID)
                {
                    continue;
                }
                JournalLayout.copy(bytes, commandBuffer);
            }
            decodeCommand(command);
            return true;
        }
    }

    /**
     * @return the length of the next event record, copied into the buffer, or -1 at the end of the queue.
     */
    private int readEventRecord()
    {
        while (true)
        {
            try (DocumentContext dc = eventTailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return -1;
                }
                if (dc.isData())
                {
                    final Bytes<?> bytes = dc.wire().bytes();
                    if (JournalLayout.templateId(bytes) == EventBatchDecoder.TEMPLATE_ID)
                    {
                        return JournalLayout.copy(bytes, buffer);
                    }
                }
            }
        }
    }

    private void decodeCommand(final EngineCommand command)
    {
        headerDecoder.wrap(commandBuffer, 0);
        final CommandDecoder d = commandDecoder.wrap(
            commandBuffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        command.sequence = d.sequence();
        command.timestampNs = d.timestampNs();
        lastSessionId = d.sessionId();
        command.type = JournalEnums.commandType(d.commandTypeRaw());
        command.instrumentId = d.instrumentId();
        command.accountId = d.accountId();
        command.clientOrderId = d.clientOrderId();
        command.orderId = d.orderId();
        command.newClientOrderId = d.newClientOrderId();
        command.requestId = d.requestId();
        command.side = JournalEnums.side(d.sideRaw());
        command.orderType = JournalEnums.orderType(d.orderTypeRaw());
        command.timeInForce = JournalEnums.timeInForce(d.timeInForceRaw());
        command.stpMode = JournalEnums.stpMode(d.stpModeRaw());
        command.postOnly = 1 == d.postOnlyRaw();
        command.price = d.price();
        command.quantity = d.quantity();
    }

    private Instrument decodeDefinition(final int length)
    {
        headerDecoder.wrap(commandBuffer, 0);
        final InstrumentDefinitionDecoder d = definitionDecoder.wrap(
            commandBuffer, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        final int id = d.instrumentId();
        final long tickSize = d.tickSize();
        final long lotSize = d.lotSize();
        final int priceExponent = d.priceExponent();
        final long bandBps = d.bandBps();
        final long maxOrderQuantity = d.maxOrderQuantity();
        final long referencePrice = d.referencePrice();
        final String symbol = d.symbol();
        if (MessageHeaderDecoder.ENCODED_LENGTH + d.encodedLength() > length)
        {
            throw new IllegalStateException("instrument definition truncated: " + symbol);
        }
        return new Instrument(id, symbol, tickSize, lotSize, priceExponent, bandBps, maxOrderQuantity, referencePrice);
    }
}
