package io.ringbook.journal.snapshot;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.book.ReferenceOrderBook;
import io.ringbook.engine.snapshot.EngineSnapshot;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.Workload;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshot files on a real file system: names, retention, durable atomic writes, and recovery that falls back past
 * damaged or cut files to the newest intact one, saying which file it skipped and why.
 */
class SnapshotStoreTest
{
    private static final long[] SEQUENCES = { 1_000, 2_000, 3_000, 4_000, 5_000 };
    private static final List<byte[]> FRAMES = new ArrayList<>();
    private static final long[] HASHES = new long[SEQUENCES.length];
    private static Workload workload;

    @TempDir
    Path directory;

    private final List<String> warnings = new ArrayList<>();

    /**
     * Frames of one engine at five points of a seeded workload, and its state hash at each.
     */
    @BeforeAll
    static void makeFrames()
    {
        workload = ExchangeCoreWorkload.generate(5, 5_000);
        final MatchingEngine engine = workload.newEngine(FastOrderBook::new, silent());
        workload.replayFill(engine);
        final EngineCommand[] commands = workload.benchmarkCommands();
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1024);
        int processed = 0;
        for (int i = 0; i < SEQUENCES.length; i++)
        {
            while (processed < SEQUENCES[i])
            {
                engine.process(commands[processed++]);
            }
            final int length = EngineSnapshot.write(engine, SEQUENCES[i], 77, buffer, 0);
            final byte[] frame = new byte[length];
            buffer.getBytes(0, frame);
            FRAMES.add(frame);
            HASHES[i] = engine.stateHash();
        }
    }

    @Test
    void namesFilesByZeroPaddedSequence()
    {
        assertEquals("snapshot-00000000000000000123.bin", SnapshotStore.fileName(123));
        assertEquals("snapshot-09223372036854775807.bin", SnapshotStore.fileName(Long.MAX_VALUE));
        assertEquals(123, SnapshotStore.parseSequence("snapshot-00000000000000000123.bin"));
        assertEquals(-1, SnapshotStore.parseSequence("snapshot-123.bin"));
        assertEquals(-1, SnapshotStore.parseSequence("snapshot-99999999999999999999.bin"));
        assertThrows(IllegalArgumentException.class, () -> SnapshotStore.fileName(-1));
    }

    @Test
    void keepsTheNewestRetainedSnapshots() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(directory, 3, warnings::add);
        assertEquals(3, store.retain());
        for (int i = 0; i < SEQUENCES.length; i++)
        {
            store.write(SEQUENCES[i], new UnsafeBuffer(FRAMES.get(i)), 0, FRAMES.get(i).length);
        }
        assertArrayEquals(new long[]{ 3_000, 4_000, 5_000 }, store.list());
        assertEquals(List.of(SnapshotStore.fileName(3_000), SnapshotStore.fileName(4_000),
            SnapshotStore.fileName(5_000)), filesIn(directory));

        final SnapshotStore one = new SnapshotStore(directory, 1, warnings::add);
        write(one, 4);
        assertArrayEquals(new long[]{ 5_000 }, one.list());
        assertEquals(SnapshotStore.DEFAULT_RETAIN, new SnapshotStore(directory, warnings::add).retain());
        assertThrows(IllegalArgumentException.class, () -> new SnapshotStore(directory, 0, warnings::add));
        assertTrue(warnings.isEmpty(), warnings::toString);
    }

    @Test
    void writesWholeFilesAtomicallyAndClearsLeftoverTempFiles() throws IOException
    {
        // A crash in the middle of a write leaves only a temp file, never a file under a snapshot name.
        final Path leftover = directory.resolve(SnapshotStore.fileName(9_000) + SnapshotStore.TEMP_SUFFIX);
        Files.write(leftover, new byte[]{ 1, 2, 3 });
        Files.write(directory.resolve("notes.txt"), new byte[]{ 1 });
        final SnapshotStore store = new SnapshotStore(directory, warnings::add);
        assertFalse(Files.exists(leftover));

        final Path file = write(store, 0);
        assertEquals(directory.resolve(SnapshotStore.fileName(1_000)), file);
        assertArrayEquals(FRAMES.get(0), Files.readAllBytes(file));
        assertEquals(List.of("notes.txt", SnapshotStore.fileName(1_000)), filesIn(directory));
        assertArrayEquals(new long[]{ 1_000 }, store.list());

        write(store, 0); // the same sequence again replaces the file
        assertArrayEquals(FRAMES.get(0), Files.readAllBytes(file));

        final UnsafeBuffer frame = new UnsafeBuffer(FRAMES.get(1));
        assertThrows(IllegalArgumentException.class, () -> store.write(1_999, frame, 0, FRAMES.get(1).length),
            "the name must match the sequence inside");
        assertThrows(IllegalArgumentException.class, () -> store.write(2_000, frame, 0, FRAMES.get(1).length - 1),
            "the length must be the frame's");
        assertArrayEquals(new long[]{ 1_000 }, store.list());
    }

    @Test
    void loadsTheNewestSnapshotIntoAFreshEngine()
    {
        final SnapshotStore store = new SnapshotStore(directory, warnings::add);
        write(store, 2);
        write(store, 3);
        write(store, 4);
        final SnapshotStore.Snapshot latest = store.latestValid();
        assertEquals(5_000, latest.lastSequence());
        assertEquals(77, latest.header().timestampNs());

        final MatchingEngine engine = workload.newEngine(ReferenceOrderBook::new, silent());
        assertEquals(5_000, new SnapshotStore(directory, warnings::add).loadLatest(freshEngine()));
        assertEquals(4_000, store.loadLatest(engine, 4_999));
        assertEquals(HASHES[3], engine.stateHash());
        assertNull(store.latestValid(2_999));
        assertTrue(warnings.isEmpty(), warnings::toString);
    }

    @Test
    void fallsBackPastACorruptNewestSnapshotAndSaysSo() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(directory, warnings::add);
        write(store, 2);
        write(store, 3);
        final Path newest = write(store, 4);
        try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw"))
        {
            file.seek(file.length() / 2);
            final int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0x40);
        }

        final MatchingEngine engine = freshEngine();
        assertEquals(4_000, store.loadLatest(engine));
        assertEquals(HASHES[3], engine.stateHash());
        assertEquals(1, warnings.size(), warnings::toString);
        final String warning = warnings.get(0);
        assertTrue(warning.startsWith(SnapshotStore.fileName(5_000) + " is corrupt (snapshot CRC mismatch"), warning);
        assertTrue(warning.endsWith(", using " + SnapshotStore.fileName(4_000)), warning);
    }

    @Test
    void fallsBackPastTruncatedAndForeignSnapshots() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(directory, 5, warnings::add);
        write(store, 1);
        final Path middle = write(store, 2);
        final Path newest = write(store, 3);
        try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw"))
        {
            file.setLength(file.length() / 3); // a disk that filled up under a copy, say
        }
        Files.write(middle, "not a snapshot at all, just a text file that happens to have the name of one"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        final SnapshotStore.Snapshot snapshot = store.latestValid();
        assertEquals(2_000, snapshot.lastSequence());
        assertEquals(2, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).startsWith(SnapshotStore.fileName(4_000) + " is truncated (snapshot truncated"),
            warnings.get(0));
        assertTrue(warnings.get(1).startsWith(SnapshotStore.fileName(3_000) + " is not a snapshot"), warnings.get(1));
        for (final String warning : warnings)
        {
            assertTrue(warning.endsWith(", using " + SnapshotStore.fileName(2_000)), warning);
        }
    }

    @Test
    void skipsAFileWhoseNameDisagreesWithItsContent() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(directory, warnings::add);
        write(store, 0);
        Files.write(directory.resolve(SnapshotStore.fileName(2_500)), FRAMES.get(1));
        assertEquals(1_000, store.latestValid().lastSequence());
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("misnamed"), warnings.get(0));
    }

    @Test
    void noUsableSnapshotMeansReplayFromTheStart() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(directory, warnings::add);
        assertArrayEquals(new long[0], store.list());
        assertNull(store.latestValid());
        final MatchingEngine engine = freshEngine();
        final long freshHash = engine.stateHash();
        assertEquals(SnapshotStore.NO_SNAPSHOT, store.loadLatest(engine));
        assertTrue(warnings.isEmpty(), warnings::toString);

        final Path only = write(store, 0);
        Files.write(only, Arrays.copyOf(FRAMES.get(0), 10));
        assertEquals(SnapshotStore.NO_SNAPSHOT, store.loadLatest(engine));
        assertEquals(freshHash, engine.stateHash());
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains("replays the journal from the start"), warnings.get(0));
    }

    private static Path write(final SnapshotStore store, final int index)
    {
        final byte[] frame = FRAMES.get(index);
        return store.write(SEQUENCES[index], new UnsafeBuffer(frame), 0, frame.length);
    }

    private static MatchingEngine freshEngine()
    {
        return workload.newEngine(FastOrderBook::new, silent());
    }

    private static List<String> filesIn(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * A listener that ignores every event (the engine module has no public one to reuse).
     */
    private static EngineListener silent()
    {
        return (EngineListener)Proxy.newProxyInstance(
            EngineListener.class.getClassLoader(), new Class<?>[]{ EngineListener.class }, (proxy, method, args) ->
            {
                if (method.isDefault())
                {
                    return null;
                }
                if (method.getName().equals("hashCode"))
                {
                    return System.identityHashCode(proxy);
                }
                if (method.getName().equals("equals"))
                {
                    return proxy == args[0];
                }
                return null;
            });
    }
}
