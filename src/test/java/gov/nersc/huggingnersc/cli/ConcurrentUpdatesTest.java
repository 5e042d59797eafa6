package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.HubIntegrity;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stewards run {@code update-dataset} on the same entry at the same moment, as two processes:
 * one changes the official name, the other the download link. Each round, both edits land (in the
 * catalog entry and on the Hub's card, one commit each) or one process exits 3 having changed
 * nothing; never is an edit lost or half-made.
 *
 * <p>Every other round, the test itself holds the entry's lock while both processes start, and
 * lets go only when both say they are waiting: the two then certainly contend, both must succeed,
 * and the second must start from what the first wrote. The other rounds race freely (at least one
 * of them must see both edits land). {@code -Dupdates.rounds=N}
 * (default 50).
 */
class ConcurrentUpdatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RepoId REPO = RepoId.parse("NERSC/iris");

    @TempDir
    Path home;

    @Test
    void twoProcessesUpdatingOneEntryNeverLoseAnEdit() throws Exception {
        int rounds = Integer.getInteger("updates.rounds", 50);
        try (LocalHub hub = LocalHub.start(home.resolve("hub"), LocalHub.Options.defaults())) {
            Path root = home.resolve("catalog");
            CliRunner cli = new CliRunner(home)
                    .env("HF_TOKEN", hub.token())
                    .env("HUGGINGNERSC_CATALOG_ROOT", root.toString())
                    .env("HF_ENDPOINT", hub.url());
            Path ex = Path.of("examples/iris");
            CliRunner.Result made = cli.run(
                    "catalog-new-dataset",
                    "Iris",
                    "iris",
                    ex.resolve("iris_loader.py").toString(),
                    ex.resolve("data").toString(),
                    "none",
                    ex.resolve("iris_metadata.json").toString());
            assertThat(made.exitCode()).as(made.toString()).isZero();
            HubClient reader = HubClient.builder()
                    .endpoint(URI.create(hub.url()))
                    .token(Optional.of(new HubToken(hub.token(), "test")))
                    .build();
            Catalog catalog = new Catalog(root);

            String name = "Iris";
            String link = null;
            Map<String, Integer> outcomes = new TreeMap<>();
            for (int round = 0; round < rounds; round++) {
                boolean held = round % 2 == 0;
                String newName = "Iris, round " + round;
                String newLink = "https://portal.nersc.gov/cfs/dasrepo/iris/round-" + round + "/";
                int commitsBefore = commits(reader);
                Path logA = home.resolve("a.log");
                Path logB = home.resolve("b.log");
                Process a;
                Process b;
                if (held) {
                    try (Catalog.EntryLock lock = catalog.lock("iris", "the test")) {
                        a = cli.spawn(logA, "update-dataset", "iris", "--official-name", newName);
                        b = cli.spawn(logB, "update-dataset", "iris", "--download-link", newLink);
                        awaitWaiting(a, logA);
                        awaitWaiting(b, logB);
                    }
                } else {
                    a = cli.spawn(logA, "update-dataset", "iris", "--official-name", newName);
                    b = cli.spawn(logB, "update-dataset", "iris", "--download-link", newLink);
                }
                int exitA = finish(a);
                int exitB = finish(b);
                String what = "round " + round + (held ? " (both waited for the lock)" : " (free race)")
                        + "\n--- name change, exit " + exitA + ":\n" + Files.readString(logA)
                        + "--- link change, exit " + exitB + ":\n" + Files.readString(logB);
                if (held) {
                    // both waited for the same holder, then took turns well within their patience: both land
                    assertThat(exitA).as(what).isZero();
                    assertThat(exitB).as(what).isZero();
                } else {
                    assertThat(exitA).as(what).isIn(0, 3);
                    assertThat(exitB).as(what).isIn(0, 3);
                }
                for (Path log : new Path[] {logA, logB}) {
                    String text = Files.readString(log);
                    if (text.contains("error:")) {
                        assertThat(text).as(what).contains("nothing was changed");
                    }
                }
                if (exitA == 0) {
                    name = newName;
                }
                if (exitB == 0) {
                    link = newLink;
                }
                outcomes.merge(
                        (held ? "held" : "free") + ": " + (exitA == 0 && exitB == 0 ? "both landed" : "one refused"),
                        1,
                        Integer::sum);

                // nothing lost: the entry and the Hub's card hold every edit that was acknowledged, and only those
                JsonNode info = JSON.readTree(
                        root.resolve("iris").resolve("iris_info.json").toFile());
                assertThat(info.path("official_name").asText()).as(what).isEqualTo(name);
                assertThat(
                                info.path("download_link").isNull()
                                                || info.path("download_link").isMissingNode()
                                        ? null
                                        : info.path("download_link").asText())
                        .as(what)
                        .isEqualTo(link);
                String card = new String(reader.readFile(REPO, "main", "README.md"), StandardCharsets.UTF_8);
                assertThat(card).as(what + "\n--- card on the Hub:\n" + card).contains("\n# " + name + "\n");
                if (link != null) {
                    assertThat(card)
                            .as(what + "\n--- card on the Hub:\n" + card)
                            .contains(link);
                }
                assertThat(Files.readString(root.resolve("iris").resolve("README.md")))
                        .as(what)
                        .isEqualTo(card);
                // one commit per acknowledged update, none for a refused one
                int acknowledged = (exitA == 0 ? 1 : 0) + (exitB == 0 ? 1 : 0);
                assertThat(commits(reader)).as(what).isEqualTo(commitsBefore + acknowledged);
                assertThat(info.path("published").path("commit").asText())
                        .as(what)
                        .isEqualTo(reader.datasetInfo(REPO, "main", java.util.List.of("sha"))
                                .sha());
            }
            if (rounds > 1) {
                // exit 3 is allowed in a free race, but a lock that always gave up would be no lock
                assertThat(outcomes).as("free races where both edits landed").containsKey("free: both landed");
            }
            assertThat(HubIntegrity.problems(home.resolve("hub"))).isEmpty();
            System.out.println("ConcurrentUpdatesTest: " + rounds + " rounds: " + outcomes);
        }
    }

    /** Waits until the process says it waits for the entry (it does, as the test holds the lock). */
    private static void awaitWaiting(Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("waiting for the catalog entry 'iris': the test of 'iris'")) {
            assertThat(p.isAlive())
                    .as("the process ended before waiting for the lock:\n" + Files.readString(log))
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("the process never said it waits:\n" + Files.readString(log))
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static int finish(Process p) throws InterruptedException {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError("an update-dataset process hung");
        }
        return p.exitValue();
    }

    private static int commits(HubClient reader) {
        return (int) reader.listCommits(REPO, "main").stream().count();
    }
}
