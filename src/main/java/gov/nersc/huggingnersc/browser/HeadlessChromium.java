package gov.nersc.huggingnersc.browser;

import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.FileTree;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Chromium run headless, once per call, with a throw-away profile and no background traffic:
 * to write a screenshot of a page, or to read the DOM a page renders to.
 */
public final class HeadlessChromium {
    /** The program names looked for on PATH, in order. */
    public static final List<String> NAMES =
            List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private static final long TIMEOUT_SECONDS = 120;

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** The first Chromium on {@code PATH} (from {@code env}, else this process's), if any. */
    public static Optional<HeadlessChromium> find(Map<String, String> env) {
        String path = env.getOrDefault("PATH", System.getenv("PATH"));
        if (path == null) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The Chromium on PATH.
     *
     * @param what what needs it, for the message, e.g. {@code "--screenshot"}
     * @throws OperationFailedException naming how to install it when there is none
     */
    public static HeadlessChromium require(Map<String, String> env, String what) {
        return find(env)
                .orElseThrow(() -> new OperationFailedException(what + ": no Chromium found on PATH (looked for "
                        + String.join(", ", NAMES) + "); install it, e.g. 'sudo apt-get install chromium' on Debian"));
    }

    public Path executable() {
        return executable;
    }

    /** Writes a PNG of {@code url} as a {@code width}×{@code height} window shows it. */
    public void screenshot(String url, Path png, int width, int height) {
        Path target = png.toAbsolutePath();
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new OperationFailedException("--screenshot " + png + ": cannot write there: " + e.getMessage(), e);
        }
        run(List.of("--screenshot=" + target, "--window-size=" + width + "," + height, "--hide-scrollbars", url));
        if (!Files.isRegularFile(target)) {
            throw new OperationFailedException(
                    "Chromium (" + executable + ") wrote no screenshot of " + url + " to " + png);
        }
    }

    /** The page's DOM after it was loaded and laid out, serialized as HTML. */
    public String dumpDom(String url) {
        return run(List.of("--dump-dom", url));
    }

    private String run(List<String> args) {
        Path profile;
        try {
            profile = Files.createTempDirectory("huggingnersc-chromium-");
        } catch (IOException e) {
            throw new OperationFailedException("cannot create a profile folder for Chromium: " + e.getMessage(), e);
        }
        List<String> command = new ArrayList<>(List.of(
                executable.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--mute-audio",
                "--user-data-dir=" + profile));
        command.addAll(args);
        Process p = null;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(false).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = read(p.getInputStream());
            CompletableFuture<String> err = read(p.getErrorStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new OperationFailedException("Chromium (" + executable + ") did not finish within "
                        + TIMEOUT_SECONDS + " s: " + String.join(" ", args));
            }
            if (p.exitValue() != 0) {
                String why = err.join().strip();
                throw new OperationFailedException("Chromium (" + executable + ") exited with " + p.exitValue() + ": "
                        + (why.isEmpty()
                                ? "no message"
                                : why.lines().reduce((a, b) -> b).orElse("")));
            }
            return out.join();
        } catch (IOException e) {
            throw new OperationFailedException("cannot run Chromium (" + executable + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while Chromium ran", e);
        } finally {
            if (p != null && p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            FileTree.deleteQuietly(profile);
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
