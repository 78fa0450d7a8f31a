package io.ringbook.engine.telemetry;

import io.ringbook.engine.CommandType;
import io.ringbook.engine.RejectReason;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.SystemUtil;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import static io.ringbook.engine.telemetry.StatFileDescriptor.START_TIMESTAMP_OFFSET;
import static io.ringbook.engine.telemetry.StatFileDescriptor.VERSION;
import static io.ringbook.engine.telemetry.StatFileDescriptor.VERSION_OFFSET;

/**
 * The engine process's counters and distinct error log, in a memory-mapped file that another process reads live
 * ({@code ringbook stat}), so an operator can watch a running engine, or read a dead one's last state, without
 * attaching to it. Modelled on Aeron's CnC file: the layout is {@link StatFileDescriptor}.
 * <p>
 * Counters are Agrona {@link AtomicCounter}s allocated at launch, one per {@link EngineCounter} and one per
 * {@link RejectReason}; incrementing one is a single atomic write to the mapping and allocates nothing, so they can be
 * kept in fields and used on the hot path. Other modules allocate their own with {@link #newCounter(int, String)}:
 * a new counter needs no change to the file format.
 * <p>
 * Lifecycle: {@link #launch(Context)} replaces a stale file (refusing one a live engine still heartbeats);
 * {@link #close()} marks the file closed and leaves it for post-mortem reading.
 */
public final class EngineTelemetry implements AutoCloseable
{
    private final Path file;
    private final long pid;
    private final EpochClock epochClock;
    private final UnsafeBuffer header;
    private final CountersManager countersManager;
    private final AtomicCounter[] counters;
    private final AtomicCounter[] rejectCounters;
    private final ErrorHandler errorHandler;
    private volatile boolean closed;

    private EngineTelemetry(final Context ctx)
    {
        file = ctx.dir().resolve(StatFileDescriptor.FILE_NAME);
        pid = ProcessHandle.current().pid();
        epochClock = ctx.epochClock();
        replaceStaleFile(file, ctx);

        final int valuesLength = ctx.countersValuesBufferLength();
        final int metadataLength = StatFileDescriptor.countersMetadataLength(valuesLength);
        final int errorLogLength = ctx.errorBufferLength();
        final int metadataOffset = HEADER_LENGTH;
        final int valuesOffset = metadataOffset + metadataLength;
        final int errorLogOffset = valuesOffset + valuesLength;
        final long fileLength = StatFileDescriptor.fileLength(valuesLength, errorLogLength);

        // Zero-filled on creation, which also faults the pages in before the hot path first touches them.
        final MappedByteBuffer mapped = IoUtil.mapNewFile(file.toFile(), fileLength, true);
        try
        {
            header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
            final long startMs = epochClock.time();
            header.putInt(MAGIC_OFFSET, MAGIC);
            header.putLong(PID_OFFSET, pid);
            header.putLong(START_TIMESTAMP_OFFSET, startMs);
            header.putInt(COUNTERS_METADATA_OFFSET_OFFSET, metadataOffset);
            header.putInt(COUNTERS_METADATA_LENGTH_OFFSET, metadataLength);
            header.putInt(COUNTERS_VALUES_OFFSET_OFFSET, valuesOffset);
            header.putInt(COUNTERS_VALUES_LENGTH_OFFSET, valuesLength);
            header.putInt(ERROR_LOG_OFFSET_OFFSET, errorLogOffset);
            header.putInt(ERROR_LOG_LENGTH_OFFSET, errorLogLength);
            header.putLong(HEARTBEAT_TIMESTAMP_OFFSET, startMs);

            countersManager = new CountersManager(
                new UnsafeBuffer(mapped, metadataOffset, metadataLength),
                new UnsafeBuffer(mapped, valuesOffset, valuesLength),
                StandardCharsets.US_ASCII);

            final EngineCounter[] engineCounters = EngineCounter.values();
            counters = new AtomicCounter[engineCounters.length];
            for (final EngineCounter counter : engineCounters)
            {
                counters[counter.ordinal()] = countersManager.newCounter(counter.label(), counter.typeId());
            }
            final RejectReason[] reasons = RejectReason.values();
            rejectCounters = new AtomicCounter[reasons.length];
            for (final RejectReason reason : reasons)
            {
                rejectCounters[reason.ordinal()] = countersManager.newCounter(
                    EngineCounter.REJECT_REASON_LABEL_PREFIX + reason.name(),
                    EngineCounter.REJECT_REASON_TYPE_ID,
                    key -> key.putInt(0, reason.ordinal()));
            }

            final DistinctErrorLog errorLog =
                new DistinctErrorLog(new UnsafeBuffer(mapped, errorLogOffset, errorLogLength), epochClock);
            errorHandler = new CountedErrorHandler(
                errorLog, counters[EngineCounter.ERRORS.ordinal()], ctx.printErrorsToStderr(), ctx.stderr());

            // Last, so a reader that sees the version sees a complete file with every engine counter in it.
            header.putIntRelease(VERSION_OFFSET, VERSION);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    /**
     * Create the telemetry file and the engine's counters.
     *
     * @param ctx configuration; concluded here.
     * @return the telemetry, open until {@link #close()}.
     * @throws TelemetryFileException when a live engine still uses the file.
     */
    public static EngineTelemetry launch(final Context ctx)
    {
        ctx.conclude();
        return new EngineTelemetry(ctx);
    }

    private static void replaceStaleFile(final Path file, final Context ctx)
    {
        if (!Files.exists(file))
        {
            return;
        }
        String liveEngine = null;
        try (TelemetryReader existing = TelemetryReader.openFile(file))
        {
            final long nowMs = ctx.epochClock().time();
            if (existing.isEngineRunning(nowMs, ctx.livenessTimeoutMs()) && isAlive(existing.pid()))
            {
                liveEngine = "an engine (pid " + existing.pid() + ") is running in " + ctx.dir() +
                    ": its heartbeat is " + existing.heartbeatAgeMs(nowMs) + " ms old";
            }
        }
        catch (final TelemetryFileException ex)
        {
            // Not a readable stat file of this version: nothing can be using it.
        }
        if (liveEngine != null)
        {
            throw new TelemetryFileException(liveEngine);
        }
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete stale " + file, ex);
        }
    }

    private static boolean isAlive(final long pid)
    {
        // A pid missing from this pid namespace counts as dead: a stale file left by a crash.
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * A counter for the engine to update; keep it in a field on the hot path.
     *
     * @param counter which one.
     * @return the counter, the same instance on every call.
     */
    public AtomicCounter counter(final EngineCounter counter)
    {
        return counters[counter.ordinal()];
    }

    /**
     * The counter of rejects for one reason, so operators see why commands are rejected, not only how many.
     *
     * @param reason which reason.
     * @return the counter, the same instance on every call.
     */
    public AtomicCounter rejectCounter(final RejectReason reason)
    {
        return rejectCounters[reason.ordinal()];
    }

    /**
     * Count one reject in the total for its command type and in its reason's counter, keeping
     * {@code order rejects + cancel rejects == sum of rejects by reason}. For the matcher thread alone: the increments
     * are single-writer (release stores, no locked instruction). Allocates nothing.
     *
     * @param commandType the rejected command: a new order counts in {@link EngineCounter#ORDER_REJECTS}, a cancel or
     *                    replace in {@link EngineCounter#CANCEL_REJECTS}.
     * @param reason      why.
     */
    public void onReject(final CommandType commandType, final RejectReason reason)
    {
        final EngineCounter total =
            commandType == CommandType.NEW_ORDER ? EngineCounter.ORDER_REJECTS : EngineCounter.CANCEL_REJECTS;
        counters[total.ordinal()].incrementRelease();
        rejectCounters[reason.ordinal()].incrementRelease();
    }

    /**
     * Allocate a counter in the file for another module (journal, feed, gateway), so it shows in {@code ringbook stat}
     * beside the engine's. Closing the returned counter frees its slot. Call at startup: allocation is not for the
     * hot path, and freeing is not synchronised with it.
     *
     * @param typeId a type id in the caller's range, at least {@link EngineCounter#FIRST_MODULE_TYPE_ID}.
     * @param label  what an operator sees, ASCII, at most {@link CountersReader#MAX_LABEL_LENGTH} bytes.
     * @return the new counter, starting at 0.
     * @throws IllegalArgumentException when the type id is in the engine's range.
     * @throws IllegalStateException    when the counters region is full (raise the values buffer length).
     */
    public synchronized AtomicCounter newCounter(final int typeId, final String label)
    {
        if (typeId < EngineCounter.FIRST_MODULE_TYPE_ID)
        {
            throw new IllegalArgumentException("type ids below " + EngineCounter.FIRST_MODULE_TYPE_ID +
                " are the engine's: " + typeId);
        }
        return countersManager.newCounter(Objects.requireNonNull(label, "label"), typeId);
    }

    /**
     * The error handler for every engine thread: it counts each error in {@link EngineCounter#ERRORS}, records
     * distinct ones (by stack trace) in the file's error log with their observation count and first and last times,
     * and never throws. When the log is full the error is still counted and printed to stderr.
     *
     * @return the handler, safe to call from any thread.
     */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * Tell readers the engine is alive. Call about once a second from a duty cycle, with its cached clock; a reader
     * reports the engine as not running when the heartbeat is older than a few seconds.
     *
     * @param nowMs epoch milliseconds.
     */
    public void updateHeartbeat(final long nowMs)
    {
        header.putLongRelease(HEARTBEAT_TIMESTAMP_OFFSET, nowMs);
    }

    /**
     * @return the counters as this process sees them, e.g. for tests or an in-process report.
     */
    public CountersReader countersReader()
    {
        return countersManager;
    }

    /**
     * @return the telemetry file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the process id written to the file.
     */
    public long pid()
    {
        return pid;
    }

    /**
     * @return true once {@link #close()} has run.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Mark the file closed, with the time, and leave it on disk so the last counters and errors can still be read.
     * <p>
     * The mapping is deliberately not unmapped: a thread that still holds a counter or the error handler after close
     * (a late error during shutdown, say) would otherwise write to unmapped memory and crash the JVM. The mapping goes
     * when the last counter is unreachable, and writes after close stay visible to post-mortem readers.
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            header.putLong(CLOSE_TIMESTAMP_OFFSET, epochClock.time());
            header.putIntRelease(CLOSED_OFFSET, 1);
        }
    }

    public String toString()
    {
        return "EngineTelemetry{file=" + file + ", pid=" + pid + ", closed=" + closed + '}';
    }

    /**
     * Counts every error, records it in the distinct log, prints it when asked to or when the log has no room.
     */
    private static final class CountedErrorHandler implements ErrorHandler
    {
        private final DistinctErrorLog log;
        private final AtomicCounter errors;
        private final boolean printAll;
        private final PrintStream stderr;

        CountedErrorHandler(
            final DistinctErrorLog log, final AtomicCounter errors, final boolean printAll, final PrintStream stderr)
        {
            this.log = log;
            this.errors = errors;
            this.printAll = printAll;
            this.stderr = stderr;
        }

        public void onError(final Throwable throwable)
        {
            try
            {
                errors.increment();
                final boolean recorded = log.record(throwable);
                if (!recorded)
                {
                    stderr.println("ringbook: the error log in the stat file is full; this error is counted only:");
                }
                if (!recorded || printAll)
                {
                    throwable.printStackTrace(stderr);
                }
            }
            catch (final Throwable another)
            {
                // An error handler that throws would kill the agent it serves; report what can be reported.
                try
                {
                    stderr.println("ringbook: error handler failed on " + throwable + ": " + another);
                }
                catch (final Throwable ignore)
                {
                    // Nothing left to report to.
                }
            }
        }
    }

    /**
     * System properties and defaults for {@link Context}.
     */
    public static final class Configuration
    {
        /**
         * Directory of the stat file; the engine and {@code ringbook stat} must agree on it.
         */
        public static final String DIR_PROP_NAME = "ringbook.telemetry.dir";

        /**
         * {@code /dev/shm/ringbook-<user>} on Linux (memory-backed: no page write-back stalls the hot path), else
         * {@code <java.io.tmpdir>/ringbook-<user>}.
         */
        public static final String DIR_DEFAULT;

        /**
         * Length of the counters values region; the metadata region is four times it.
         */
        public static final String COUNTERS_VALUES_BUFFER_LENGTH_PROP_NAME =
            "ringbook.telemetry.counters.values.buffer.length";

        /**
         * Room for 1024 counters (128 bytes each, one per cache-line pair against false sharing).
         */
        public static final int COUNTERS_VALUES_BUFFER_LENGTH_DEFAULT = 1024 * CountersReader.COUNTER_LENGTH;

        /**
         * Length of the distinct error log region.
         */
        public static final String ERROR_BUFFER_LENGTH_PROP_NAME = "ringbook.telemetry.error.buffer.length";

        /**
         * 1 MiB: hundreds of distinct stack traces; repeats only bump a count.
         */
        public static final int ERROR_BUFFER_LENGTH_DEFAULT = 1024 * 1024;

        /**
         * Whether errors also go to stderr as they happen, for logs collected from stderr.
         */
        public static final String PRINT_ERRORS_TO_STDERR_PROP_NAME = "ringbook.telemetry.print.errors.to.stderr";

        /**
         * Errors are rare (they mean a bug), so printing them costs nothing in steady state.
         */
        public static final boolean PRINT_ERRORS_TO_STDERR_DEFAULT = true;

        /**
         * A heartbeat older than this means the engine is not running (for a reader, and for a launch that finds
         * an existing file).
         */
        public static final String LIVENESS_TIMEOUT_MS_PROP_NAME = "ringbook.telemetry.liveness.timeout.ms";

        /**
         * Five heartbeats at the once-a-second rate the engine is meant to keep.
         */
        public static final long LIVENESS_TIMEOUT_MS_DEFAULT = 5_000;

        static
        {
            final String base = SystemUtil.isLinux() && new File("/dev/shm").isDirectory() ?
                "/dev/shm" : IoUtil.tmpDirName();
            DIR_DEFAULT = new File(base, "ringbook-" + System.getProperty("user.name", "default")).getPath();
        }

        private Configuration()
        {
        }

        /**
         * @return {@link #DIR_PROP_NAME} or {@link #DIR_DEFAULT}.
         */
        public static Path dir()
        {
            return Path.of(System.getProperty(DIR_PROP_NAME, DIR_DEFAULT));
        }

        /**
         * @return {@link #COUNTERS_VALUES_BUFFER_LENGTH_PROP_NAME} (with k/m/g suffixes) or the default.
         */
        public static int countersValuesBufferLength()
        {
            return SystemUtil.getSizeAsInt(
                COUNTERS_VALUES_BUFFER_LENGTH_PROP_NAME, COUNTERS_VALUES_BUFFER_LENGTH_DEFAULT);
        }

        /**
         * @return {@link #ERROR_BUFFER_LENGTH_PROP_NAME} (with k/m/g suffixes) or the default.
         */
        public static int errorBufferLength()
        {
            return SystemUtil.getSizeAsInt(ERROR_BUFFER_LENGTH_PROP_NAME, ERROR_BUFFER_LENGTH_DEFAULT);
        }

        /**
         * @return {@link #PRINT_ERRORS_TO_STDERR_PROP_NAME} or the default.
         */
        public static boolean printErrorsToStderr()
        {
            final String value = System.getProperty(PRINT_ERRORS_TO_STDERR_PROP_NAME);
            return value == null ? PRINT_ERRORS_TO_STDERR_DEFAULT : Boolean.parseBoolean(value);
        }

        /**
         * @return {@link #LIVENESS_TIMEOUT_MS_PROP_NAME} or the default.
         */
        public static long livenessTimeoutMs()
        {
            return Long.getLong(LIVENESS_TIMEOUT_MS_PROP_NAME, LIVENESS_TIMEOUT_MS_DEFAULT);
        }
    }

    /**
     * Telemetry configuration, defaulting from {@link Configuration}; validated by {@link #conclude()}.
     */
    public static final class Context
    {
        /**
         * Upper bound on the values region, which keeps the whole file (5x this plus the error log) within an int.
         */
        public static final int MAX_COUNTERS_VALUES_BUFFER_LENGTH = 64 * 1024 * 1024;

        /**
         * Upper bound on the error log region.
         */
        public static final int MAX_ERROR_BUFFER_LENGTH = 1024 * 1024 * 1024;

        private Path dir;
        private int countersValuesBufferLength = Configuration.countersValuesBufferLength();
        private int errorBufferLength = Configuration.errorBufferLength();
        private EpochClock epochClock;
        private boolean printErrorsToStderr = Configuration.printErrorsToStderr();
        private PrintStream stderr;
        private long livenessTimeoutMs = Configuration.livenessTimeoutMs();

        /**
         * Check the settings, fill in the defaults and create the directory.
         *
         * @return this.
         * @throws IllegalArgumentException for a setting out of range.
         * @throws UncheckedIOException     when the directory cannot be created.
         */
        public Context conclude()
        {
            if (dir == null)
            {
                dir = Configuration.dir();
            }
            final int minValuesLength = (EngineCounter.values().length + RejectReason.values().length) *
                CountersReader.COUNTER_LENGTH;
            if (countersValuesBufferLength < minValuesLength ||
                countersValuesBufferLength > MAX_COUNTERS_VALUES_BUFFER_LENGTH ||
                countersValuesBufferLength % CountersReader.COUNTER_LENGTH != 0)
            {
                throw new IllegalArgumentException("countersValuesBufferLength must be a multiple of " +
                    CountersReader.COUNTER_LENGTH + " from " + minValuesLength + " (the engine's own counters) to " +
                    MAX_COUNTERS_VALUES_BUFFER_LENGTH + ": " + countersValuesBufferLength);
            }
            if (errorBufferLength < IoUtil.BLOCK_SIZE || errorBufferLength > MAX_ERROR_BUFFER_LENGTH ||
                errorBufferLength % StatFileDescriptor.REGION_ALIGNMENT != 0)
            {
                throw new IllegalArgumentException("errorBufferLength must be a multiple of " +
                    StatFileDescriptor.REGION_ALIGNMENT + " from " + IoUtil.BLOCK_SIZE + " to " +
                    MAX_ERROR_BUFFER_LENGTH + ": " + errorBufferLength);
            }
            if (livenessTimeoutMs <= 0)
            {
                throw new IllegalArgumentException("livenessTimeoutMs must be positive: " + livenessTimeoutMs);
            }
            if (epochClock == null)
            {
                epochClock = SystemEpochClock.INSTANCE;
            }
            if (stderr == null)
            {
                stderr = System.err;
            }
            try
            {
                Files.createDirectories(dir);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot create telemetry directory " + dir, ex);
            }
            return this;
        }

        /**
         * @param dir directory of {@value StatFileDescriptor#FILE_NAME}; created if missing.
         * @return this.
         */
        public Context dir(final Path dir)
        {
            this.dir = dir;
            return this;
        }

        /**
         * @return directory of the stat file.
         */
        public Path dir()
        {
            return dir;
        }

        /**
         * @param length bytes for counter values, 128 per counter; the metadata region is four times this.
         * @return this.
         */
        public Context countersValuesBufferLength(final int length)
        {
            this.countersValuesBufferLength = length;
            return this;
        }

        /**
         * @return bytes for counter values.
         */
        public int countersValuesBufferLength()
        {
            return countersValuesBufferLength;
        }

        /**
         * @param length bytes for the distinct error log.
         * @return this.
         */
        public Context errorBufferLength(final int length)
        {
            this.errorBufferLength = length;
            return this;
        }

        /**
         * @return bytes for the distinct error log.
         */
        public int errorBufferLength()
        {
            return errorBufferLength;
        }

        /**
         * @param epochClock for the start, close and error timestamps.
         * @return this.
         */
        public Context epochClock(final EpochClock epochClock)
        {
            this.epochClock = epochClock;
            return this;
        }

        /**
         * @return the clock for timestamps.
         */
        public EpochClock epochClock()
        {
            return epochClock;
        }

        /**
         * @param print whether every error is also printed to {@link #stderr()} as it happens (errors that do not
         *              fit in the log always are).
         * @return this.
         */
        public Context printErrorsToStderr(final boolean print)
        {
            this.printErrorsToStderr = print;
            return this;
        }

        /**
         * @return whether every error is also printed.
         */
        public boolean printErrorsToStderr()
        {
            return printErrorsToStderr;
        }

        /**
         * @param stderr where printed errors go; {@link System#err} by default, replaceable to capture them.
         * @return this.
         */
        public Context stderr(final PrintStream stderr)
        {
            this.stderr = stderr;
            return this;
        }

        /**
         * @return where printed errors go.
         */
        public PrintStream stderr()
        {
            return stderr;
        }

        /**
         * @param timeoutMs a file whose heartbeat is younger than this belongs to a live engine, which
         *                  {@link EngineTelemetry#launch(Context)} will not replace.
         * @return this.
         */
        public Context livenessTimeoutMs(final long timeoutMs)
        {
            this.livenessTimeoutMs = timeoutMs;
            return this;
        }

        /**
         * @return the heartbeat age beyond which an engine counts as gone.
         */
        public long livenessTimeoutMs()
        {
            return livenessTimeoutMs;
        }
    }
}
