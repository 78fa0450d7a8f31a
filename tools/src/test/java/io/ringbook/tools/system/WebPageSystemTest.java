package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web page in a real headless Chromium ({@link Browser}) against real processes: the engine with a live order
 * flow, and a {@code ringbook gateway} serving the page. While the flow runs the page follows the book with every
 * checksum and update id right; once it stops, the ladder the page holds is the engine's book (rebuilt from the
 * engine's journal), top 10 levels each side. Screenshots in {@code target/screenshots/}.
 */
@Tag("system")
class WebPageSystemTest
{
    private static final Pattern HTTP_PORT = Pattern.compile("web page http://localhost:(\\d+)/");

    @TempDir
    Path dir;

    @Test
    void theLadderInTheBrowserIsTheEnginesBook() throws Exception
    {
        final int port = SystemTests.freeUdpPort();
        final String incremental = SystemTests.multicastChannel(SystemTests.freeUdpPort());
        final String snapshot = SystemTests.multicastChannel(SystemTests.freeUdpPort());
        final Path engineDir = dir.resolve("engine");
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port, incremental, snapshot);
        FeedChecks.appendJournal(config);
        final Path gatewayConfig = Files.writeString(dir.resolve("gateway.yaml"), String.join("\n",
            "gateway:",
            "  dir: " + dir.resolve("gateway"),
            "  httpPort: 0",
            "  binaryPort: -1",
            "feed:",
            "  incrementalChannel: " + incremental,
            "  snapshotChannel: " + snapshot,
            ""));
        final Random random = new Random(System.nanoTime());

        try (Browser browser = Browser.launch();
            EngineProcess engine = EngineProcess.start(config);
            EngineProcess gateway = EngineProcess.startCli(List.of("gateway", "--config", gatewayConfig.toString()));
            MediaDriver clientDriver = SystemTests.launchClientDriver(dir.resolve("client-aeron"));
            Aeron aeron = SystemTests.connectAeron(clientDriver.aeronDirectoryName()))
        {
            engine.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
            gateway.awaitStdout("ringbook gateway running", SystemTests.PROCESS_TIMEOUT_MS);
            final int httpPort = GatewaySystemTest.port(gateway, HTTP_PORT);

            browser.open("http://localhost:" + httpPort + "/?symbol=ABC&depth=10&interval=100");
            browser.waitFor("window.ringbook && window.ringbook.connection === 'open' && " +
                "window.ringbook.symbol === 'ABC' && window.ringbook.updateId > 0", SystemTests.TIMEOUT_MS,
                () -> "the page subscribed: " + browser.evalString("JSON.stringify(window.ringbook)"));

            FeedChecks.trade(aeron, port, random, 3_000);
            final long updateId = browser.evalLong("window.ringbook.updateId");
            assertTrue(updateId > 10, "the page followed the flow: update " + updateId);
            browser.screenshot(screenshot("web-page-live.png"));

            assertEquals(0, engine.terminate(SystemTests.PROCESS_TIMEOUT_MS), engine::describe);
            final String expected = FeedChecks.journalLevels(engineDir.resolve("journal"), 10).get("ABC");
            final String ladder = "(() => { const r = window.ringbook; " +
                "return 'bids' + r.bids.slice(0, 10).map(l => ' ' + l[0] + 'x' + l[1]).join('') + ' | asks' + " +
                "r.asks.slice(0, 10).map(l => ' ' + l[0] + 'x' + l[1]).join(''); })()";
            browser.waitFor("window.ringbook.renderedUpdateId === window.ringbook.updateId && " + ladder + " === " +
                quote(expected), SystemTests.TIMEOUT_MS,
                () -> "the page's ladder " + browser.evalString(ladder) + " to be the engine's " + expected);
            browser.screenshot(screenshot("web-page-final.png"));
            System.out.println("WebPageSystemTest page " + browser.evalString("JSON.stringify({updateId: " +
                "window.ringbook.updateId, resyncs: window.ringbook.resyncs, checksumFailures: " +
                "window.ringbook.checksumFailures, trades: window.ringbook.trades})") + ", ladder " +
                browser.evalString(ladder));
            assertEquals(0, browser.evalLong("window.ringbook.checksumFailures"));
            assertEquals(0, browser.evalLong("window.ringbook.resyncs"), "no resync: every diff followed");
            assertTrue(browser.evalBoolean("window.ringbook.checksumOk"));
            assertEquals(List.of(), browser.pageErrors());
            assertEquals(0, gateway.terminate(SystemTests.PROCESS_TIMEOUT_MS), gateway::describe);
        }
    }

    private static String quote(final String text)
    {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static Path screenshot(final String name)
    {
        return Path.of(System.getProperty("basedir", "."), "target", "screenshots", name);
    }
}
