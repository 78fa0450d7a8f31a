package io.ringbook.engine.snapshot;

/**
 * The fixed header of a snapshot frame, readable without restoring (or even checksumming) the frame: enough to pick
 * a snapshot by sequence and to know how many bytes the whole frame takes.
 *
 * @param version       format version of the frame.
 * @param payloadLength bytes of payload after the header.
 * @param lastSequence  the engine sequence of the last command the snapshot contains; replay resumes after it.
 * @param timestampNs   when the snapshot was taken (the timestamp of that command), nanoseconds since the epoch.
 */
public record SnapshotHeader(int version, int payloadLength, long lastSequence, long timestampNs)
{
    /**
     * @return bytes the whole frame takes: header, payload and checksum trailer.
     */
    public int frameLength()
    {
        return EngineSnapshot.HEADER_LENGTH + payloadLength + EngineSnapshot.TRAILER_LENGTH;
    }
}
