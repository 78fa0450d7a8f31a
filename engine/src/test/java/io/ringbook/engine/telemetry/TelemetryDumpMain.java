package io.ringbook.engine.telemetry;

import java.nio.file.Path;

/**
 * Run by {@link SeparateProcessReadTest} in its own JVM: prints the pid in the file and every counter as
 * {@code label = value}, then each error's count and first line.
 */
public final class TelemetryDumpMain
{
    private TelemetryDumpMain()
    {
    }

    public static void main(final String[] args)
    {
        try (TelemetryReader reader = TelemetryReader.open(Path.of(args[0])))
        {
            System.out.println("pid = " + reader.pid());
            reader.forEachCounter((counterId, typeId, label, value) -> System.out.println(label + " = " + value));
            reader.readErrors((count, firstMs, lastMs, text) ->
                System.out.println("error x" + count + ": " + text.lines().findFirst().orElse("")));
        }
    }
}
