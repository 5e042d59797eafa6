package gov.nersc.huggingnersc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Hub's official JavaScript client ({@code @huggingface/hub}, pinned in {@code
 * conformance/package.json}) as tests run it: the node scripts in {@code conformance/}. Without
 * node and npm the calling test is skipped, except in CI (env {@code CI} set), where it fails; the
 * pinned packages are installed with {@code npm ci} when missing.
 */
public final class OfficialJsClient {
    /** What a script printed (stdout and stderr together) and its exit status. */
    public record Run(int exit, String output) {}

    private final Path project;

    private OfficialJsClient(Path project) {
        this.project = project;
    }

    /** The conformance project, installed; skips (or in CI fails) the test when node is missing. */
    public static OfficialJsClient require() {
        Path project = Path.of("conformance").toAbsolutePath();
        if (!onPath("node") || !onPath("npm")) {
            if (System.getenv("CI") != null) {
                fail("node and npm are needed for the official client's runs in CI, but are not on PATH");
            }
            assumeTrue(false, "node/npm not installed: the official client's run is skipped");
        }
        if (!Files.isDirectory(project.resolve("node_modules/@huggingface/hub"))) {
            Run ci = run(project, List.of("npm", "ci", "--no-audit", "--no-fund"));
            assertThat(ci.exit()).as("npm ci failed:\n" + ci.output()).isZero();
        }
        return new OfficialJsClient(project);
    }

    /** Runs {@code node SCRIPT ARGS...} in the conformance project. */
    public Run node(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return run(project, command);
    }

    private static Run run(Path cwd, List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(cwd.toFile())
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            // a guard against a hung child, not a timing assertion
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish:\n" + out);
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
