package gov.nersc.huggingnersc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs scripts of {@code conformance/} with node and the Hub's official JavaScript client
 * ({@code @huggingface/hub}, pinned in {@code conformance/package.json}; {@code npm ci} when it is
 * not installed yet). Without node and npm the calling test is skipped, except in CI (env {@code CI}
 * set), where it fails.
 */
public final class OfficialJsClient {
  private OfficialJsClient() {}

  /** What a script printed (stdout and stderr together) and its exit status. */
  public record Run(int exit, String output) {}

  /** Runs {@code node <script> <args...>} in {@code conformance/}, after making sure the client is installed. */
  public static Run node(String script, String... args) throws IOException, InterruptedException {
    Path project = Path.of("conformance").toAbsolutePath();
    if (!onPath("node") || !onPath("npm")) {
      if (System.getenv("CI") != null) {
        fail("node and npm are needed for the conformance run in CI, but are not on PATH");
      }
      assumeTrue(false, "node/npm not installed: run with the official JS client skipped");
    }
    if (!Files.isDirectory(project.resolve("node_modules/@huggingface/hub"))) {
      Run ci = run(project, List.of("npm", "ci", "--no-audit", "--no-fund"));
      assertThat(ci.exit()).as("npm ci failed:\n" + ci.output()).isZero();
    }
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    return run(project, command);
  }

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
