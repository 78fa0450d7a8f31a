package io.ringbook.engine.mbo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Walks a NASDAQ TotalView-ITCH 5.0 file message by message, presenting each through a reused
 * {@link ItchMessage} flyweight over one buffer, and counts messages per type.
 * <p>
 * Each message is preceded by a 2-byte big-endian length. Some published files, such as the sample in the
 * shared data, carry 0x0000 there, so the reader walks by the specification's fixed length for each message type
 * instead, and checks a non-zero prefix against it. A message type this reader does not know can only be skipped
 * when its prefix gives its length; otherwise the file cannot be walked and that is an error naming the message
 * number and byte offset.
 */
public final class Itch50Reader implements AutoCloseable
{
    private static final int[] LENGTHS = new int[256];

    static
    {
        final String types = "SRHYLVWKJhAFECXDUPQBINO";
        final int[] lengths = { 12, 39, 25, 20, 26, 35, 12, 28, 35, 21, 36, 40, 31, 36, 23, 19, 35, 44, 40, 19, 50, 20,
            48 };
        for (int i = 0; i < types.length(); i++)
        {
            LENGTHS[types.charAt(i)] = lengths[i];
        }
    }

    private final InputStream in;
    private final String source;
    private final long[] counts = new long[256];
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean endOfInput;
    private long bufferStartOffset;
    private long messageOffset;
    private long messages;

    /**
     * Reads from a stream.
     *
     * @param in     the ITCH file's bytes; closed by {@link #close}.
     * @param source the file's name for error messages.
     */
    public Itch50Reader(final InputStream in, final String source)
    {
        this.in = in;
        this.source = source;
    }

    /**
     * Opens an ITCH 5.0 file.
     *
     * @param path the file.
     * @return a reader positioned before the first message.
     * @throws IOException if the file cannot be opened.
     */
    public static Itch50Reader open(final Path path) throws IOException
    {
        return new Itch50Reader(Files.newInputStream(path), path.toString());
    }

    /**
     * Length of a message type in ITCH 5.0, without the length prefix.
     *
     * @param type the message type byte.
     * @return the length from the type byte on, or 0 for a type that ITCH 5.0 does not define.
     */
    public static int messageLength(final byte type)
    {
        return LENGTHS[type & 0xFF];
    }

    /**
     * Moves to the next message.
     *
     * @param message wrapped around the next message; valid until the next call.
     * @return false at the end of the file.
     * @throws MboInputException on a truncated message, a length prefix that contradicts the message type, an
     *                           unknown type without a length, a bad buy/sell indicator, or a failed read.
     */
    public boolean next(final ItchMessage message) throws MboInputException
    {
        if (!ensure(3))
        {
            if (limit > position)
            {
                throw error("truncated message at the end of the file (" + (limit - position) + " bytes left)");
            }
            return false;
        }
        messageOffset = bufferStartOffset + position;
        final byte[] b = buffer;
        final int prefix = ((b[position] & 0xFF) << 8) | (b[position + 1] & 0xFF);
        final byte type = b[position + 2];
        final int specLength = LENGTHS[type & 0xFF];
        final int length;
        if (specLength != 0)
        {
            if (prefix != 0 && prefix != specLength)
            {
                throw error("length prefix " + prefix + " contradicts message type '" + (char)type +
                    "', which is " + specLength + " bytes in ITCH 5.0");
            }
            length = specLength;
        }
        else if (prefix != 0)
        {
            length = prefix;
        }
        else
        {
            throw error("unknown message type 0x" + Integer.toHexString(type & 0xFF) +
                " and no length prefix, so the next message cannot be found");
        }
        if (!ensure(2 + length))
        {
            throw error("truncated '" + (char)type + "' message: " + length + " bytes expected, " +
                (limit - position - 2) + " left in the file");
        }
        message.wrap(buffer, position + 2, length);
        if ((type == 'A' || type == 'F') && message.side() == null)
        {
            throw error("'" + (char)type + "' message with buy/sell indicator 0x" +
                Integer.toHexString(message.buySellIndicator() & 0xFF) + ", not B or S");
        }
        position += 2 + length;
        counts[type & 0xFF]++;
        messages++;

        return true;
    }

    /**
     * Messages read so far of one type.
     *
     * @param type the message type, such as {@code 'A'}.
     * @return the count.
     */
    public long count(final char type)
    {
        return type < 256 ? counts[type] : 0;
    }

    /**
     * Messages read so far of all types.
     *
     * @return the count.
     */
    public long messageCount()
    {
        return messages;
    }

    /**
     * Byte offset of the current message's length prefix in the file.
     *
     * @return the offset.
     */
    public long messageOffset()
    {
        return messageOffset;
    }

    /**
     * The file's name as used in error messages.
     *
     * @return the source name.
     */
    public String source()
    {
        return source;
    }

    public void close() throws IOException
    {
        in.close();
    }

    private boolean ensure(final int bytes) throws MboInputException
    {
        while (limit - position < bytes)
        {
            if (endOfInput)
            {
                return false;
            }
            if (position > 0)
            {
                final int remaining = limit - position;
                System.arraycopy(buffer, position, buffer, 0, remaining);
                bufferStartOffset += position;
                limit = remaining;
                position = 0;
            }
            if (limit == buffer.length)
            {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            final int read;
            try
            {
                read = in.read(buffer, limit, buffer.length - limit);
            }
            catch (final IOException ex)
            {
                throw error("read failed: " + ex.getMessage());
            }
            if (read < 0)
            {
                endOfInput = true;
            }
            else
            {
                limit += read;
            }
        }
        return true;
    }

    private MboInputException error(final String reason)
    {
        return new MboInputException(source, "message " + (messages + 1) + " at byte offset " +
            (bufferStartOffset + position), reason);
    }
}
