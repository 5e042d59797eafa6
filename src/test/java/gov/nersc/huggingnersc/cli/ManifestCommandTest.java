package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.TreeSnapshot;
import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.scan.DataFiles;
import gov.nersc.huggingnersc.scan.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code manifest}, {@code manifest merge} and {@code manifest slurm-script} through the CLI. */
class ManifestCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Path root;
    Path data;
    CliRunner cli;

    @BeforeEach
    void catalogIris() throws IOException {
        root = home.resolve("catalog");
        cli = new CliRunner(home);
        DatasetFixtures.Inputs iris = DatasetFixtures.iris(home);
        data = iris.data();
        for (int i = 0; i < 20; i++) {
            Files.writeString(
                    Files.createDirectories(data.resolve("part" + (i % 3))).resolve("f" + i + ".csv"),
                    "a,b\n" + i + "," + (i * i) + "\n");
        }
        CliRunner.Result r = run(
                "catalog-new-dataset",
                "Iris",
                "iris",
                iris.loader().toString(),
                data.toString(),
                "none",
                iris.metadata().toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--catalog-root", root.toString()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    JsonNode info() throws IOException {
        return JSON.readTree(root.resolve("iris/iris_info.json").toFile());
    }

    @Test
    void writesTheManifestIntoTheEntryAndRecordsItsDigest() throws IOException {
        CliRunner.Result r = run("manifest", "iris");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path file = root.resolve("iris/iris_manifest.jsonl.gz");
        String digest = Manifest.readHeader(file).rootDigest();
        assertThat(digest).matches("sha256:[0-9a-f]{64}");
        assertThat(r.out())
                .contains("Manifest of iris: " + file)
                .contains("21 (21 hashed, 0 unchanged)")
                .contains("root digest  " + digest)
                .contains("recorded in  iris_info.json");
        JsonNode m = info().get("manifest");
        assertThat(m.get("file").asText()).isEqualTo("iris_manifest.jsonl.gz");
        assertThat(m.get("root_digest").asText()).isEqualTo(digest);
        assertThat(m.get("files").asLong()).isEqualTo(21);
        assertThat(m.get("bytes").asLong()).isEqualTo(Manifest.readHeader(file).bytes());
        assertThat(m.get("created").asText()).isNotBlank();
        assertThat(Files.readString(root.resolve("iris/README.md")))
                .as("the card is not touched")
                .doesNotContain(digest);
        assertThat(run("inspect-dataset", "iris").out())
                .contains("manifest:      " + digest + " (21 files, ")
                .contains("data:          21 files");
        assertThat(JSON.readTree(run("inspect-dataset", "iris", "--json").out())
                        .at("/manifest/root_digest")
                        .asText())
                .isEqualTo(digest);
    }

    @Test
    void aSecondRunReusesEveryHashAndARealChangeIsHashedAgain() throws IOException {
        assertThat(run("manifest", "iris").exitCode()).isZero();
        String first = info().at("/manifest/root_digest").asText();

        CliRunner.Result again = run("manifest", "iris", "--json");
        JsonNode j = JSON.readTree(again.out());
        assertThat(j.get("hashed").asLong()).isZero();
        assertThat(j.get("reused").asLong()).isEqualTo(21);
        assertThat(j.get("root_digest").asText()).isEqualTo(first);

        Files.writeString(data.resolve("part0/f0.csv"), "a,b\n0,1\n");
        JsonNode changed = JSON.readTree(run("manifest", "iris", "--json").out());
        assertThat(changed.get("hashed").asLong()).isEqualTo(1);
        assertThat(changed.get("root_digest").asText()).isNotEqualTo(first);
        assertThat(info().at("/manifest/root_digest").asText())
                .isEqualTo(changed.get("root_digest").asText());

        JsonNode all =
                JSON.readTree(run("manifest", "iris", "--rehash-all", "--json").out());
        assertThat(all.get("hashed").asLong()).isEqualTo(21);
        assertThat(all.get("root_digest").asText())
                .isEqualTo(changed.get("root_digest").asText());
    }

    @Test
    void shardsWriteOnlyPartsAndMergeRecordsTheSameDigestAsOneRun() throws IOException {
        assertThat(run("manifest", "iris", "--quiet").exitCode()).isZero();
        String whole = info().at("/manifest/root_digest").asText();
        Files.delete(root.resolve("iris/iris_manifest.jsonl.gz"));
        Map<String, String> infoBefore = Map.of("info", Files.readString(root.resolve("iris/iris_info.json")));

        CliRunner.Result one = run("manifest", "iris", "--shard", "1/3");
        assertThat(one.exitCode()).as(one.toString()).isZero();
        assertThat(one.out()).contains("Manifest part 1/3 of iris").contains("not recorded");
        assertThat(run("manifest", "iris", "--shard", "2/3", "--quiet").exitCode())
                .isZero();
        assertThat(Map.of("info", Files.readString(root.resolve("iris/iris_info.json"))))
                .isEqualTo(infoBefore);

        CliRunner.Result early = run("manifest", "merge", "iris");
        assertThat(early.exitCode()).as(early.toString()).isEqualTo(2);
        assertThat(early.err()).contains("shard 3/3 is missing");

        assertThat(run("manifest", "iris", "--shard", "3/3", "--quiet").exitCode())
                .isZero();
        CliRunner.Result merged = run("manifest", "merge", "iris", "--json");
        assertThat(merged.exitCode()).as(merged.toString()).isZero();
        assertThat(JSON.readTree(merged.out()).get("root_digest").asText()).isEqualTo(whole);
        assertThat(info().at("/manifest/root_digest").asText()).isEqualTo(whole);
        assertThat(Manifest.findParts(root.resolve("iris/iris_manifest.jsonl.gz")))
                .isEmpty();
    }

    /**
     * Another steward of the group verifies the entry too: the manifest and its parts have the
     * permissions the umask gives any new file, as the entry's other files do (not 0600).
     */
    @Test
    void theManifestAndItsPartsHaveThePermissionsOfAnyNewFile() throws IOException {
        Set<PosixFilePermission> newFile = Files.getPosixFilePermissions(Files.createFile(home.resolve("new-file")));
        assumeTrue(newFile.contains(PosixFilePermission.GROUP_READ), "the umask lets the group read new files");
        Path entry = root.resolve("iris");
        assertThat(Files.getPosixFilePermissions(entry.resolve("iris_info.json")))
                .isEqualTo(newFile);

        assertThat(run("manifest", "iris", "--shard", "1/2", "--quiet").exitCode())
                .isZero();
        assertThat(run("manifest", "iris", "--shard", "2/2", "--quiet").exitCode())
                .isZero();
        for (Path part : Manifest.findParts(entry.resolve("iris_manifest.jsonl.gz"))) {
            assertThat(Files.getPosixFilePermissions(part)).as(part.toString()).isEqualTo(newFile);
        }
        assertThat(run("manifest", "merge", "iris", "--quiet").exitCode()).isZero();
        assertThat(Files.getPosixFilePermissions(entry.resolve("iris_manifest.jsonl.gz")))
                .isEqualTo(newFile);
        assertThat(run("manifest", "iris", "--quiet").exitCode()).isZero();
        assertThat(Files.getPosixFilePermissions(entry.resolve("iris_manifest.jsonl.gz")))
                .as("rebuilt")
                .isEqualTo(newFile);
    }

    /**
     * A data path that is one file gets a manifest of that file, listed by its name: the name the
     * card and upload-data give it, so the card takes its sha256 from the manifest.
     */
    @Test
    void aDataPathThatIsOneFileGetsAManifestOfThatFile() throws IOException {
        Path file = data.resolve("iris.csv");
        CliRunner.Result update = run("update-dataset", "iris", "--data-path", file.toString(), "--no-push");
        assertThat(update.exitCode()).as(update.toString()).isZero();

        CliRunner.Result r = run("manifest", "iris");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("files        1 (1 hashed, 0 unchanged)");
        Path manifest = root.resolve("iris/iris_manifest.jsonl.gz");
        List<String> lines;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(manifest))) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).get("root").asText())
                .isEqualTo(file.toRealPath().toString());
        JsonNode entry = JSON.readTree(lines.get(1));
        assertThat(entry.get("path").asText()).isEqualTo("iris.csv");
        assertThat(entry.get("size").asLong()).isEqualTo(Files.size(file));
        DataFiles.Listed listed = DataFiles.list(file, java.util.Optional.of(manifest), 0);
        assertThat(listed.files()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("iris.csv");
            assertThat(f.sha256())
                    .as("taken from the manifest, nothing hashed")
                    .contains(entry.get("sha256").asText());
        });
        assertThat(run("manifest", "iris").out()).contains("files        1 (0 hashed, 1 unchanged)");
        assertThat(run("inspect-dataset", "iris").out())
                .as("one file, not '1 files'")
                .contains(" (1 file, " + info().at("/manifest/created").asText() + ")");
    }

    /**
     * Without --threads, the hashing threads follow the work: one per core, but one for one file; a
     * --threads given wins. The manifest is the same whatever their number.
     */
    @Test
    void theHashingThreadsFollowTheWorkUnlessGivenAndTheManifestIsTheSame() throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        JsonNode byDefault = manifestJson("--rehash-all");
        assertThat(byDefault.get("threads").asInt()).isEqualTo(Math.min(cores, 21));
        for (int n : new int[] {1, 3}) {
            JsonNode given = manifestJson("--rehash-all", "--threads", String.valueOf(n));
            assertThat(given.get("threads").asInt()).isEqualTo(n);
            assertThat(given.get("hashed").asInt()).isEqualTo(21);
            assertThat(given.get("root_digest")).isEqualTo(byDefault.get("root_digest"));
        }

        Path file = data.resolve("iris.csv");
        CliRunner.Result update = run("update-dataset", "iris", "--data-path", file.toString(), "--no-push");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        JsonNode one = manifestJson("--rehash-all");
        assertThat(one.get("threads").asInt())
                .as("one file, one hashing thread")
                .isEqualTo(1);
        JsonNode oneGiven = manifestJson("--rehash-all", "--threads", "4");
        assertThat(oneGiven.get("threads").asInt()).as("--threads wins").isEqualTo(4);
        assertThat(oneGiven.get("root_digest")).isEqualTo(one.get("root_digest"));
        assertThat(manifestJson().get("threads").asInt())
                .as("nothing to hash: the one file is unchanged")
                .isEqualTo(1);
    }

    private JsonNode manifestJson(String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("manifest", "iris", "--json"));
        args.addAll(List.of(options));
        CliRunner.Result r = run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JSON.readTree(r.out());
    }

    /** On a terminal, manifest's progress line says the part done and the time left; a scan's, what it has seen. */
    @Test
    void theProgressLineSaysThePartDoneAndTheTimeLeft() {
        ScanProgress hashing =
                new ScanProgress(120, 40L << 20, java.time.Duration.ofSeconds(4), false, 20L << 20, 400, 100L << 20);
        assertThat(TerminalProgress.line("hashed", hashing))
                .isEqualTo("hashed 120 of 400 files, 60.0 MiB of 100 MiB (60%), 10.0 MiB/s, 0:04 left");
        assertThat(TerminalProgress.line(
                        "scanned", new ScanProgress(1, 1L << 20, java.time.Duration.ofSeconds(1), false)))
                .isEqualTo("scanned 1 file, 1.00 MiB (1.0 files/s, 1.00 MiB/s)");
    }

    @Test
    void mergeWithoutPartsSaysHowToBuildThem() throws IOException {
        Map<String, String> before = TreeSnapshot.of(root);
        CliRunner.Result r = run("manifest", "merge", "iris");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no part files").contains("manifest iris --shard K/N");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void slurmScriptRunsTheShardsAndTheMergeAgainstThisCatalog() {
        CliRunner.Result r = run(
                "manifest",
                "slurm-script",
                "iris",
                "--tasks",
                "4",
                "--account",
                "m1234",
                "--time",
                "00:30:00",
                "--qos",
                "debug");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .startsWith("#!/bin/bash\n")
                .contains("#SBATCH -A m1234\n", "#SBATCH -q debug\n", "#SBATCH -t 00:30:00\n", "#SBATCH --array=0-3\n")
                .contains("huggingnersc --catalog-root " + root
                        + " manifest iris --shard $((SLURM_ARRAY_TASK_ID+1))/4 --quiet &")
                .contains("manifest merge iris --quiet");
    }

    /** status: the shards done and missing, the sbatch line for the rest; exit 0 once all are done. */
    @Test
    void statusShowsTheShardsLeftAndHowToRunThem() {
        assertThat(run("manifest", "iris", "--shard", "2/3", "--quiet").exitCode())
                .isZero();

        CliRunner.Result r = run("manifest", "status", "iris");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out())
                .contains("iris: 3 shards: 1 done, 0 partial [], 2 missing [1, 3]")
                .contains("run the rest: sbatch --array=0,2 manifest-iris.sh");

        assertThat(run("manifest", "iris", "--shard", "1/3", "--quiet").exitCode())
                .isZero();
        assertThat(run("manifest", "iris", "--shard", "3/3", "--quiet").exitCode())
                .isZero();
        CliRunner.Result all = run("manifest", "status", "iris");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).contains("3 done").contains("all done: huggingnersc manifest merge iris");
    }

    @Test
    void slurmScriptChargesSbatchAccountByDefault() {
        cli.env("SBATCH_ACCOUNT", "m4321");
        CliRunner.Result r = run("manifest", "slurm-script", "iris", "--tasks", "2", "--constraint", "gpu");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("#SBATCH -A m4321\n", "#SBATCH -C gpu\n");
    }

    /** submit: the script, then the array, then its merge (afterok on the array id), both ids printed. */
    @Test
    void submitSendsTheArrayThenItsMergeAndPrintsBothIds() throws IOException {
        Path bin = Files.createDirectories(home.resolve("fakebin"));
        Path calls = home.resolve("sbatch-calls");
        Path sbatch = bin.resolve("sbatch");
        Files.writeString(
                sbatch,
                "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + calls + "'\n" + "n=$(wc -l < '" + calls
                        + "')\necho \"$((4000 + n));perlmutter\"\n");
        sbatch.toFile().setExecutable(true);
        cli.env("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
        Path script = home.resolve("manifest-iris.sh");

        CliRunner.Result r =
                run("manifest", "submit", "iris", "--tasks", "4", "--account", "m1234", "--script", script.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("submitted job array 4001 (4 tasks, script " + script + ") and merge job 4002");
        assertThat(script).content().startsWith("#!/bin/bash\n").contains("#SBATCH --array=0-3");
        List<String> sent = Files.readAllLines(calls);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).isEqualTo("--parsable --export=ALL,HUGGINGNERSC_MERGE_SUBMITTED=1 " + script);
        assertThat(sent.get(1))
                .contains("-A m1234 -q shared -C cpu -c 1 -t 00:10:00 --dependency=afterok:4001 "
                        + "--kill-on-invalid-dep=yes")
                .endsWith("manifest merge iris --quiet");

        CliRunner.Result none = run("manifest", "submit", "iris", "--tasks", "4", "--script", script.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--account: none given");
    }

    /** Perlmutter's queue limits are checked before anything reaches sbatch: exit 2, the limit named. */
    @Test
    void slurmScriptRefusesWhatThePerlmutterQueuesRefuse() {
        CliRunner.Result debug =
                run("manifest", "slurm-script", "iris", "--tasks", "4", "--qos", "debug", "--time", "02:00:00");
        assertThat(debug.exitCode()).isEqualTo(2);
        assertThat(debug.err()).contains("--time: 02:00:00 is over the debug QOS limit of 00:30:00");
        assertThat(debug.out()).isEmpty();

        CliRunner.Result many = run("manifest", "slurm-script", "iris", "--tasks", "2000");
        assertThat(many.exitCode()).isEqualTo(2);
        assertThat(many.err()).contains("--tasks: 2000 is not allowed").contains("MaxArraySize");
    }

    /** With --json, slurm-script prints JSON (the script as one of its values), as every command does. */
    @Test
    void slurmScriptWithJsonPrintsJson() throws IOException {
        String[] args = {"manifest", "slurm-script", "iris", "--tasks", "4", "--qos", "debug"};
        String script = run(args).out();

        CliRunner.Result r =
                run(java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--json"))
                        .toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("script").asText()).isEqualTo(script).startsWith("#!/bin/bash\n");
        assertThat(j.get("nickname").asText()).isEqualTo("iris");
        assertThat(j.get("tasks").asInt()).isEqualTo(4);
        assertThat(j.get("qos").asText()).isEqualTo("debug");
        assertThat(j.get("account").isNull())
                .as("none given: the script has a placeholder sbatch refuses")
                .isTrue();
        assertThat(j.get("time").asText()).as("debug allows 30 minutes at most").isEqualTo("00:30:00");
    }

    @Test
    void refusesATapePathAnUnknownEntryAndAMissingNickname() throws IOException {
        DatasetFixtures.Inputs iris = DatasetFixtures.iris(home.resolve("tape"));
        String tapeRoot = home.resolve("tape-catalog").toString();
        CliRunner.Result cataloged = cli.run(
                "--catalog-root",
                tapeRoot,
                "catalog-new-dataset",
                "Iris",
                "iris",
                iris.loader().toString(),
                "/home/projects/dasrepo/www/t/",
                "none",
                iris.metadata().toString(),
                "--no-data-check",
                "--no-push");
        assertThat(cataloged.exitCode()).as(cataloged.toString()).isZero();
        Map<String, String> before = TreeSnapshot.of(home);

        CliRunner.Result tape = cli.run("--catalog-root", tapeRoot, "manifest", "iris");
        assertThat(tape.exitCode()).isEqualTo(2);
        assertThat(tape.err()).contains("/home/projects/dasrepo/www/t/").contains("HPSS tape");
        CliRunner.Result unknown = run("manifest", "iri");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no catalog entry 'iri'").contains("did you mean iris");
        CliRunner.Result none = run("manifest");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("NICKNAME is missing");
        assertThat(TreeSnapshot.of(home)).isEqualTo(before);
    }
}
