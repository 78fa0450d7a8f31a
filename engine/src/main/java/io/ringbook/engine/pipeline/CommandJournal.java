package io.ringbook.engine.pipeline;

/**
 * Where the pipeline journals each sequenced command before the matcher may see it (the journal module implements
 * it with Chronicle Queue). Called on the journal handler's thread, one command at a time, in sequence order.
 * <p>
 * An implementation may only stage a command at {@link #append} and write what it staged at {@link #flush()}: the
 * journal handler flushes at the end of every ring batch and after {@link #maxStaged()} appends, and the matcher
 * sees none of a batch's commands before the handler has finished the batch, so nothing reaches the matcher unwritten.
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

    /**
     * Write every command staged since the last flush.
     *
     * @return false when they could not be written; they count as failed appends (see {@link #append}).
     */
    default boolean flush()
    {
        return true;
    }

    /**
     * @return appends the handler makes at most between two flushes; 1 (the default) flushes after every append.
     */
    default int maxStaged()
    {
        return 1;
    }
}
