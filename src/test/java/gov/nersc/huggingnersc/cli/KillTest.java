package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.HubConnection;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.files.FileTree;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.HubIntegrity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the CLI with SIGKILL at random moments, as a steward's lost session would, of {@code
 * catalog-new-dataset} (publishing to an embedded {@code file:} hub), {@code update-dataset},
 * {@code upload-dataset} and {@code upload-data}. After each kill: the entry is absent or whole,
 * the hub's repositories pass the object checks (and {@code git fsck}), LFS objects match their
 * sha256, and running the same command again completes, leaving the repo as a run that was never
 * killed would; a third run changes nothing.
 *
 * <p>Each killed command runs as a child JVM; the re-runs run in-process. Seeded: {@code
 * -Dkill.seed=S}; {@code -Dkill.iterations=N} kills each command N times (default: 10 kills of
 * catalog-new-dataset and update-dataset together, 6 of upload-dataset, 6 of upload-data). Kills
 * of catalog-new-dataset and update-dataset fall anywhere in a run, JVM start included; those of
 * the upload commands fall from about when {@code inspect-dataset --remote} (which starts the JVM
 * and the hub and reads the repo, most of a run) would have ended to a little after a whole run,
 * both measured here.
 *
 * <p>{@code manifest} is stopped by SIGTERM (a Slurm time limit) and by SIGKILL while it hashes: no
 * temporary file outlives the first, and the next run removes what the second left. {@code
 * upload-data} stopped by SIGTERM says that running it again resumes.
 */
class KillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RepoId BLOBS = new RepoId("NERSC", "blobs");

    @TempDir
    Path home;

    @Test
    void catalogNewDatasetOrUpdateDatasetKilledLeavesTheEntryAbsentOrWholeAndARerunCompletes() throws Exception {
        Kills kills = new Kills("catalog-new-dataset/update-dataset", 10);
        DatasetFixtures.Inputs iris = DatasetFixtures.iris(home.resolve("inputs"));
        CliRunner cli = runner();
        // kills fall anywhere in a whole run, JVM start included
        kills.window(0, runToEnd(catalogArgs(iris, "warmup")));

        List<String> cataloged = new ArrayList<>(List.of("warmup"));
        for (int i = 0; i < kills.iterations; i++) {
            boolean update = i % 3 == 2;
            String nickname = update ? cataloged.get(kills.random.nextInt(cataloged.size())) : "iris-" + i;
            String[] args = update
                    ? new String[] {"update-dataset", nickname, "--official-name", "Iris, edition " + i}
                    : catalogArgs(iris, nickname);

            Kill kill = kills.kill(i, args);
            String what = kill.what();
            JsonNode left = assertAbsentOrWhole(nickname, update, what);
            kills.found(
                    kill,
                    update
                            ? "update killed"
                            : left == null
                                    ? "entry absent"
                                    : left.path("published").isNull()
                                            ? "entry whole, unpublished"
                                            : "entry whole, published");
            assertThat(HubIntegrity.problems(hub()))
                    .as(what + ": the hub after the kill")
                    .isEmpty();

            CliRunner.Result rerun = cli.run(args);
            assertThat(rerun.exitCode())
                    .as(what + ": the same command again\n" + rerun)
                    .isZero();
            JsonNode info = assertAbsentOrWhole(nickname, update, what);
            assertThat(info).as(what + ": the entry after the re-run").isNotNull();
            assertThat(info.path("published").path("commit").asText())
                    .as(what + ": the entry records the repo's head")
                    .isEqualTo(head(new RepoId("NERSC", nickname)));
            if (update) {
                assertThat(info.path("official_name").asText()).isEqualTo("Iris, edition " + i);
            }
            CliRunner.Result third = cli.run(args);
            assertThat(third.exitCode()).as(what + ": a third run\n" + third).isZero();
            assertThat(assertAbsentOrWhole(nickname, update, what).path("published"))
                    .as(what + ": a third run commits nothing new")
                    .isEqualTo(info.path("published"));
            assertThat(HubIntegrity.problems(hub()))
                    .as(what + ": the hub after the re-runs")
                    .isEmpty();
            if (!update) {
                cataloged.add(nickname);
            }
        }
        kills.report();
    }

    /**
     * An entry changed with {@code update-dataset --no-push}, then {@code upload-dataset} killed: the
     * entry keeps the change, a re-run publishes it in one commit in all (the repo agrees with the
     * entry, which records the repo's head), and a third run commits nothing.
     */
    @Test
    void uploadDatasetKilledLeavesTheEntryWholeAndARerunPublishesIt() throws Exception {
        Kills kills = new Kills("upload-dataset", 6);
        DatasetFixtures.Inputs iris = DatasetFixtures.iris(home.resolve("inputs"));
        CliRunner cli = runner();
        String nickname = "iris";
        RepoId repo = new RepoId("NERSC", nickname);
        assertSucceeds(cli, catalogArgs(iris, nickname));
        assertSucceeds(cli, "update-dataset", nickname, "--official-name", "Iris, warm-up", "--no-push");
        long whole = runToEnd("upload-dataset", nickname);
        kills.window(runToEnd("inspect-dataset", nickname, "--remote"), whole);

        for (int i = 0; i < kills.iterations; i++) {
            String name = "Iris, edition " + i;
            assertSucceeds(cli, "update-dataset", nickname, "--official-name", name, "--no-push");
            JsonNode before = inspectRemote(cli, nickname);
            assertThat(before.at("/remote/agrees").asBoolean())
                    .as("the entry differs from its repo")
                    .isFalse();
            long commitsBefore = commitCount(repo);

            Kill kill = kills.kill(i, "upload-dataset", nickname);
            String what = kill.what();
            JsonNode left = assertAbsentOrWhole(nickname, true, what);
            assertThat(left.path("official_name").asText())
                    .as(what + ": the entry keeps its change")
                    .isEqualTo(name);
            assertThat(HubIntegrity.problems(hub()))
                    .as(what + ": the hub after the kill")
                    .isEmpty();
            boolean committed = commitCount(repo) > commitsBefore;
            boolean recorded = !left.path("published").equals(before.path("published"));
            kills.found(
                    kill,
                    !committed
                            ? "killed before the commit"
                            : recorded
                                    ? "killed after recording the commit"
                                    : "killed between the commit and recording it");

            CliRunner.Result rerun = cli.run("upload-dataset", nickname);
            assertThat(rerun.exitCode())
                    .as(what + ": the same command again\n" + rerun)
                    .isZero();
            JsonNode published = inspectRemote(cli, nickname);
            assertThat(published.at("/remote/agrees").asBoolean())
                    .as(what + ": the repo agrees with the entry\n" + published.toPrettyString())
                    .isTrue();
            assertThat(published.at("/published/commit").asText())
                    .as(what + ": the entry records the repo's head")
                    .isEqualTo(published.at("/remote/last_commit/id").asText());
            assertThat(commitCount(repo))
                    .as(what + ": one commit for the change, not two")
                    .isEqualTo(commitsBefore + 1);

            CliRunner.Result third = cli.run("upload-dataset", nickname);
            assertThat(third.exitCode()).as(what + ": a third run\n" + third).isZero();
            JsonNode after = inspectRemote(cli, nickname);
            assertThat(after.path("published"))
                    .as(what + ": a third run records nothing new")
                    .isEqualTo(published.path("published"));
            assertThat(after.at("/remote/last_commit"))
                    .as(what + ": a third run commits nothing")
                    .isEqualTo(published.at("/remote/last_commit"));
            assertThat(HubIntegrity.problems(hub()))
                    .as(what + ": the hub after the re-runs")
                    .isEmpty();
        }
        kills.report();
    }

    /**
     * {@code upload-data} of several files of some MB in commits of two files, killed: the entry is
     * untouched, a re-run uploads what is missing (every file on the hub has the local bytes) with no
     * duplicate commit, and a third run commits nothing. Every iteration starts from an empty hub
     * with a freshly published entry; every other one, the repo already holds an earlier version of
     * the data (two files changed since, one new).
     */
    @Test
    void uploadDataKilledLeavesTheHubIntactAndARerunUploadsEveryFileOnce() throws Exception {
        Kills kills = new Kills("upload-data", 6);
        DatasetFixtures.Inputs iris = DatasetFixtures.iris(home.resolve("inputs"));
        Path data = home.resolve("inputs").resolve("blobs");
        Path info = catalog().resolve("blobs").resolve("blobs_info.json");
        CliRunner cli = runner();
        String[] upload = {"upload-data", "blobs", "--files-per-commit", "2"};
        publishBlobs(cli, iris, data, kills.random.nextLong(), false);
        long whole = runToEnd(upload);
        kills.window(runToEnd("inspect-dataset", "blobs", "--remote"), whole);

        for (int i = 0; i < kills.iterations; i++) {
            boolean earlier = i % 2 == 1;
            int expectedCommits = publishBlobs(cli, iris, data, kills.random.nextLong(), earlier);
            byte[] entryBefore = Files.readAllBytes(info);
            String headBefore = head(BLOBS);
            long commitsBefore = commitCount(BLOBS);

            Kill kill = kills.kill(i, upload);
            String what = kill.what() + (earlier ? ", over an earlier version" : "");
            assertAbsentOrWhole("blobs", true, what);
            assertThat(info).as(what + ": the entry is untouched").hasBinaryContent(entryBefore);
            assertThat(HubIntegrity.problems(hub()))
                    .as(what + ": the hub after the kill")
                    .isEmpty();
            kills.found(
                    kill,
                    "killed after " + (commitCount(BLOBS) - commitsBefore) + " of " + expectedCommits + " commits"
                            + (lfsCutShort() ? ", an LFS object cut short" : ""));

            CliRunner.Result rerun = cli.run(upload);
            assertThat(rerun.exitCode())
                    .as(what + ": the same command again\n" + rerun)
                    .isZero();
            assertHubHoldsTheFiles(data, what);
            assertThat(commitCount(BLOBS) - commitsBefore)
                    .as(what + ": one commit per batch with something new, none twice")
                    .isEqualTo(expectedCommits);
            String head = head(BLOBS);
            assertThat(head).isNotEqualTo(headBefore);

            CliRunner.Result third = cli.run(concat(upload, "--json"));
            assertThat(third.exitCode()).as(what + ": a third run\n" + third).isZero();
            assertThat(JSON.readTree(third.out()).path("commits"))
                    .as(what + ": a third run commits nothing")
                    .isEmpty();
            assertThat(head(BLOBS)).as(what + ": the head after a third run").isEqualTo(head);
            assertThat(HubIntegrity.problems(hub()))
                    .as(what + ": the hub after the re-runs")
                    .isEmpty();
        }
        kills.report();
    }

    /**
     * {@code manifest} stopped by SIGTERM while it hashes (a Slurm time limit, or Ctrl-C): its
     * temporary files go with it, and no manifest is left half-written.
     */
    @Test
    void manifestStoppedBySigtermLeavesNoTemporaryFile() throws Exception {
        Path entry = catalogLargeData(runner());
        Process p = child("manifest", "large");
        awaitTemporaryFile(entry, p);

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the manifest stopped").isTrue();
        assertThat(manifestTemporaryFiles(entry)).as(output(p)).isEmpty();
        assertThat(entry.resolve("large_manifest.jsonl.gz")).doesNotExist();
    }

    /**
     * {@code manifest} killed with SIGKILL while it hashes leaves its temporary files (nothing runs at
     * a SIGKILL); the next run removes them, as its process is gone.
     */
    @Test
    void temporaryFilesOfAKilledManifestAreRemovedByTheNextRun() throws Exception {
        CliRunner cli = runner();
        Path entry = catalogLargeData(cli);
        Process p = child("manifest", "large");
        awaitTemporaryFile(entry, p);
        p.destroyForcibly();
        p.waitFor();
        List<String> left = manifestTemporaryFiles(entry);
        assertThat(left).as("what the SIGKILL left").isNotEmpty();

        CliRunner.Result again = cli.run("manifest", "large", "--quiet");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(manifestTemporaryFiles(entry))
                .as("after the next run; the kill left " + left)
                .isEmpty();
        assertThat(entry.resolve("large_manifest.jsonl.gz")).exists();
    }

    /**
     * {@code upload-data} stopped by SIGTERM (a Slurm time limit, or Ctrl-C) part-way ends with one
     * line saying that running it again resumes.
     */
    @Test
    void uploadDataStoppedBySigtermSaysThatRunningItAgainResumes() throws Exception {
        CliRunner cli = runner();
        catalogLargeData(cli);
        assertSucceeds(cli, "upload-dataset", "large");
        Process p = child("upload-data", "large", "--files-per-commit", "1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!lfsHolds()) { // an object, or the beginning of one: the upload is under way
            assertThat(p.isAlive())
                    .as("upload-data ended before it was stopped: " + (p.isAlive() ? "" : output(p)))
                    .isTrue();
            assertThat(System.nanoTime()).as("no LFS object within 120 s").isLessThan(deadline);
            Thread.sleep(5);
        }

        p.destroy(); // SIGTERM
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("upload-data stopped").isTrue();
        List<String> lines = Files.readAllLines(home.resolve("child.log")).stream()
                .filter(l -> !l.isBlank())
                .toList();
        assertThat(lines)
                .as(output(p))
                .last()
                .asString()
                .contains("upload-data large interrupted: "
                        + "run the same command again to resume (what the Hub already has is not sent again)");
    }

    /** Whether the hub holds an LFS object, or the beginning of one. */
    private boolean lfsHolds() throws IOException {
        Path lfs = hub().resolve("lfs");
        try (Stream<Path> s = Files.exists(lfs) ? Files.walk(lfs) : Stream.empty()) {
            return s.anyMatch(Files::isRegularFile);
        }
    }

    /** Catalogs {@code large}: 8 files of 64 MiB (sparse, so cheap to write), seconds to hash in a child JVM. */
    private Path catalogLargeData(CliRunner cli) throws IOException {
        DatasetFixtures.Inputs iris = DatasetFixtures.iris(home.resolve("inputs"));
        Path data = Files.createDirectories(home.resolve("inputs").resolve("large"));
        for (int i = 0; i < 8; i++) {
            Path part = data.resolve("part-" + i + ".bin");
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(part.toFile(), "rw")) {
                f.setLength(64L << 20);
                f.write(i + 1); // each file its own bytes
            }
        }
        Path metadata = home.resolve("inputs").resolve("large_metadata.json");
        Files.writeString(
                metadata,
                DatasetFixtures.IRIS_METADATA.replace("\"iris\"", "\"large\"").replace("\"Iris\"", "\"Large\""));
        assertSucceeds(
                cli,
                "catalog-new-dataset",
                "Large",
                "large",
                iris.loader().toString(),
                data + "/",
                "none",
                metadata.toString(),
                "--no-push");
        return catalog().resolve("large");
    }

    /** Waits until the manifest's temporary body is in {@code entry}: hashing has begun. */
    private void awaitTemporaryFile(Path entry, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (manifestTemporaryFiles(entry).stream().noneMatch(n -> n.endsWith(".body"))) {
            assertThat(p.isAlive())
                    .as("manifest ended before it was stopped: " + (p.isAlive() ? "" : output(p)))
                    .isTrue();
            assertThat(System.nanoTime()).as("no temporary file within 60 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** The hidden temporary files of a manifest run in the entry folder ({@code .…manifest….body}, {@code .tmp}). */
    private static List<String> manifestTemporaryFiles(Path entry) throws IOException {
        try (Stream<Path> s = Files.list(entry)) {
            return s.map(f -> f.getFileName().toString())
                    .filter(n -> n.matches("\\..*manifest.*\\.(body|tmp)"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * Starts from an empty hub and catalog: writes the data folder (iris.csv and five random files
     * of 2 to 8 MiB), catalogs and publishes it as {@code blobs}; with {@code earlier}, uploads an
     * earlier version first (other bytes in part-1 and part-3, no part-4). Returns how many commits
     * uploading the data in commits of two files then makes.
     */
    private int publishBlobs(CliRunner cli, DatasetFixtures.Inputs iris, Path data, long seed, boolean earlier)
            throws IOException {
        FileTree.delete(hub());
        FileTree.delete(catalog());
        FileTree.delete(data);
        Files.createDirectories(data);
        Files.copy(iris.data().resolve("iris.csv"), data.resolve("iris.csv"));
        Random random = new Random(seed);
        byte[][] parts = new byte[5][];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = new byte[(2 << 20) + random.nextInt(6 << 20)];
            random.nextBytes(parts[p]);
            Files.write(data.resolve("part-" + p + ".bin"), parts[p]);
        }
        Path metadata = home.resolve("inputs").resolve("blobs_metadata.json");
        Files.writeString(
                metadata,
                DatasetFixtures.IRIS_METADATA.replace("\"iris\"", "\"blobs\"").replace("\"Iris\"", "\"Blobs\""));
        assertSucceeds(
                cli,
                "catalog-new-dataset",
                "Blobs",
                "blobs",
                iris.loader().toString(),
                data + "/",
                "none",
                metadata.toString());
        if (!earlier) {
            return 3; // [iris.csv, part-0], [part-1, part-2], [part-3, part-4] and the card's configs
        }
        Files.write(data.resolve("part-1.bin"), new byte[] {1, 0, 2});
        Files.write(data.resolve("part-3.bin"), new byte[] {3, 0, 4});
        Files.delete(data.resolve("part-4.bin"));
        assertSucceeds(cli, "upload-data", "blobs");
        Files.write(data.resolve("part-1.bin"), parts[1]);
        Files.write(data.resolve("part-3.bin"), parts[3]);
        Files.write(data.resolve("part-4.bin"), parts[4]);
        return 2; // the first batch and the card are there already
    }

    /** Whether the hub holds the beginning of an LFS object whose upload never finished. */
    private boolean lfsCutShort() throws IOException {
        Path incomplete = hub().resolve("lfs").resolve("incomplete");
        try (Stream<Path> s = Files.exists(incomplete) ? Files.list(incomplete) : Stream.empty()) {
            return s.findAny().isPresent();
        }
    }

    /** Every file under {@code data} is under data/ in the repo, same size and sha256 (downloaded), and no other. */
    private void assertHubHoldsTheFiles(Path data, String what) throws IOException {
        List<String> local;
        try (Stream<Path> s = Files.list(data)) {
            local = s.map(p -> "data/" + p.getFileName()).sorted().toList();
        }
        Path copy = home.resolve("download.tmp");
        try (HubConnection c = hubConnection()) {
            HubClient client = c.client();
            Map<String, TreeEntry> onHub = client.listTree(BLOBS, "main", "data", true).stream()
                    .filter(TreeEntry::isFile)
                    .collect(Collectors.toMap(TreeEntry::path, e -> e, (a, b) -> a, TreeMap::new));
            assertThat(onHub.keySet()).as(what + ": the repo's data files").containsExactlyElementsOf(local);
            for (String path : local) {
                Path mine = data.resolve(path.substring("data/".length()));
                String sha256 = HubIntegrity.sha256(mine);
                client.download(BLOBS, "main", path, copy);
                assertThat(Files.size(copy)).as(what + ": size of " + path).isEqualTo(Files.size(mine));
                assertThat(HubIntegrity.sha256(copy))
                        .as(what + ": sha256 of " + path)
                        .isEqualTo(sha256);
                if (onHub.get(path).lfs() != null) {
                    assertThat(onHub.get(path).lfs().oid())
                            .as(what + ": LFS oid of " + path)
                            .isEqualTo(sha256);
                }
            }
        }
        Files.deleteIfExists(copy);
    }

    /**
     * The entry's folder as a reader finds it: absent (null), or with its card, loader, notebook and
     * an info JSON that parses (returned). An entry being changed ({@code mustExist}) is never absent.
     */
    private JsonNode assertAbsentOrWhole(String nickname, boolean mustExist, String what) throws IOException {
        Path dir = catalog().resolve(nickname);
        if (!Files.exists(dir)) {
            assertThat(mustExist)
                    .as(what + ": the entry being changed vanished")
                    .isFalse();
            return null;
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .as(what + ": the entry's files")
                    .contains("README.md", nickname + "_info.json", "iris_loader.py", nickname + "_dataloader.ipynb");
        }
        assertThat(Files.readString(dir.resolve("README.md")))
                .as(what + ": the card")
                .startsWith("---\n");
        JSON.readTree(dir.resolve(nickname + "_dataloader.ipynb").toFile());
        return JSON.readTree(dir.resolve(nickname + "_info.json").toFile());
    }

    /** {@code inspect-dataset NICKNAME --remote --json}: the entry, and under "remote" its repo. */
    private static JsonNode inspectRemote(CliRunner cli, String nickname) throws IOException {
        CliRunner.Result r = cli.run("inspect-dataset", nickname, "--remote", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }

    private long commitCount(RepoId repo) {
        try (HubConnection c = hubConnection()) {
            return c.client().listCommits(repo, "main").stream().count();
        }
    }

    private String head(RepoId repo) {
        try (HubConnection c = hubConnection()) {
            return c.client().headOf(repo, "main");
        }
    }

    /** The embedded hub, in this JVM, with its own token; only while no child runs. */
    private HubConnection hubConnection() {
        return HubConnection.open("file:" + hub(), Optional.empty());
    }

    private String[] catalogArgs(DatasetFixtures.Inputs iris, String nickname) throws IOException {
        Path metadata = home.resolve("inputs").resolve(nickname + "_metadata.json");
        Files.writeString(
                metadata,
                DatasetFixtures.IRIS_METADATA.replace("\"nickname\": \"iris\"", "\"nickname\": \"" + nickname + "\""));
        return new String[] {
            "catalog-new-dataset",
            "Iris",
            nickname,
            iris.loader().toString(),
            iris.data() + "/",
            "none",
            metadata.toString()
        };
    }

    private Path catalog() {
        return home.resolve("catalog");
    }

    private Path hub() {
        return home.resolve("hub");
    }

    private Map<String, String> env() {
        return Map.of(
                "HOME",
                home.toString(),
                "HUGGINGNERSC_HOME",
                home.resolve(".huggingnersc").toString(),
                "HF_HOME",
                home.resolve(".hf").toString(),
                "HUGGINGNERSC_CATALOG_ROOT",
                catalog().toString(),
                "HF_ENDPOINT",
                "file:" + hub());
    }

    private CliRunner runner() {
        CliRunner cli = new CliRunner(home);
        env().forEach(cli::env);
        return cli;
    }

    private static void assertSucceeds(CliRunner cli, String... args) {
        CliRunner.Result r = cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
    }

    /** Runs {@code args} in a child JVM to its end, which must be exit 0; how long it took, in ms. */
    private long runToEnd(String... args) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = child(args);
        assertThat(p.waitFor()).as(String.join(" ", args) + ": " + output(p)).isZero();
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The CLI in a JVM of its own, on this test's classpath, with only this test's environment. */
    private Process child(String... args) throws IOException {
        return runner().spawn(home.resolve("child.log"), args);
    }

    private String output(Process p) throws IOException {
        return "exit " + p.exitValue() + "\n" + Files.readString(home.resolve("child.log"));
    }

    private static String[] concat(String[] args, String... more) {
        return Stream.concat(Stream.of(args), Stream.of(more)).toArray(String[]::new);
    }

    /** One kill: what it was, for messages, and whether the command was still running. */
    private record Kill(String what, boolean killed) {}

    /**
     * One command's kills: how many, at seeded moments within a window of its run, and a tally of
     * what they found (printed for whoever reads the test's output; timing decides, so nothing is
     * asserted about it).
     */
    private final class Kills {
        final String command;
        final long seed = Long.getLong("kill.seed", 20261124L);
        final int iterations;
        final Random random;
        private long from;
        private long to;
        private final Map<String, Integer> found = new TreeMap<>();

        Kills(String command, int defaultIterations) {
            this.command = command;
            this.iterations = Integer.getInteger("kill.iterations", defaultIterations);
            this.random = new Random(seed ^ command.hashCode());
        }

        /**
         * Kills fall from a little before {@code quietMillis} (a command that starts the JVM and the hub,
         * reads the repo and writes nothing) to a little after {@code wholeMillis} (a whole run); both
         * measured here, so not an assertion.
         */
        void window(long quietMillis, long wholeMillis) {
            from = quietMillis * 8 / 10;
            to = Math.max(from + 1, wholeMillis * 12 / 10);
        }

        /**
         * Runs {@code args} in a child JVM and kills it (SIGKILL) at the next moment, unless it has
         * ended by then; then it must have succeeded, and the window ends a little after that run's
         * length (the first runs, measured while the JVM under test was busy too, are the slowest).
         */
        Kill kill(int iteration, String... args) throws IOException, InterruptedException {
            long delay = from + (long) (random.nextDouble() * (to - from));
            String what = "seed " + seed + " iteration " + iteration + " (" + String.join(" ", args) + ") killed at "
                    + delay + " ms";
            long start = System.nanoTime();
            Process p = child(args);
            if (p.waitFor(delay, TimeUnit.MILLISECONDS)) {
                assertThat(p.exitValue())
                        .as(what + ": ended by itself: " + output(p))
                        .isZero();
                to = Math.max(from + 1, Math.min(to, (System.nanoTime() - start) / 1_000_000 * 11 / 10));
                return new Kill(what, false);
            }
            p.destroyForcibly();
            p.waitFor();
            return new Kill(what, true);
        }

        void found(Kill kill, String outcome) {
            found.merge(kill.killed() ? outcome : "ran to the end", 1, Integer::sum);
        }

        void report() {
            System.out.println("KillTest " + command + ": seed " + seed + ", " + iterations + " kills, ending between "
                    + from + " and " + to + " ms: " + found);
        }
    }
}
