package io.ringbook.engine.snapshot;

/**
 * A snapshot frame that cannot be used: not a snapshot, a version this code does not read, cut short, damaged
 * (checksum mismatch) or inconsistent inside. Unchecked because the caller's only sensible move is to fall back to an
 * older snapshot or a full replay, which it does in one place; the {@link #reason()} tells it which case this is.
 */
public final class SnapshotFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * What is wrong with the frame.
     */
    public enum Reason
    {
        /** The frame does not start with the snapshot magic: not a snapshot at all. */
        BAD_MAGIC,
        /** A format version this code does not read. */
        UNSUPPORTED_VERSION,
        /** The frame is longer than the bytes available: a partial write or a cut file. */
        TRUNCATED,
        /** The checksum does not match the bytes: damaged on disk or in transit. */
        CRC_MISMATCH,
        /** The checksum matches but the content is inconsistent: written by a bug. */
        MALFORMED
    }

    private final Reason reason;

    public SnapshotFormatException(final Reason reason, final String message)
    {
        super(message);
        this.reason = reason;
    }

    /**
     * @return what is wrong with the frame.
     */
    public Reason reason()
    {
        return reason;
    }
}
