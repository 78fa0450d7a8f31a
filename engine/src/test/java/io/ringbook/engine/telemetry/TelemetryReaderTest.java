package io.ringbook.engine.telemetry;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader refuses what is not a complete stat file of its version, with one line that says which file and why.
 */
class TelemetryReaderTest
{
    @TempDir
    Path dir;

    private Path file()
    {
        return dir.resolve(StatFileDescriptor.FILE_NAME);
    }

    private String failure()
    {
        final TelemetryFileException ex = assertThrows(TelemetryFileException.class, () -> TelemetryReader.open(dir));
        assertEquals(1, ex.getMessage().lines().count(), ex.getMessage());
        assertTrue(ex.getMessage().contains(file().toString()), ex.getMessage());
        return ex.getMessage();
    }

    @Test
    void missingFileOrDirectory()
    {
        assertEquals("no engine running here? " + file() + " not found", failure());
        final Path nowhere = dir.resolve("nowhere");
        final TelemetryFileException ex =
            assertThrows(TelemetryFileException.class, () -> TelemetryReader.open(nowhere));
        assertEquals("no engine running here? " + nowhere.resolve("ringbook-stat.dat") + " not found",
            ex.getMessage());
    }

    @Test
    void badMagic() throws IOException
    {
        writeHeader(0xCAFE_BABE, StatFileDescriptor.VERSION);
        assertEquals(file() + " is not a ringbook stat file: magic 0xcafebabe, expected 0x52425354", failure());
    }

    @Test
    void otherVersion() throws IOException
    {
        writeHeader(StatFileDescriptor.MAGIC, 99);
        assertEquals(file() + " has stat file version 99; this ringbook reads version 1 (use the ringbook build that " +
            "matches the engine)", failure());
    }

    @Test
    void notInitialisedWhileTheVersionIsUnwritten() throws IOException
    {
        writeHeader(0, 0);
        assertTrue(failure().endsWith(" is not initialised: is an engine starting, or did one fail to start?"));
    }

    @Test
    void tooShort() throws IOException
    {
        Files.write(file(), new byte[]{ 1, 2, 3 });
        assertEquals(file() + " is not a ringbook stat file: 3 bytes long", failure());
    }

    @Test
    void regionsThatDoNotFit() throws IOException
    {
        final ByteBuffer bytes = header(StatFileDescriptor.MAGIC, StatFileDescriptor.VERSION);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        buffer.putInt(StatFileDescriptor.COUNTERS_METADATA_OFFSET_OFFSET, StatFileDescriptor.HEADER_LENGTH);
        buffer.putInt(StatFileDescriptor.COUNTERS_METADATA_LENGTH_OFFSET, 512);
        buffer.putInt(StatFileDescriptor.COUNTERS_VALUES_OFFSET_OFFSET, StatFileDescriptor.HEADER_LENGTH + 512);
        buffer.putInt(StatFileDescriptor.COUNTERS_VALUES_LENGTH_OFFSET, 128);
        buffer.putInt(StatFileDescriptor.ERROR_LOG_OFFSET_OFFSET, StatFileDescriptor.HEADER_LENGTH + 640);
        buffer.putInt(StatFileDescriptor.ERROR_LOG_LENGTH_OFFSET, 4096);
        Files.write(file(), bytes.array());
        assertTrue(failure().endsWith(") do not fit its 4096 bytes"));
    }

    private void writeHeader(final int magic, final int version) throws IOException
    {
        Files.write(file(), header(magic, version).array());
    }

    private static ByteBuffer header(final int magic, final int version)
    {
        final ByteBuffer bytes = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        bytes.putInt(StatFileDescriptor.MAGIC_OFFSET, magic);
        bytes.putInt(StatFileDescriptor.VERSION_OFFSET, version);
        return bytes;
    }
}
