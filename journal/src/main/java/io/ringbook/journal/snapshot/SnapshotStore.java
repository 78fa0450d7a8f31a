package io.ringbook.journal.snapshot;

import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.snapshot.EngineSnapshot;
import io.ringbook.engine.snapshot.SnapshotFormatException;
import io.ringbook.engine.snapshot.SnapshotHeader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Engine snapshots as files in one directory, {@code snapshot-<lastSequence, 20 digits zero-padded>.bin}, so names
 * sort by sequence and say which journal entries a snapshot already contains.
 * <p>
 * A snapshot is written to a temporary file, forced to disk, then renamed atomically to its name (and the directory
 * forced too): after a crash a snapshot's name holds either nothing or the whole frame, never a half-written one.
 * Leftover temporary files from a crash are deleted when a store opens. After each write the newest {@code retain}
 * snapshots are kept and older ones deleted.
 * <p>
 * Recovery asks for the newest snapshot that is intact ({@link #latestValid(long)}, {@link #loadLatest}): a file that
 * is cut short, damaged (CRC mismatch) or not a snapshot of this format is skipped in favour of the next older one,
 * and each skip is reported to the warning sink naming the file, why, and what is used instead. Disks do go bad; a
 * bad snapshot costs a longer replay, never a wrong state.
 * <p>
 * Not thread-safe: one thread (the snapshot writer, or recovery before it starts) uses a store.
 */
public final class SnapshotStore
{
    /** Snapshots kept by default: the newest and two to fall back on. */
    public static final int DEFAULT_RETAIN = 3;
    /** What {@link #loadLatest} returns when no usable snapshot exists: replay the journal from the start. */
    public static final long NO_SNAPSHOT = -1;

    static final String PREFIX = "snapshot-";
    static final String SUFFIX = ".bin";
    static final String TEMP_SUFFIX = ".tmp";
    private static final int SEQUENCE_DIGITS = 20;

    private final Path directory;
    private final int retain;
    private final Consumer<String> warnings;

    /**
     * Open (creating it if needed) a snapshot directory, keeping {@value #DEFAULT_RETAIN} snapshots.
     *
     * @param directory where the snapshot files live.
     * @param warnings  receives one line for each snapshot skipped as unusable, and for files it cannot delete.
     */
    public SnapshotStore(final Path directory, final Consumer<String> warnings)
    {
        this(directory, DEFAULT_RETAIN, warnings);
    }

    /**
     * Open (creating it if needed) a snapshot directory.
     *
     * @param directory where the snapshot files live.
     * @param retain    newest snapshots to keep after each write, at least 1.
     * @param warnings  receives one line for each snapshot skipped as unusable, and for files it cannot delete.
     */
    public SnapshotStore(final Path directory, final int retain, final Consumer<String> warnings)
    {
        if (retain < 1)
        {
            throw new IllegalArgumentException("retain must be at least 1: " + retain);
        }
        this.directory = Objects.requireNonNull(directory, "directory");
        this.retain = retain;
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create snapshot directory " + directory, ex);
        }
        deleteLeftoverTempFiles();
    }

    /**
     * @return the directory the snapshots live in.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return how many snapshots are kept after each write.
     */
    public int retain()
    {
        return retain;
    }

    /**
     * @param lastSequence a snapshot's last sequence, not negative.
     * @return the file name of that snapshot, e.g. {@code snapshot-00000000000000000123.bin}.
     */
    public static String fileName(final long lastSequence)
    {
        if (lastSequence < 0)
        {
            throw new IllegalArgumentException("negative snapshot sequence: " + lastSequence);
        }
        final String digits = Long.toString(lastSequence);
        return PREFIX + "0".repeat(SEQUENCE_DIGITS - digits.length()) + digits + SUFFIX;
    }

    /**
     * Store one snapshot frame durably under its sequence's name, then delete all but the newest {@link #retain()}.
     * A snapshot already stored under that sequence is replaced.
     *
     * @param lastSequence the sequence the frame's header names (checked).
     * @param buffer       holding the frame, as {@link EngineSnapshot#write} left it.
     * @param offset       where the frame starts.
     * @param length       the frame's length, as {@link EngineSnapshot#write} returned it.
     * @return the file written.
     * @throws IllegalArgumentException when the frame's header disagrees with the sequence or length.
     * @throws UncheckedIOException     when the file cannot be written.
     */
    public Path write(final long lastSequence, final DirectBuffer buffer, final int offset, final int length)
    {
        final SnapshotHeader header = EngineSnapshot.readHeader(buffer, offset, length);
        if (header.lastSequence() != lastSequence || header.frameLength() != length)
        {
            throw new IllegalArgumentException("frame names sequence " + header.lastSequence() + " and length " +
                header.frameLength() + ", asked to store sequence " + lastSequence + " with length " + length);
        }
        final String name = fileName(lastSequence);
        final Path target = directory.resolve(name);
        final Path temp = directory.resolve(name + TEMP_SUFFIX);
        try
        {
            try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                final ByteBuffer source = view(buffer, offset, length);
                while (source.hasRemaining())
                {
                    channel.write(source);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory();
        }
        catch (final IOException ex)
        {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write snapshot " + target, ex);
        }
        prune();
        return target;
    }

    /**
     * @return the sequences of the snapshot files present, ascending (whether intact or not).
     */
    public long[] list()
    {
        final List<Long> sequences = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX))
        {
            for (final Path file : files)
            {
                final long sequence = parseSequence(file.getFileName().toString());
                if (sequence >= 0)
                {
                    sequences.add(sequence);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshot directory " + directory, ex);
        }
        final long[] result = new long[sequences.size()];
        for (int i = 0; i < result.length; i++)
        {
            result[i] = sequences.get(i);
        }
        Arrays.sort(result);
        return result;
    }

    /**
     * The newest intact snapshot, whatever its sequence.
     *
     * @see #latestValid(long)
     */
    public Snapshot latestValid()
    {
        return latestValid(Long.MAX_VALUE);
    }

    /**
     * The newest snapshot at or before a sequence that is whole, passes its CRC and is consistent inside. Each newer
     * one skipped as unusable is reported to the warning sink, e.g.
     * {@code snapshot-00000000000000000123.bin is corrupt (snapshot CRC mismatch: ...), using
     * snapshot-00000000000000000100.bin}.
     *
     * @param atMostSequence the newest sequence wanted, e.g. to rebuild the state as of an earlier point.
     * @return the snapshot, read into memory, or null when there is none usable.
     */
    public Snapshot latestValid(final long atMostSequence)
    {
        final long[] sequences = list();
        final List<String> skipped = new ArrayList<>();
        Snapshot found = null;
        for (int i = sequences.length - 1; i >= 0 && found == null; i--)
        {
            final long sequence = sequences[i];
            if (sequence > atMostSequence)
            {
                continue;
            }
            final String name = fileName(sequence);
            final Path file = directory.resolve(name);
            try
            {
                final byte[] bytes = Files.readAllBytes(file);
                final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
                final SnapshotHeader header = EngineSnapshot.verify(buffer, 0, bytes.length);
                if (header.lastSequence() != sequence)
                {
                    skipped.add(name + " is misnamed (it holds sequence " + header.lastSequence() + ")");
                }
                else
                {
                    found = new Snapshot(file, header, buffer, header.frameLength());
                }
            }
            catch (final SnapshotFormatException ex)
            {
                skipped.add(name + " is " + describe(ex.reason()) + " (" + ex.getMessage() + ")");
            }
            catch (final IOException ex)
            {
                skipped.add(name + " cannot be read (" + ex + ")");
            }
        }
        final String fallback = found != null ? ", using " + found.path().getFileName() :
            ", and no older snapshot is usable: recovery replays the journal from the start";
        for (final String line : skipped)
        {
            warnings.accept(line + fallback);
        }
        return found;
    }

    /**
     * Restore the newest intact snapshot into an engine without state (see {@link EngineSnapshot#read}).
     *
     * @param engine to restore into.
     * @return the snapshot's last sequence, to replay the journal after; {@link #NO_SNAPSHOT} when there is none.
     */
    public long loadLatest(final MatchingEngine engine)
    {
        return loadLatest(engine, Long.MAX_VALUE);
    }

    /**
     * Restore the newest intact snapshot at or before a sequence into an engine without state.
     *
     * @param engine         to restore into.
     * @param atMostSequence the newest sequence wanted.
     * @return the snapshot's last sequence, to replay the journal after; {@link #NO_SNAPSHOT} when there is none.
     */
    public long loadLatest(final MatchingEngine engine, final long atMostSequence)
    {
        final Snapshot snapshot = latestValid(atMostSequence);
        if (snapshot == null)
        {
            return NO_SNAPSHOT;
        }
        return EngineSnapshot.read(snapshot.buffer(), 0, snapshot.length(), engine);
    }

    private static String describe(final SnapshotFormatException.Reason reason)
    {
        switch (reason)
        {
            case TRUNCATED:
                return "truncated";
            case CRC_MISMATCH:
                return "corrupt";
            case BAD_MAGIC:
                return "not a snapshot";
            case UNSUPPORTED_VERSION:
                return "of an unsupported format version";
            default:
                return "malformed";
        }
    }

    /**
     * @return the sequence a snapshot file name holds, or -1 when it is not one.
     */
    static long parseSequence(final String name)
    {
        if (name.length() != PREFIX.length() + SEQUENCE_DIGITS + SUFFIX.length() || !name.startsWith(PREFIX) ||
            !name.endsWith(SUFFIX))
        {
            return -1;
        }
        long sequence = 0;
        for (int i = PREFIX.length(), end = PREFIX.length() + SEQUENCE_DIGITS; i < end; i++)
        {
            final char c = name.charAt(i);
            if (c < '0' || c > '9' || sequence > (Long.MAX_VALUE - (c - '0')) / 10)
            {
                return -1;
            }
            sequence = sequence * 10 + (c - '0');
        }
        return sequence;
    }

    private void prune()
    {
        final long[] sequences = list();
        for (int i = 0; i < sequences.length - retain; i++)
        {
            deleteQuietly(directory.resolve(fileName(sequences[i])));
        }
    }

    private void deleteLeftoverTempFiles()
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX + TEMP_SUFFIX))
        {
            for (final Path file : files)
            {
                deleteQuietly(file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshot directory " + directory, ex);
        }
    }

    private void deleteQuietly(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            warnings.accept("cannot delete " + file + ": " + ex);
        }
    }

    /**
     * Make the rename itself durable. Linux needs the directory forced; where a directory cannot be opened for that
     * (Windows) the rename is durable once the call returns, so failing to open it is not an error.
     */
    private void forceDirectory()
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ignore)
        {
            // not supported on this platform
        }
    }

    private static ByteBuffer view(final DirectBuffer buffer, final int offset, final int length)
    {
        final int adjusted = buffer.wrapAdjustment() + offset;
        final byte[] array = buffer.byteArray();
        if (array != null)
        {
            return ByteBuffer.wrap(array, adjusted, length);
        }
        if (buffer.byteBuffer() != null)
        {
            final ByteBuffer view = buffer.byteBuffer().duplicate();
            view.limit(adjusted + length).position(adjusted);
            return view;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        return ByteBuffer.wrap(copy);
    }

    /**
     * An intact snapshot read from disk.
     *
     * @param path   its file.
     * @param header its header: last sequence, timestamp, version.
     * @param buffer the whole frame, from index 0.
     * @param length bytes of the frame.
     */
    public record Snapshot(Path path, SnapshotHeader header, DirectBuffer buffer, int length)
    {
        /**
         * @return the sequence of the last command the snapshot contains.
         */
        public long lastSequence()
        {
            return header.lastSequence();
        }
    }
}
