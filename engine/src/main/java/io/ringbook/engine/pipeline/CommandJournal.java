package io.ringbook.engine.pipeline;

/**
 * Where the pipeline journals each sequenced command before the matcher may see it (the journal module implements
 * it with Chronicle Queue). Called on the journal handler's thread, one command at a time, in sequence order.
 */
@FunctionalInterface
public interface CommandJournal
{
    /**
     * Append a command durably enough that a crash of the engine process cannot lose it.
     *
     * @param command the sequenced command (sequence and timestamp stamped), with the session that sent it.
     * @return false when it could not be written; the implementation must not throw. The pipeline then journals
     * nothing more, and the matcher rejects this and every later command with
     * {@link io.ringbook.engine.RejectReason#JOURNAL_UNAVAILABLE} without applying it.
     */
    boolean append(CommandEvent command);
}
