package io.ringbook.journal;

import org.agrona.DirectBuffer;

/**
 * Receives the raw bytes of one command's event record, as the journal holds them and as {@link EventEncoder}
 * produces them, so a verifier can compare a journal with a fresh replay byte for byte.
 */
@FunctionalInterface
public interface EventRecordVisitor
{
    /**
     * @param sequence of the command whose events these are.
     * @param buffer   holding the record; only valid during the call.
     * @param offset   of the record's first byte (its {@code EventBatch} message header).
     * @param length   of the record in bytes.
     */
    void onRecord(long sequence, DirectBuffer buffer, int offset, int length);
}
