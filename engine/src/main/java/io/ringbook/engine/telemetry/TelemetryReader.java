package io.ringbook.engine.telemetry;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.ErrorConsumer;
import org.agrona.concurrent.errors.ErrorLogReader;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import static io.ringbook.engine.telemetry.StatFileDescriptor.CLOSED_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.CLOSE_TIMESTAMP_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.COUNTERS_METADATA_LENGTH_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.COUNTERS_METADATA_OFFSET_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.COUNTERS_VALUES_LENGTH_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.COUNTERS_VALUES_OFFSET_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.ERROR_LOG_LENGTH_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.ERROR_LOG_OFFSET_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.HEADER_LENGTH;
import static io.ringbook.engine.telemetry.StatFileDescriptor.HEARTBEAT_TIMESTAMP_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.MAGIC;
import static io.ringbook.engine.telemetry.StatFileDescriptor.MAGIC_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.PID_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.REGION_ALIGNMENT;
import static io.ringbook.engine.telemetry.StatFileDescriptor.START_TIMESTAMP_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.VERSION;
import static io.ringbook.engine.telemetry.StatFileDescriptor.VERSION_OFFSET;

/**
 * Reads an engine's stat file from another process (or a test): maps it read-only, so reading can never disturb the
 * engine, and sees counters change live. Validates the file on open and fails with one operator-readable line.
 * Like Aeron's {@code AeronStat}/{@code ErrorStat} over the CnC file. Not thread-safe; close it to unmap.
 */
public final class TelemetryReader implements AutoCloseable
{
    /**
     * Receives one counter's state.
     */
    @FunctionalInterface
    public interface CounterConsumer
    {
        /**
         * @param counterId the counter's slot in the file.
         * @param typeId    its type: an {@link EngineCounter#typeId()}, {@link EngineCounter#REJECT_REASON_TYPE_ID}
         *                  or a module's.
         * @param label     what an operator sees.
         * @param value     its value when read.
         */
        void accept(int counterId, int typeId, String label, long value);
    }

    private final Path file;
    private final Object fileKey;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private final CountersReader countersReader;
    private final UnsafeBuffer errorLog;
    private boolean closed;

    private TelemetryReader(final Path file, final Object fileKey, final MappedByteBuffer mapped)
    {
        this.file = file;
        this.fileKey = fileKey;
        this.mapped = mapped;
        final long fileLength = mapped.capacity();
        if (fileLength < HEADER_LENGTH)
        {
            throw new TelemetryFileException(file + " is not a ringbook stat file: " + fileLength + " bytes long");
        }
        header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
        final int version = header.getIntAcquire(VERSION_OFFSET);
        final int magic = header.getInt(MAGIC_OFFSET);
        if (magic != MAGIC && !(magic == 0 && version == 0))
        {
            throw new TelemetryFileException(String.format(
                "%s is not a ringbook stat file: magic 0x%08x, expected 0x%08x", file, magic, MAGIC));
        }
        if (version == 0)
        {
            throw new TelemetryFileException(
                file + " is not initialised: is an engine starting, or did one fail to start?");
        }
        if (version != VERSION)
        {
            throw new TelemetryFileException(file + " has stat file version " + version + "; this ringbook reads " +
                "version " + VERSION + " (use the ringbook build that matches the engine)");
        }

        final int metadataOffset = header.getInt(COUNTERS_METADATA_OFFSET_OFFSET);
        final int metadataLength = header.getInt(COUNTERS_METADATA_LENGTH_OFFSET);
        final int valuesOffset = header.getInt(COUNTERS_VALUES_OFFSET_OFFSET);
        final int valuesLength = header.getInt(COUNTERS_VALUES_LENGTH_OFFSET);
        final int errorLogOffset = header.getInt(ERROR_LOG_OFFSET_OFFSET);
        final int errorLogLength = header.getInt(ERROR_LOG_LENGTH_OFFSET);
        if (!fits(HEADER_LENGTH, metadataOffset, metadataLength, fileLength) ||
            !fits(metadataOffset + metadataLength, valuesOffset, valuesLength, fileLength) ||
            !fits(valuesOffset + valuesLength, errorLogOffset, errorLogLength, fileLength) ||
            metadataLength != StatFileDescriptor.countersMetadataLength(valuesLength))
        {
            throw new TelemetryFileException(file + " is corrupt: its regions (counters metadata " + metadataOffset +
                "+" + metadataLength + ", values " + valuesOffset + "+" + valuesLength + ", error log " +
                errorLogOffset + "+" + errorLogLength + ") do not fit its " + fileLength + " bytes");
        }
        countersReader = new CountersReader(
            new UnsafeBuffer(mapped, metadataOffset, metadataLength),
            new UnsafeBuffer(mapped, valuesOffset, valuesLength),
            StandardCharsets.US_ASCII);
        errorLog = new UnsafeBuffer(mapped, errorLogOffset, errorLogLength);
    }

    private static boolean fits(final long notBefore, final int offset, final int length, final long fileLength)
    {
        return offset >= notBefore && length > 0 && offset % REGION_ALIGNMENT == 0 &&
            length % REGION_ALIGNMENT == 0 && (long)offset + length <= fileLength;
    }

    /**
     * Open the stat file of the engine that uses this directory.
     *
     * @param dir the engine's telemetry directory.
     * @return a reader; close it.
     * @throws TelemetryFileException when the file is missing, unreadable, not a stat file or of another version.
     */
    public static TelemetryReader open(final Path dir)
    {
        return openFile(dir.resolve(StatFileDescriptor.FILE_NAME));
    }

    /**
     * Open a stat file by its path.
     *
     * @param file the stat file.
     * @return a reader; close it.
     * @throws TelemetryFileException when the file is missing, unreadable, not a stat file or of another version.
     */
    public static TelemetryReader openFile(final Path file)
    {
        Objects.requireNonNull(file, "file");
        final MappedByteBuffer mapped;
        final Object fileKey;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            fileKey = identity(file);
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        catch (final NoSuchFileException ex)
        {
            throw new TelemetryFileException("no engine running here? " + file + " not found", ex);
        }
        catch (final IOException ex)
        {
            throw new TelemetryFileException("cannot read " + file + ": " + ex, ex);
        }
        try
        {
            return new TelemetryReader(file, fileKey, mapped);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    private static Object identity(final Path file) throws IOException
    {
        final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        final Object key = attributes.fileKey();
        return key != null ? key : attributes.creationTime();
    }

    /**
     * @return the stat file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the layout version, {@link StatFileDescriptor#VERSION}.
     */
    public int version()
    {
        return header.getInt(VERSION_OFFSET);
    }

    /**
     * @return the engine's process id.
     */
    public long pid()
    {
        return header.getLong(PID_OFFSET);
    }

    /**
     * @return when the engine created the file, epoch ms.
     */
    public long startTimestampMs()
    {
        return header.getLong(START_TIMESTAMP_OFFSET);
    }

    /**
     * @return the engine's last heartbeat, epoch ms.
     */
    public long heartbeatTimestampMs()
    {
        return header.getLongAcquire(HEARTBEAT_TIMESTAMP_OFFSET);
    }

    /**
     * @param nowMs epoch ms.
     * @return how long ago the engine last heartbeated.
     */
    public long heartbeatAgeMs(final long nowMs)
    {
        return nowMs - heartbeatTimestampMs();
    }

    /**
     * @return true once the engine closed its telemetry: the values are its last ones.
     */
    public boolean isClosed()
    {
        return header.getIntAcquire(CLOSED_OFFSET) != 0;
    }

    /**
     * @return when the engine closed its telemetry, epoch ms, or 0 while it is open.
     */
    public long closeTimestampMs()
    {
        return isClosed() ? header.getLong(CLOSE_TIMESTAMP_OFFSET) : 0;
    }

    /**
     * An engine that crashed cannot mark its file closed, so liveness is also judged by the heartbeat's age.
     *
     * @param nowMs             epoch ms.
     * @param livenessTimeoutMs the heartbeat age beyond which the engine counts as gone.
     * @return true when the file is open and the heartbeat recent.
     */
    public boolean isEngineRunning(final long nowMs, final long livenessTimeoutMs)
    {
        return !isClosed() && heartbeatAgeMs(nowMs) <= livenessTimeoutMs;
    }

    /**
     * Whether the path no longer names the mapped file: the engine restarted and replaced it, or it was deleted.
     * A live view should then open the path again.
     *
     * @return true when the file at {@link #file()} is another one or gone.
     */
    public boolean isReplaced()
    {
        try
        {
            return !fileKey.equals(identity(file));
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    /**
     * @return Agrona's view of the counters, for lookups by registration id, key or state.
     */
    public CountersReader countersReader()
    {
        return countersReader;
    }

    /**
     * Visit every allocated counter in id order.
     *
     * @param consumer receives each counter.
     */
    public void forEachCounter(final CounterConsumer consumer)
    {
        countersReader.forEach((counterId, typeId, keyBuffer, label) ->
            consumer.accept(counterId, typeId, label, countersReader.getCounterValue(counterId)));
    }

    /**
     * @param typeId a counter type id.
     * @return the id of the first allocated counter of that type, or {@link CountersReader#NULL_COUNTER_ID}.
     */
    public int findCounterId(final int typeId)
    {
        final int maxId = countersReader.maxCounterId();
        for (int id = 0; id <= maxId; id++)
        {
            final int state = countersReader.getCounterState(id);
            if (state == CountersReader.RECORD_UNUSED)
            {
                break;
            }
            if (state == CountersReader.RECORD_ALLOCATED && countersReader.getCounterTypeId(id) == typeId)
            {
                return id;
            }
        }
        return CountersReader.NULL_COUNTER_ID;
    }

    /**
     * @param counter an engine counter.
     * @return its current value.
     * @throws IllegalStateException when the file has no such counter.
     */
    public long counterValue(final EngineCounter counter)
    {
        final int id = findCounterId(counter.typeId());
        if (id == CountersReader.NULL_COUNTER_ID)
        {
            throw new IllegalStateException(file + " has no counter of type " + counter.typeId());
        }
        return countersReader.getCounterValue(id);
    }

    /**
     * @return true when the engine has recorded at least one error.
     */
    public boolean hasErrors()
    {
        return ErrorLogReader.hasErrors(errorLog);
    }

    /**
     * Read the distinct error log: one call per distinct error, with its observation count, first and last
     * observation times (epoch ms) and the exception text with its stack trace.
     *
     * @param consumer receives each distinct error.
     * @return the number of distinct errors read.
     */
    public int readErrors(final ErrorConsumer consumer)
    {
        return ErrorLogReader.read(errorLog, consumer);
    }

    /**
     * @param consumer         receives each distinct error last observed at or after the time.
     * @param sinceTimestampMs epoch ms.
     * @return the number of distinct errors read.
     */
    public int readErrors(final ErrorConsumer consumer, final long sinceTimestampMs)
    {
        return ErrorLogReader.read(errorLog, consumer, sinceTimestampMs);
    }

    /**
     * Unmap the file. Nothing read from this reader may be used afterwards.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapped);
        }
    }
}
