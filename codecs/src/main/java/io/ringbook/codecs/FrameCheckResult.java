package io.ringbook.codecs;

/**
 * Outcome of {@link MessageHeaderValidator#validate}: a code, not an exception, because malformed input from the
 * network is expected and must turn into a reject or a counter, never a dead thread.
 */
public enum FrameCheckResult
{
    /**
     * The header is sound and the root block is in the buffer: safe to wrap the decoder the template id names.
     */
    OK("ok"),

    /**
     * Fewer bytes than a message header, or a length that runs past the buffer's capacity.
     */
    SHORT_BUFFER("buffer is shorter than the 8-byte SBE message header, or the given length runs past its end"),

    /**
     * The header names another schema: a sender on the wrong stream or port, or garbage.
     */
    WRONG_SCHEMA_ID("message belongs to another SBE schema"),

    /**
     * The header names a schema version this reader does not accept.
     */
    WRONG_VERSION("message schema version is not supported"),

    /**
     * The template id is not a message of this schema (or not one this reader accepts).
     */
    UNKNOWN_TEMPLATE("unknown template id for this schema"),

    /**
     * The header's block length is smaller than the template's root block, so fixed fields would be read from
     * beyond the block.
     */
    BLOCK_LENGTH_TOO_SHORT("header block length is smaller than the message's fixed-size root block"),

    /**
     * The bytes after the header are fewer than the header's block length: the message was truncated.
     */
    SHORT_MESSAGE("message body is shorter than the block length in its header");

    private final String message;

    FrameCheckResult(final String message)
    {
        this.message = message;
    }

    /**
     * A fixed, human-readable sentence, for logs and reject texts when the detail of
     * {@link MessageHeaderValidator#describe} is not wanted; never allocates.
     *
     * @return what the code means, in words.
     */
    public String message()
    {
        return message;
    }
}
