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
import io.ringbook.journal.snapshot.SnapshotStore;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads a journal written by {@link JournalWriter}: instruments, commands and event records, and replays commands
 * into a fresh {@link MatchingEngine} to any sequence. The queues are opened read-only, so a reader can follow a
 * journal the engine is still writing; ranges simply end at what has been written.
 * <p>
 * Opening reads nothing but the queues' metadata, so it costs the same for a journal of any length. A range starts
 * where a binary search over Chronicle's own indexes puts it (cycle by cycle, then within the cycle, each probe an
 * {@link ExcerptTailer#moveToIndex(long)} and one excerpt read): a few dozen probes, not a scan of what lies before.
 * Instrument definitions are met in the command stream as they were written (each engine run writes them before its
 * first command), so a replay defines instruments as it reaches them; {@link #instruments()} alone scans the whole
 * commands queue, once.
 * <p>
 * Not thread safe: one reader per thread. Sequences are inclusive; every visitor runs on the calling thread and
 * must not keep the objects it is given.
 */
public final class JournalReader implements AutoCloseable
{
    private final Path journalDir;
    private final ChronicleQueue commandsQueue;
    private final ChronicleQueue eventsQueue;
    private final ExcerptTailer commandTailer;
    private final ExcerptTailer eventTailer;
    private final ExcerptTailer tailTailer;
    /** Holds the current excerpt of event records; the next record starts at eventPosition. */
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64 * 1024);
    private int eventPosition;
    private int eventLimit;
    /** Where the record {@link #readEventRecord()} returned starts in the buffer. */
    private int recordOffset;
    /** Holds the current excerpt of commands (or a definition), apart from the events read alongside. */
    private final ExpandableDirectByteBuffer commandBuffer = new ExpandableDirectByteBuffer(64 * 1024);
    private int commandPosition;
    private int commandLimit;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CommandDecoder commandDecoder = new CommandDecoder();
    private final InstrumentDefinitionDecoder definitionDecoder = new InstrumentDefinitionDecoder();
    private final EventDecoder eventDecoder = new EventDecoder();
    private final EngineCommand command = new EngineCommand();
    private final EngineCommand bareCommand = new EngineCommand();
    private final Map<Integer, Instrument> instruments = new TreeMap<>();
    private boolean instrumentsScanned;
    private final List<Instrument> pendingDefinitions = new ArrayList<>();
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
     * Scans the whole commands queue the first time (header only, decoding just the definitions): a replay does not
     * need it, as it defines instruments as it meets them.
     *
     * @return every instrument the journal defines, the last definition per id, ordered by id.
     */
    public List<Instrument> instruments()
    {
        checkOpen();
        if (!instrumentsScanned)
        {
            scanDefinitions();
            instrumentsScanned = true;
        }
        return new ArrayList<>(instruments.values());
    }

    /**
     * @return the sequence of the first journaled command (what retention kept), 0 when there is none.
     */
    public long firstSequence()
    {
        checkOpen();
        commandTailer.toStart();
        resetCommandCursor();
        return readCommand(commandTailer, command, null) ? command.sequence : 0;
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
        seek(commandsQueue, commandTailer, CommandDecoder.TEMPLATE_ID, fromSequence);
        resetCommandCursor();
        pendingDefinitions.clear();
        long count = 0;
        while (readCommand(commandTailer, command, pendingDefinitions))
        {
            final long sequence = command.sequence;
            if (sequence > toSequence)
            {
                break;
            }
            // Definitions take effect with the command after them: one past the range is not the range's.
            for (int i = 0; i < pendingDefinitions.size(); i++)
            {
                visitor.onInstrument(pendingDefinitions.get(i));
            }
            pendingDefinitions.clear();
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
        seek(eventsQueue, eventTailer, EventBatchDecoder.TEMPLATE_ID, fromSequence);
        seek(commandsQueue, commandTailer, CommandDecoder.TEMPLATE_ID, fromSequence);
        resetEventCursor();
        resetCommandCursor();
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
            final long sequence = eventDecoder.sequence(buffer, recordOffset, length);
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
                moreCommands = readCommand(commandTailer, command, null);
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
            eventDecoder.decode(buffer, recordOffset, length, listener);
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
        seek(eventsQueue, eventTailer, EventBatchDecoder.TEMPLATE_ID, fromSequence);
        resetEventCursor();
        long count = 0;
        while (true)
        {
            final int length = readEventRecord();
            if (length < 0)
            {
                break;
            }
            final long sequence = eventDecoder.sequence(buffer, recordOffset, length);
            if (sequence > toSequence)
            {
                break;
            }
            if (sequence >= fromSequence)
            {
                visitor.onRecord(sequence, buffer, recordOffset, length);
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
        forEachCommand(Long.MIN_VALUE, toSequence, new EngineReplay(engine));
        return engine;
    }

    /**
     * The engine's state after {@code toSequence} the quickest way: the newest valid snapshot at or before it (in
     * the journal's {@code snapshots/} directory), then the journaled commands after the snapshot. Without a
     * snapshot this is {@link #replayTo}.
     *
     * @param listener gets the events of the commands replayed after the snapshot (not those before it).
     * @param warnings one line per snapshot skipped as corrupt or truncated.
     * @return the engine, in the state it had after {@code toSequence}.
     */
    public MatchingEngine restoreTo(
        final long toSequence, final Function<Instrument, OrderBook> bookFactory, final EngineListener listener,
        final Consumer<String> warnings)
    {
        checkOpen();
        final MatchingEngine engine = new MatchingEngine(bookFactory, listener);
        final Path snapshotsDir = journalDir.resolve(JournalLayout.SNAPSHOTS_DIR);
        long applied = 0;
        if (Files.isDirectory(snapshotsDir))
        {
            applied = new SnapshotStore(snapshotsDir, warnings).loadLatest(engine, toSequence);
        }
        forEachCommand(applied == SnapshotStore.NO_SNAPSHOT ? Long.MIN_VALUE : applied + 1, toSequence,
            new EngineReplay(engine));
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
     * One pass over the commands queue, header only, decoding instrument definitions.
     */
    private void scanDefinitions()
    {
        instruments.clear();
        final ExcerptTailer tailer = commandTailer.toStart();
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                if (dc.isData() &&
                    InstrumentDefinitionDecoder.TEMPLATE_ID == JournalLayout.templateId(dc.wire().bytes()))
                {
                    final int length = JournalLayout.copy(dc.wire().bytes(), commandBuffer);
                    final Instrument instrument = decodeDefinition(0, length);
                    instruments.put(instrument.id(), instrument);
                }
            }
        }
        tailer.toStart();
        resetCommandCursor();
    }

    /**
     * Positions the tailer before the first excerpt of this template with a sequence at or after {@code from}, by
     * binary search: over the cycles for the last whose first such excerpt is before {@code from}, then within that
     * cycle over excerpt numbers for the last whose next excerpt of the template is before {@code from}. Sequences
     * grow with the excerpt index, and a probe reads forward from an index to the next excerpt of the template
     * (skipping definitions), so "the sequence found from here" is monotonic in the index. Strictly before: the
     * instrument definitions an engine run writes ahead of its first command lie between the position and
     * {@code from}, so a replay meets them. What lies before {@code from} is skipped by the caller.
     */
    private static void seek(
        final ChronicleQueue queue, final ExcerptTailer tailer, final int templateId, final long from)
    {
        tailer.toStart();
        if (!(queue instanceof SingleChronicleQueue single) || Long.MIN_VALUE == from)
        {
            return;
        }
        final RollCycle rollCycle = single.rollCycle();
        final int firstCycle = single.firstCycle();
        final int lastCycle = single.lastCycle();
        if (firstCycle == Integer.MAX_VALUE || lastCycle == Integer.MIN_VALUE)
        {
            return;
        }
        final long[] cycles = single.listCyclesBetween(firstCycle, lastCycle).stream().mapToLong(Long::longValue)
            .toArray();
        // The last cycle whose first excerpt of the template has a sequence at or before from.
        int low = 0;
        int high = cycles.length - 1;
        int cycleFound = -1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long sequence = probe(tailer, rollCycle.toIndex((int)cycles[mid], 0), templateId, (int)cycles[mid]);
            if (sequence < from)
            {
                cycleFound = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        if (cycleFound < 0)
        {
            tailer.toStart();
            return;
        }
        final int cycle = (int)cycles[cycleFound];
        long lowNumber = 0;
        long highNumber = Math.max(0, tailer.excerptsInCycle(cycle) - 1);
        long numberFound = 0;
        while (lowNumber <= highNumber)
        {
            final long mid = (lowNumber + highNumber) >>> 1;
            final long sequence = probe(tailer, rollCycle.toIndex(cycle, mid), templateId, cycle);
            if (sequence < from)
            {
                numberFound = mid;
                lowNumber = mid + 1;
            }
            else
            {
                highNumber = mid - 1;
            }
        }
        if (!tailer.moveToIndex(rollCycle.toIndex(cycle, numberFound)))
        {
            tailer.toStart();
        }
    }

    /**
     * @return the sequence of the first excerpt of the template at or after the index, within its cycle, or
     *         {@link Long#MAX_VALUE} when there is none (so a search treats it as past anything sought).
     */
    private static long probe(final ExcerptTailer tailer, final long index, final int templateId, final int cycle)
    {
        if (!tailer.moveToIndex(index))
        {
            return Long.MAX_VALUE;
        }
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent() || tailer.cycle() != cycle)
                {
                    return Long.MAX_VALUE;
                }
                if (dc.isData())
                {
                    final Bytes<?> bytes = dc.wire().bytes();
                    if (JournalLayout.templateId(bytes) == templateId)
                    {
                        return JournalLayout.sequence(bytes);
                    }
                }
            }
        }
    }

    private void resetCommandCursor()
    {
        commandPosition = 0;
        commandLimit = 0;
    }

    private void resetEventCursor()
    {
        eventPosition = 0;
        eventLimit = 0;
    }

    /**
     * Reads the next {@code Command} message into the holder, from the current excerpt or the next ones; the
     * instrument definitions before it are added to {@code definitions} when that is not null.
     *
     * @return false at the end of the queue.
     */
    private boolean readCommand(
        final ExcerptTailer tailer, final EngineCommand command, final List<Instrument> definitions)
    {
        while (true)
        {
            if (commandPosition >= commandLimit && !nextExcerpt(tailer))
            {
                return false;
            }
            final int templateId = templateIdAt(commandPosition, commandLimit);
            if (CommandDecoder.TEMPLATE_ID == templateId)
            {
                decodeCommand(command, commandPosition, commandLimit);
                commandPosition += MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength();
                return true;
            }
            if (InstrumentDefinitionDecoder.TEMPLATE_ID == templateId && null != definitions)
            {
                definitions.add(decodeDefinition(commandPosition, commandLimit));
            }
            // A definition is alone in its excerpt; anything else this version does not know ends the excerpt.
            commandPosition = commandLimit;
        }
    }

    /**
     * Copies the next data excerpt of the commands queue into the command buffer.
     *
     * @return false at the end of the queue.
     */
    private boolean nextExcerpt(final ExcerptTailer tailer)
    {
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return false;
                }
                if (dc.isData())
                {
                    commandLimit = JournalLayout.copy(dc.wire().bytes(), commandBuffer);
                    commandPosition = 0;
                    return true;
                }
            }
        }
    }

    /**
     * @return the template id of the journal message at the offset of the command buffer, or -1 for anything else.
     */
    private int templateIdAt(final int offset, final int limit)
    {
        if (limit - offset < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return -1;
        }
        headerDecoder.wrap(commandBuffer, offset);
        return headerDecoder.schemaId() == MessageHeaderDecoder.SCHEMA_ID ? headerDecoder.templateId() : -1;
    }

    /**
     * @return the length of the next event record, which starts at {@link #recordOffset} in the buffer, or -1 at
     *         the end of the queue.
     */
    private int readEventRecord()
    {
        while (eventPosition >= eventLimit)
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
                        eventLimit = JournalLayout.copy(bytes, buffer);
                        eventPosition = 0;
                    }
                }
            }
        }
        recordOffset = eventPosition;
        final int length = eventDecoder.recordLength(buffer, eventPosition, eventLimit - eventPosition);
        eventPosition += length;
        return length;
    }

    private void decodeCommand(final EngineCommand command, final int offset, final int limit)
    {
        headerDecoder.wrap(commandBuffer, offset);
        if (offset + MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength() > limit)
        {
            throw new IllegalStateException("journal command truncated at " + offset + " of its excerpt");
        }
        final CommandDecoder d = commandDecoder.wrap(
            commandBuffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
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

    private Instrument decodeDefinition(final int offset, final int limit)
    {
        headerDecoder.wrap(commandBuffer, offset);
        final InstrumentDefinitionDecoder d = definitionDecoder.wrap(
            commandBuffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final int id = d.instrumentId();
        final long tickSize = d.tickSize();
        final long lotSize = d.lotSize();
        final int priceExponent = d.priceExponent();
        final long bandBps = d.bandBps();
        final long maxOrderQuantity = d.maxOrderQuantity();
        final long referencePrice = d.referencePrice();
        final String symbol = d.symbol();
        if (offset + MessageHeaderDecoder.ENCODED_LENGTH + d.encodedLength() > limit)
        {
            throw new IllegalStateException("instrument definition truncated: " + symbol);
        }
        return new Instrument(id, symbol, tickSize, lotSize, priceExponent, bandBps, maxOrderQuantity, referencePrice);
    }
}
