package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.localhub.HubIntegrity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the CLI with SIGKILL at random moments of {@code catalog-new-dataset} (publishing to an
 * embedded {@code file:} hub) and {@code update-dataset}, as a steward's lost session would. After
 * each kill: the entry is absent or whole, the hub's repositories pass the object checks (and
 * {@code git fsck}), LFS objects match their sha256, and running the same command again completes
 * and publishes; a third run changes nothing.
 *
 * <p>Each command runs as a child JVM. Seeded: {@code -Dkill.seed=S}; {@code -Dkill.iterations=N}
 * (default 10) for hundreds.
 */
class KillTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;

  @Test
  void afterAKillAtAnyMomentTheEntryIsAbsentOrWholeAndARerunCompletes() throws Exception {
    long seed = Long.getLong("kill.seed", 20261124L);
    int iterations = Integer.getInteger("kill.iterations", 10);
    Random random = new Random(seed);
    DatasetFixtures.Inputs iris = DatasetFixtures.iris(home.resolve("inputs"));
    Path catalog = home.resolve("catalog");
    Path hub = home.resolve("hub");

    // how long a whole run takes here, so that kills fall across all of it (not an assertion)
    long start = System.nanoTime();
    Process warmup = child(catalogArgs(iris, "warmup"));
    assertThat(warmup.waitFor()).as(output(warmup)).isZero();
    long wholeRunMillis = (System.nanoTime() - start) / 1_000_000;

    List<String> cataloged = new ArrayList<>(List.of("warmup"));
    Map<String, Integer> found = new java.util.TreeMap<>();
    for (int i = 0; i < iterations; i++) {
      boolean update = i % 3 == 2;
      String nickname = update ? cataloged.get(random.nextInt(cataloged.size())) : "iris-" + i;
      String[] args = update
          ? new String[] {"update-dataset", nickname, "--official-name", "Iris, edition " + i}
          : catalogArgs(iris, nickname);
      long delay = (long) (random.nextDouble() * wholeRunMillis * 1.1);
      String what = "seed " + seed + " iteration " + i + " (" + String.join(" ", args) + ") killed after "
          + delay + " ms";

      Process p = child(args);
      if (!p.waitFor(delay, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor();
      }
      JsonNode killed = assertAbsentOrWhole(catalog, nickname, update, what);
      found.merge(update ? "update killed" : killed == null ? "entry absent"
          : killed.path("published").isNull() ? "entry whole, unpublished" : "entry whole, published", 1, Integer::sum);
      assertThat(HubIntegrity.problems(hub)).as(what + ": the hub after the kill").isEmpty();

      CliRunner cli = runner();
      CliRunner.Result rerun = cli.run(args);
      assertThat(rerun.exitCode()).as(what + ": the same command again\n" + rerun).isZero();
      JsonNode info = assertAbsentOrWhole(catalog, nickname, update, what);
      assertThat(info).as(what + ": the entry after the re-run").isNotNull();
      assertThat(info.path("published").path("commit").asText()).as(what + ": published").hasSize(40);
      if (update) {
        assertThat(info.path("official_name").asText()).isEqualTo("Iris, edition " + i);
      }
      CliRunner.Result third = cli.run(args);
      assertThat(third.exitCode()).as(what + ": a third run\n" + third).isZero();
      assertThat(assertAbsentOrWhole(catalog, nickname, update, what).path("published"))
          .as(what + ": a third run commits nothing new").isEqualTo(info.path("published"));
      assertThat(HubIntegrity.problems(hub)).as(what + ": the hub after the re-runs").isEmpty();
      if (!update) {
        cataloged.add(nickname);
      }
    }
    // where the kills fell, for whoever reads the test's output; timing decides, so nothing to assert
    System.out.println("KillTest: seed " + seed + ", " + iterations + " kills, run of " + wholeRunMillis + " ms: " + found);
  }

  /**
   * The entry's folder as a reader finds it: absent (null), or with its card, loader, notebook and
   * an info JSON that parses (returned). An entry being updated is never absent.
   */
  private static JsonNode assertAbsentOrWhole(Path catalog, String nickname, boolean mustExist, String what)
      throws IOException {
    Path dir = catalog.resolve(nickname);
    if (!Files.exists(dir)) {
      assertThat(mustExist).as(what + ": the entry being updated vanished").isFalse();
      return null;
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
          .as(what + ": the entry's files").contains("README.md", nickname + "_info.json", "iris_loader.py",
              nickname + "_dataloader.ipynb");
    }
    assertThat(Files.readString(dir.resolve("README.md"))).as(what + ": the card").startsWith("---\n");
    JSON.readTree(dir.resolve(nickname + "_dataloader.ipynb").toFile());
    return JSON.readTree(dir.resolve(nickname + "_info.json").toFile());
  }

  private String[] catalogArgs(DatasetFixtures.Inputs iris, String nickname) throws IOException {
    Path metadata = home.resolve("inputs").resolve(nickname + "_metadata.json");
    Files.writeString(metadata, DatasetFixtures.IRIS_METADATA.replace("\"nickname\": \"iris\"",
        "\"nickname\": \"" + nickname + "\""));
    return new String[] {"catalog-new-dataset", "Iris", nickname, iris.loader().toString(), iris.data() + "/",
        "none", metadata.toString()};
  }

  private Map<String, String> env() {
    return Map.of("HOME", home.toString(), "HUGGINGNERSC_HOME", home.resolve(".huggingnersc").toString(),
        "HF_HOME", home.resolve(".hf").toString(), "HUGGINGNERSC_CATALOG_ROOT", home.resolve("catalog").toString(),
        "HF_ENDPOINT", "file:" + home.resolve("hub"));
  }

  private CliRunner runner() {
    CliRunner cli = new CliRunner(home);
    env().forEach(cli::env);
    return cli;
  }

  /** The CLI in a JVM of its own, on this test's classpath, with only this test's environment. */
  private Process child(String[] args) throws IOException {
    // surefire's own java.class.path may be a manifest-only jar; that works too, but the list is plainer
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classpath, Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(home.resolve("child.log").toFile());
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(env());
    return pb.start();
  }

  private String output(Process p) throws IOException {
    return "exit " + p.exitValue() + "\n" + Files.readString(home.resolve("child.log"));
  }
}
