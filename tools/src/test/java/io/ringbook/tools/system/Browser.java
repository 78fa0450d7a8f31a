package io.ringbook.tools.system;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A headless Debian {@code chromium} driven by Playwright for Java, for tests of the web page: open a URL, evaluate
 * JavaScript, wait for a JavaScript condition with a deadline, save a screenshot.
 * <p>
 * Playwright never downloads a browser here ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}: its CDN is not reachable);
 * it launches the Debian package's binary, installing the package with {@code apt-get} when it is missing (the test
 * machines are root and reach Debian's mirrors). Its Node.js driver comes from the {@code driver-bundle} jar on Maven
 * Central. {@code -Dringbook.chromium=PATH} names another Chromium binary.
 * <p>
 * Not thread-safe, like Playwright: one test thread uses it.
 */
final class Browser implements AutoCloseable
{
    static final String CHROMIUM_PROP_NAME = "ringbook.chromium";
    private static final List<Path> CHROMIUM_PATHS = List.of(Path.of("/usr/bin/chromium"),
        Path.of("/usr/bin/chromium-browser"));
    private static final long INSTALL_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(15);
    private static final int POLL_INTERVAL_MS = 50;
    private static final int WIDTH = 1440;
    private static final int HEIGHT = 860;

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;
    private final List<String> pageErrors = new ArrayList<>();
    private final List<String> consoleErrors = new ArrayList<>();
    private BrowserContext context;
    private Page page;

    private Browser(final Playwright playwright, final com.microsoft.playwright.Browser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    /**
     * Start headless chromium (installing the Debian package first when it is missing).
     */
    static Browser launch()
    {
        final Path chromium = chromium();
        final Playwright playwright = Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try
        {
            final com.microsoft.playwright.Browser browser = playwright.chromium().launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium)
                    .setHeadless(true)
                    .setTimeout(60_000)
                    .setArgs(List.of("--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                        // Chromium 14x blocks a page that has no loopback address (one fulfilled by a Playwright
                        // route, say) from opening a WebSocket to 127.0.0.1: net::ERR_BLOCKED_BY_LOCAL_NETWORK_...
                        "--disable-features=LocalNetworkAccessChecks,LocalNetworkAccessChecksWebSockets")));
            return new Browser(playwright, browser);
        }
        catch (final RuntimeException ex)
        {
            playwright.close();
            throw ex;
        }
    }

    /**
     * Open the URL in a fresh page (its own context: no cookies, storage or socket left from the last one), the
     * previous page closed.
     */
    void open(final String url)
    {
        closePage();
        pageErrors.clear();
        consoleErrors.clear();
        context = browser.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
            .setViewportSize(WIDTH, HEIGHT)
            .setDeviceScaleFactor(1));
        page = context.newPage();
        page.setDefaultTimeout(SystemTests.TIMEOUT_MS);
        page.onPageError(pageErrors::add);
        page.onConsoleMessage(message ->
        {
            if ("error".equals(message.type()))
            {
                consoleErrors.add(message.text());
            }
        });
        page.navigate(url);
    }

    /**
     * @return the value of a JavaScript expression in the page, as Playwright maps it (Integer or Double for numbers,
     * String, Boolean, List, Map, null).
     */
    Object eval(final String expression)
    {
        return page().evaluate(expression);
    }

    String evalString(final String expression)
    {
        final Object value = eval(expression);
        return value == null ? null : value.toString();
    }

    long evalLong(final String expression)
    {
        final Object value = eval(expression);
        if (!(value instanceof Number))
        {
            throw new AssertionError(expression + " is not a number: " + value);
        }
        return ((Number)value).longValue();
    }

    boolean evalBoolean(final String expression)
    {
        return Boolean.TRUE.equals(eval(expression));
    }

    /**
     * Wait until a JavaScript expression is truthy in the page, checked every 50 ms inside the page (no polling from
     * here), failing after the timeout with {@code describe}'s text (taken when it fails: the state to show).
     */
    void waitFor(final String condition, final long timeoutMs, final Supplier<String> describe)
    {
        try
        {
            page().waitForFunction(condition, null, new Page.WaitForFunctionOptions()
                .setTimeout(timeoutMs)
                .setPollingInterval(POLL_INTERVAL_MS));
        }
        catch (final TimeoutError ex)
        {
            throw new AssertionError("timed out after " + timeoutMs + "ms waiting for " + condition + ": " +
                describe.get() + pageErrorsText(), ex);
        }
    }

    /**
     * Save a PNG of the page's viewport, creating its directory.
     */
    Path screenshot(final Path file)
    {
        try
        {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        page().screenshot(new Page.ScreenshotOptions().setPath(file));
        return file;
    }

    /**
     * @return uncaught exceptions in the page since it was opened.
     */
    List<String> pageErrors()
    {
        return List.copyOf(pageErrors);
    }

    /**
     * @return {@code console.error} lines since the page was opened (a failed WebSocket connection shows here too).
     */
    List<String> consoleErrors()
    {
        return List.copyOf(consoleErrors);
    }

    @Override
    public void close()
    {
        try
        {
            closePage();
            browser.close();
        }
        catch (final PlaywrightException ex)
        {
            System.err.println("closing chromium: " + ex.getMessage());
        }
        finally
        {
            playwright.close();
        }
    }

    private Page page()
    {
        if (page == null)
        {
            throw new IllegalStateException("no page open");
        }
        return page;
    }

    private void closePage()
    {
        if (context != null)
        {
            context.close();
            context = null;
            page = null;
        }
    }

    private String pageErrorsText()
    {
        return "; at " + page.url() + (pageErrors.isEmpty() ? "" : "; page errors: " + pageErrors) +
            (consoleErrors.isEmpty() ? "" : "; console errors: " + consoleErrors);
    }

    /**
     * The chromium binary: the one named by {@code -Dringbook.chromium}, else Debian's, installed now if missing.
     */
    static synchronized Path chromium()
    {
        final String named = System.getProperty(CHROMIUM_PROP_NAME);
        if (named != null && !named.isEmpty())
        {
            return Path.of(named);
        }
        for (final Path path : CHROMIUM_PATHS)
        {
            if (Files.isExecutable(path))
            {
                return path;
            }
        }
        installChromium();
        for (final Path path : CHROMIUM_PATHS)
        {
            if (Files.isExecutable(path))
            {
                return path;
            }
        }
        throw new IllegalStateException("apt-get installed chromium but none of " + CHROMIUM_PATHS + " exists");
    }

    private static void installChromium()
    {
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get")))
        {
            throw new IllegalStateException("no chromium at " + CHROMIUM_PATHS + " and no apt-get to install it: " +
                "install Chromium and pass -D" + CHROMIUM_PROP_NAME + "=PATH");
        }
        System.out.println("chromium missing: installing the Debian package (apt-get update && apt-get install)");
        final Path log;
        try
        {
            log = Files.createTempFile("chromium-install", ".log");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        run(log, List.of("apt-get", "update", "-q"));
        run(log, List.of("apt-get", "install", "-y", "-q", "chromium"));
    }

    private static void run(final Path log, final List<String> command)
    {
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try
        {
            final Process process = builder.start();
            if (!process.waitFor(INSTALL_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in " + INSTALL_TIMEOUT_MS + "ms: " +
                    tail(log));
            }
            if (process.exitValue() != 0)
            {
                throw new IllegalStateException(command + " exited " + process.exitValue() + ": " + tail(log));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted installing chromium", ex);
        }
    }

    private static String tail(final Path log)
    {
        try
        {
            final List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex.getMessage() + ")";
        }
    }
}
