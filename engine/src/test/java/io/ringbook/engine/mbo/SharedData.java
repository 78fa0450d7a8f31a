package io.ringbook.engine.mbo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Finds the shared market data that tests read in place (never copied into the repository). Surefire sets
 * {@code ringbook.shared.dir}; otherwise {@code ../shared} beside the repository root, then {@code ../../shared}
 * from a module directory. The data is always present in CI, so a missing file fails the test loudly instead of
 * skipping it.
 */
final class SharedData
{
    private SharedData()
    {
    }

    static Path file(final String relative)
    {
        final List<Path> tried = new ArrayList<>();
        final String property = System.getProperty("ringbook.shared.dir");
        if (property != null)
        {
            tried.add(Path.of(property));
        }
        final String root = System.getProperty("ringbook.root.dir");
        if (root != null)
        {
            tried.add(Path.of(root).resolve("../shared"));
        }
        tried.add(Path.of("../shared"));
        tried.add(Path.of("../../shared"));
        for (final Path shared : tried)
        {
            final Path candidate = shared.resolve("data").resolve(relative);
            if (Files.isReadable(candidate))
            {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return fail("shared test data 'data/" + relative + "' not found; looked under " + tried +
            " (set -Dringbook.shared.dir to the directory that holds data/)");
    }

    static final String AAPL_DIR = "lobster_AAPL_2012-06-21_L10_subset/";
    static final String AAPL_MESSAGES = AAPL_DIR + "AAPL_2012-06-21_34200000_57600000_message_10.csv";
    static final String AAPL_ORDERBOOK = AAPL_DIR + "AAPL_2012-06-21_34200000_57600000_orderbook_10.csv";
    static final String AMZN_DIR = "lobster_AMZN_2012-06-21_L1/";
    static final String AMZN_MESSAGES = AMZN_DIR + "AMZN_2012-06-21_34200000_57600000_message_1.csv";
    static final String AMZN_ORDERBOOK = AMZN_DIR + "AMZN_2012-06-21_34200000_57600000_orderbook_1.csv";
    static final String ITCH = "itch50_RITCH_ex20101224_synthetic/ex20101224.TEST_ITCH_50";
}
