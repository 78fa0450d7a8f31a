package io.ringbook.journal;

import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.ErrorHandler;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * Where and how the journal is written. Each setting defaults from a system property, in the style of Aeron's
 * {@code Configuration} + {@code Context}: fluent setters, validated by {@link #conclude()}, which
 * {@link JournalWriter#open(JournalConfig)} calls.
 */
public final class JournalConfig
{
    /** Journal directory; it holds {@code commands/}, {@code events/} and {@code snapshots/}. */
    public static final String DIR_PROP_NAME = "ringbook.journal.dir";
    public static final String DIR_DEFAULT = "journal";

    /** A {@link RollCycles} name, e.g. {@code FAST_DAILY} or {@code FAST_HOURLY}. */
    public static final String ROLL_CYCLE_PROP_NAME = "ringbook.journal.roll.cycle";
    public static final String ROLL_CYCLE_DEFAULT = "FAST_DAILY";

    /** Cycle files to keep per queue, the current one included; {@value #KEEP_FOREVER} keeps every one. */
    public static final String RETENTION_CYCLES_PROP_NAME = "ringbook.journal.retention.cycles";
    public static final int KEEP_FOREVER = -1;
    public static final int RETENTION_CYCLES_DEFAULT = KEEP_FOREVER;

    /** Where old cycle files go instead of being deleted; empty to delete them. */
    public static final String ARCHIVE_DIR_PROP_NAME = "ringbook.journal.archive.dir";
    public static final String ARCHIVE_DIR_DEFAULT = "";

    private Path dir = Paths.get(System.getProperty(DIR_PROP_NAME, DIR_DEFAULT));
    private RollCycle rollCycle = rollCycle(System.getProperty(ROLL_CYCLE_PROP_NAME, ROLL_CYCLE_DEFAULT));
    private int retentionCycles = Integer.getInteger(RETENTION_CYCLES_PROP_NAME, RETENTION_CYCLES_DEFAULT);
    private Path archiveDir = archiveDir(System.getProperty(ARCHIVE_DIR_PROP_NAME, ARCHIVE_DIR_DEFAULT));
    private ErrorHandler errorHandler = Throwable::printStackTrace;
    private TimeProvider timeProvider = SystemTimeProvider.INSTANCE;

    /**
     * @param name of one of {@link RollCycles}, case-insensitive.
     * @return the roll cycle.
     * @throws IllegalArgumentException naming the valid ones.
     */
    public static RollCycle rollCycle(final String name)
    {
        for (final RollCycles cycle : RollCycles.values())
        {
            if (cycle.name().equalsIgnoreCase(name.trim()))
            {
                return cycle;
            }
        }
        throw new IllegalArgumentException("unknown roll cycle " + name + ", e.g. FAST_DAILY or FAST_HOURLY");
    }

    private static Path archiveDir(final String value)
    {
        return value.isBlank() ? null : Paths.get(value);
    }

    /**
     * Checks the settings; called by {@link JournalWriter#open(JournalConfig)}.
     *
     * @return this.
     */
    public JournalConfig conclude()
    {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(rollCycle, "rollCycle");
        Objects.requireNonNull(errorHandler, "errorHandler");
        Objects.requireNonNull(timeProvider, "timeProvider");
        if (retentionCycles != KEEP_FOREVER && retentionCycles < 1)
        {
            throw new IllegalArgumentException(
                "retentionCycles must be at least 1 (the current cycle) or -1 (forever): " + retentionCycles);
        }
        if (null != archiveDir && archiveDir.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize()))
        {
            throw new IllegalArgumentException("archive dir must be outside the journal dir: " + archiveDir);
        }
        return this;
    }

    public Path dir()
    {
        return dir;
    }

    public JournalConfig dir(final Path dir)
    {
        this.dir = dir;
        return this;
    }

    public RollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * Applies to a new journal only: an existing queue keeps the roll cycle recorded in its metadata.
     */
    public JournalConfig rollCycle(final RollCycle rollCycle)
    {
        this.rollCycle = rollCycle;
        return this;
    }

    public int retentionCycles()
    {
        return retentionCycles;
    }

    /**
     * @param retentionCycles cycle files to keep per queue, the current one included, or {@value #KEEP_FOREVER}.
     */
    public JournalConfig retentionCycles(final int retentionCycles)
    {
        this.retentionCycles = retentionCycles;
        return this;
    }

    public Path archiveDir()
    {
        return archiveDir;
    }

    /**
     * @param archiveDir where cycle files past retention are moved (into {@code commands/} and {@code events/}
     *                   below it), or null to delete them.
     */
    public JournalConfig archiveDir(final Path archiveDir)
    {
        this.archiveDir = archiveDir;
        return this;
    }

    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param errorHandler gets the exception behind the first failure of each run of failed appends (the count
     *                     has them all), so a full disk does not flood an error log.
     */
    public JournalConfig errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    public TimeProvider timeProvider()
    {
        return timeProvider;
    }

    /**
     * @param timeProvider the clock that picks the cycle a write goes to; tests set one to roll on demand.
     */
    public JournalConfig timeProvider(final TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        return this;
    }

    public String toString()
    {
        return "JournalConfig{dir=" + dir + ", rollCycle=" + rollCycle + ", retentionCycles=" + retentionCycles +
            ", archiveDir=" + archiveDir + '}';
    }
}
