package io.ringbook.engine.telemetry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the file is for: another JVM maps it and reads the values this one wrote.
 */
class SeparateProcessReadTest
{
    @TempDir
    Path dir;

    @Test
    void anotherJvmReadsTheCountersAndErrors() throws Exception
    {
        try (EngineTelemetry telemetry = EngineTelemetry.launch(
            new EngineTelemetry.Context().dir(dir).printErrorsToStderr(false)))
        {
            telemetry.counter(EngineCounter.ORDERS_RECEIVED).set(4242);
            telemetry.newCounter(300, "feed packets sent").set(77);
            telemetry.errorHandler().onError(new IllegalStateException("seen from afar"));

            final String output = runReader(dir);
            final List<String> lines = output.lines().collect(java.util.stream.Collectors.toList());
            assertEquals("pid = " + ProcessHandle.current().pid(), lines.get(0), output);
            assertTrue(lines.contains("orders received = 4242"), output);
            assertTrue(lines.contains("feed packets sent = 77"), output);
            assertTrue(lines.contains("rejects: WOULD_CROSS = 0"), output);
            assertTrue(lines.contains("error x1: java.lang.IllegalStateException: seen from afar"), output);
        }
    }

    private static String runReader(final Path dir) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The same module flags this JVM got from Surefire (Agrona's Unsafe access on newer JDKs), nothing else.
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("--enable-native-access") ||
                argument.startsWith("--sun-misc-unsafe-memory-access"))
            {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TelemetryDumpMain.class.getName());
        command.add(dir.toString());

        final Path output = dir.resolve("reader-output.txt");
        final Process process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("the reader process did not finish within 60 s");
        }
        final String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return text;
    }
}
