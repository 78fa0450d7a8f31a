package io.ringbook.engine.telemetry;

import org.agrona.concurrent.status.CountersReader;

/**
 * The layout of {@code ringbook-stat.dat}, shared by the writer ({@link EngineTelemetry}) and readers
 * ({@link TelemetryReader}) so the two cannot drift apart; modelled on Aeron's {@code CncFileDescriptor}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                         Magic 'RBST'                          |  0
 *  |                 Version (written last, release)               |  4
 *  |                          Process Id                          ...  8
 *  |                   Start Timestamp (epoch ms)                 ... 16
 *  |                  Counters Metadata Offset                     | 24
 *  |                  Counters Metadata Length                     | 28
 *  |                   Counters Values Offset                      | 32
 *  |                   Counters Values Length                      | 36
 *  |                      Error Log Offset                         | 40
 *  |                      Error Log Length                         | 44
 *  |                 Closed (0 open, 1 closed, release)            | 48
 *  |                          Reserved                             | 52
 *  |                  Close Timestamp (epoch ms)                  ... 56
 *  |          Heartbeat Timestamp (epoch ms, own cache line)      ... 64
 *  |                     Reserved up to 128                       ... 72
 *  +---------------------------------------------------------------+
 *  |                 Counters Metadata (Agrona)                   ... 128
 *  +---------------------------------------------------------------+
 *  |                  Counters Values (Agrona)                    ...
 *  +---------------------------------------------------------------+
 *  |                 Distinct Error Log (Agrona)                  ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Fields are in the machine's native byte order (little-endian on x86-64 and AArch64), as Agrona writes its own
 * regions. The writer fills everything, allocates its counters, and only then writes the version, so a reader that
 * sees the expected version sees a complete file. Regions start at multiples of 128 bytes, which keeps counters
 * aligned for atomic access and away from the header's cache lines.
 */
public final class StatFileDescriptor
{
    /**
     * The file's name inside the telemetry directory.
     */
    public static final String FILE_NAME = "ringbook-stat.dat";

    /**
     * "RBST" in ASCII, read as a big-endian int: tells a ringbook stat file from any other file.
     */
    public static final int MAGIC = 0x5242_5354;

    /**
     * Bumped whenever the header or the placement of the regions changes; new counters do not change it.
     */
    public static final int VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int PID_OFFSET = 8;
    public static final int START_TIMESTAMP_OFFSET = 16;
    public static final int COUNTERS_METADATA_OFFSET_OFFSET = 24;
    public static final int COUNTERS_METADATA_LENGTH_OFFSET = 28;
    public static final int COUNTERS_VALUES_OFFSET_OFFSET = 32;
    public static final int COUNTERS_VALUES_LENGTH_OFFSET = 36;
    public static final int ERROR_LOG_OFFSET_OFFSET = 40;
    public static final int ERROR_LOG_LENGTH_OFFSET = 44;
    public static final int CLOSED_OFFSET = 48;
    public static final int CLOSE_TIMESTAMP_OFFSET = 56;
    public static final int HEARTBEAT_TIMESTAMP_OFFSET = 64;

    /**
     * Length of the header; the first region starts here.
     */
    public static final int HEADER_LENGTH = 128;

    /**
     * Alignment of every region's offset and length.
     */
    public static final int REGION_ALIGNMENT = 128;

    /**
     * Agrona's counters metadata is this many times the values length (a metadata record per value record).
     */
    public static final int METADATA_TO_VALUES_RATIO = CountersReader.METADATA_LENGTH / CountersReader.COUNTER_LENGTH;

    private StatFileDescriptor()
    {
    }

    /**
     * @param countersValuesLength length of the counters values region.
     * @return length of the counters metadata region that goes with it.
     */
    public static int countersMetadataLength(final int countersValuesLength)
    {
        return countersValuesLength * METADATA_TO_VALUES_RATIO;
    }

    /**
     * @param countersValuesLength length of the counters values region.
     * @param errorLogLength       length of the error log region.
     * @return the length of the whole file.
     */
    public static long fileLength(final int countersValuesLength, final int errorLogLength)
    {
        return (long)HEADER_LENGTH + countersMetadataLength(countersValuesLength) + countersValuesLength +
            errorLogLength;
    }
}
