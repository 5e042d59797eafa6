package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judge of the local hub's fidelity: the Hub's official JavaScript client
 * ({@code @huggingface/hub}, pinned in {@code conformance/package.json}) runs
 * {@code conformance/conformance.mjs} against a local hub started here. Without node and npm the
 * test is skipped, except in CI (env {@code CI} set), where it fails.
 */
class ConformanceTest {
  @TempDir Path dir;

  @Test
  void officialJavaScriptClientPassesEveryStep() throws Exception {
    Path project = Path.of("conformance").toAbsolutePath();
    if (!onPath("node") || !onPath("npm")) {
      if (System.getenv("CI") != null) {
        fail("node and npm are needed for the conformance run in CI, but are not on PATH");
      }
      assumeTrue(false, "node/npm not installed: conformance run skipped");
    }
    if (!Files.isDirectory(project.resolve("node_modules/@huggingface/hub"))) {
      Run ci = run(project, List.of("npm", "ci", "--no-audit", "--no-fund"));
      assertThat(ci.exit()).as("npm ci failed:\n" + ci.output()).isZero();
    }
    try (LocalHub hub = LocalHub.start(dir, LocalHub.Options.defaults().withPageSize(2)
        .withMultipartChunkSize(5_000_000))) {
      Run r = run(project, List.of("node", "conformance.mjs", hub.url(), hub.token()));
      assertThat(r.exit()).as("conformance script failed:\n" + r.output()).isZero();
      assertThat(r.output()).contains("conformance: all steps passed").doesNotContain(hub.token());
    }
  }

  private record Run(int exit, String output) {}

  private static Run run(Path cwd, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // a guard against a hung child, not a timing assertion
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail(String.join(" ", command) + " did not finish:\n" + out);
    }
    return new Run(p.exitValue(), out);
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
