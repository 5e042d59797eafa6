package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.Preview;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Option;

/**
 * The options of a preview ({@code preview} and {@code catalog-new-dataset --preview}) and what
 * they do with a running one: print where it is, take a screenshot, open a browser, serve until
 * Ctrl-C.
 */
public final class PreviewOptions {
    @Option(
            names = "--screenshot",
            paramLabel = "FILE",
            description = "Write a PNG of the page (1280x1600) with a headless Chromium; exits 1 if none is installed.")
    Path screenshot;

    @Option(names = "--no-wait", description = "Print the URL (and take the screenshot), then stop serving and exit.")
    boolean noWait;

    @Option(names = "--no-browser", description = "Do not open a browser.")
    boolean noBrowser;

    /** True when any preview option was given (they mean nothing without a preview). */
    boolean given() {
        return screenshot != null || noWait || noBrowser;
    }

    /** Checks for Chromium before anything is started, so a missing one fails fast. */
    void checkScreenshot(Map<String, String> env) {
        if (screenshot != null) {
            Preview.requireScreenshots(env, "--screenshot " + screenshot);
        }
    }

    /** Shows the running preview, then serves it until Ctrl-C (or returns at once with --no-wait). */
    int show(BaseCommand command, Preview preview, Map<String, String> env) {
        if (screenshot != null) {
            preview.screenshot(screenshot, 1280, 1600, env);
        }
        if (command.root().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("nickname", preview.entry().nickname());
            json.put("repo_id", preview.repoId().toString());
            json.put("url", preview.pageUrl());
            json.put("files", preview.files());
            json.put(
                    "screenshot",
                    screenshot == null ? null : screenshot.toAbsolutePath().toString());
            json.put("serving", !noWait);
            command.printJson(json);
        } else if (command.root().quiet()) {
            command.out().println(preview.pageUrl());
            command.out().flush();
        } else {
            command.out()
                    .println("Preview of " + preview.entry().nickname() + " as it would be published (nothing was "
                            + "published):");
            command.out().println("  " + preview.pageUrl());
            command.out().println("  files: " + String.join(", ", preview.files()));
            if (screenshot != null) {
                command.out().println("  screenshot: " + screenshot.toAbsolutePath());
            }
            command.out().flush();
        }
        if (noWait) {
            return ExitCodes.OK;
        }
        if (!noBrowser && !preview.openInBrowser(env)) {
            command.notice(
                    "no browser to open here; open the URL above in yours (an SSH tunnel works: ssh -L PORT:127.0.0.1:PORT)");
        }
        command.notice("Serving until Ctrl-C.");
        waitForCtrlC(preview);
        return ExitCodes.OK;
    }

    private static void waitForCtrlC(Preview preview) {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    preview.close();
                    stopped.countDown();
                },
                "preview-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // an embedding program (or a test) ends the preview by interrupting this thread
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting; the hook runs anyway
            }
        }
    }
}
