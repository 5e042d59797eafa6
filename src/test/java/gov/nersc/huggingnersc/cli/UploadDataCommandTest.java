package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.FaultProxy;
import gov.nersc.huggingnersc.testing.FaultProxy.Fault;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code upload-data} against an in-process local hub with 64 KiB multipart parts, behind a proxy
 * that counts (and can fail) every request, LFS part uploads included.
 */
class UploadDataCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RepoId REPO = new RepoId("NERSC", "iris");
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path home;

    LocalHub hub;
    FaultProxy proxy;
    HubClient client;
    CliRunner cli;
    Path root;
    Path data;

    @BeforeEach
    void setUp() throws IOException {
        hub = LocalHub.start(
                home.resolve("hub"),
                LocalHub.Options.defaults().withMultipartChunkSize(CHUNK).withLfsThresholdBytes(1024));
        proxy = FaultProxy.start(URI.create(hub.url()));
        client = HubClient.builder()
                .endpoint(URI.create(hub.url()))
                .token(Optional.of(new HubToken(hub.token(), "test")))
                .build();
        cli = new CliRunner(home).env("HF_TOKEN", hub.token());
        root = home.resolve("catalog");
        DatasetFixtures.Inputs iris = DatasetFixtures.iris(home);
        data = iris.data();
        for (int i = 1; i <= 3; i++) {
            random(data.resolve("big" + i + ".bin"), 200_000, i); // 4 parts each
        }
        Files.writeString(Files.createDirectories(data.resolve("sub")).resolve("more.csv"), "x,y\n1,2\n".repeat(400));
        CliRunner.Result r = run(
                "catalog-new-dataset",
                "Iris",
                "iris",
                iris.loader().toString(),
                data.toString(),
                "none",
                iris.metadata().toString(),
                "--no-push");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @AfterEach
    void stop() {
        proxy.close();
        hub.close();
    }

    static void random(Path file, int size, long seed) throws IOException {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Files.write(file, b);
    }

    CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--catalog-root", root.toString(), "--endpoint", proxy.url()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    /** Publishes the entry (card, scripts, nersc.json). */
    void publish() {
        CliRunner.Result r = run("upload-dataset", "iris");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        proxy.clearLog();
    }

    long commits() {
        return client.listCommits(REPO, "main").stream().count();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    void assertOnHubAsOnDisk(String... relative) throws Exception {
        for (String r : relative) {
            Path copy = home.resolve("download-" + r.replace('/', '_'));
            client.download(REPO, "main", "data/" + r, copy);
            assertThat(sha256(Files.readAllBytes(copy))).as(r).isEqualTo(sha256(Files.readAllBytes(data.resolve(r))));
        }
    }

    @Test
    void uploadsEveryFileByteIdenticalInPartsAndTheCardGetsConfigs() throws Exception {
        publish();
        long before = commits();

        CliRunner.Result r = run("upload-data", "iris");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .startsWith("Uploaded 5 data files")
                .contains("in 1 commit")
                .contains("configs: data/**/*.csv")
                .contains("not viewable   .bin");
        assertThat(r.err())
                .as("where it publishes; no progress bar off a terminal")
                .isEqualTo("publishing to " + proxy.url() + " as huggingnersc-local (token from HF_TOKEN)\n");
        assertOnHubAsOnDisk("iris.csv", "big1.bin", "big2.bin", "big3.bin", "sub/more.csv");
        assertThat(proxy.count("PUT", ".*"))
                .as("3 objects in 4 parts, one in a single PUT")
                .isEqualTo(13);
        assertThat(commits()).isEqualTo(before + 1);
        DatasetCard card =
                DatasetCard.parse(new String(client.readFile(REPO, "main", "README.md"), StandardCharsets.UTF_8));
        assertThat(card.frontMatter().get("configs"))
                .isEqualTo(List.of(Map.of(
                        "config_name",
                        "default",
                        "data_files",
                        List.of(Map.of("split", "train", "path", "data/**/*.csv")))));
        assertThat(card.frontMatter()).containsEntry("pretty_name", "Iris").containsKey("size_categories");
        assertThat(card.body())
                .isEqualTo(DatasetCard.parse(Files.readString(root.resolve("iris/README.md")))
                        .body());
    }

    @Test
    void aReRunSendsNothingAndMakesNoCommit() throws Exception {
        publish();
        assertThat(run("upload-data", "iris").exitCode()).isZero();
        long after = commits();
        proxy.clearLog();

        CliRunner.Result again = run("upload-data", "iris", "--json");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        JsonNode j = JSON.readTree(again.out());
        assertThat(j.get("commits")).isEmpty();
        assertThat(j.get("lfs_bytes_sent").asLong()).isZero();
        assertThat(proxy.count("PUT", ".*")).isZero();
        assertThat(commits()).isEqualTo(after);
    }

    @Test
    void anUploadKilledInsideAnObjectResumesWithOnlyTheMissingObjects() throws Exception {
        publish();
        proxy.injectNth("PUT", ".*", 5, Fault.status(410)); // the first part of big2.bin: big1.bin is committed
        CliRunner.Result killed = run("upload-data", "iris", "--files-per-commit", "1");
        assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(1);
        assertThat(killed.err().lines().toList()).first().asString().startsWith("publishing to ");
        assertThat(killed.err()
                        .lines()
                        .filter(l -> !l.startsWith("publishing to "))
                        .toList())
                .as("one error line, ending with what to do")
                .singleElement()
                .asString()
                .endsWith("; run the same command again to resume (what the Hub already has is not sent again)");
        assertThat(proxy.count("POST", "/api/datasets/NERSC/iris/commit/main")).isEqualTo(1);
        // the killed run's other parts of big2.bin may still reach the proxy after it returned: they
        // go to its upload (one per object and batch request), never to one of the resumed run's
        Set<String> killedRunsUploads = proxy.exchanges("PUT", ".*").stream()
                .map(UploadDataCommandTest::upload)
                .collect(Collectors.toSet());
        proxy.clearLog();

        CliRunner.Result resumed = run("upload-data", "iris", "--files-per-commit", "1", "--json");

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(proxy.exchanges("PUT", ".*"))
                .filteredOn(x -> !killedRunsUploads.contains(upload(x)))
                .as("big2.bin and big3.bin in 4 parts each, sub/more.csv in one; big1.bin not again")
                .hasSize(9);
        assertThat(JSON.readTree(resumed.out()).get("commits")).hasSize(4); // big2, big3, iris.csv, sub/more.csv
        assertOnHubAsOnDisk("iris.csv", "big1.bin", "big2.bin", "big3.bin", "sub/more.csv");
    }

    /** The LFS upload a PUT belongs to: {@code /lfs-upload/ID}, from {@code /lfs-upload/ID[/PART]}. */
    private static String upload(FaultProxy.Exchange put) {
        return put.path().replaceFirst("^(/lfs-upload/[^/]+).*", "$1");
    }

    @Test
    void objectsStoredBeforeAFailedCommitAreNotSentAgain() throws Exception {
        publish();
        proxy.injectNth("POST", "/api/datasets/NERSC/iris/commit/main", 1, Fault.status(410));
        CliRunner.Result failed = run("upload-data", "iris");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.err())
                .endsWith("run the same command again to resume (what the Hub already has is not sent " + "again)\n");
        assertThat(proxy.count("PUT", ".*")).isEqualTo(13);
        proxy.clearLog();

        CliRunner.Result resumed = run("upload-data", "iris", "--json");

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(proxy.count("PUT", ".*"))
                .as("the Hub has every object already")
                .isZero();
        assertThat(JSON.readTree(resumed.out()).get("commits")).hasSize(1);
        assertOnHubAsOnDisk("iris.csv", "big1.bin", "big2.bin", "big3.bin", "sub/more.csv");
    }

    @Test
    void includeAndExcludeGlobsSelectTheFiles() throws Exception {
        publish();
        CliRunner.Result dry = run(
                "upload-data",
                "iris",
                "--include",
                "*.csv",
                "--include",
                "big1*",
                "--exclude",
                "sub/*",
                "--dry-run",
                "--json");
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(JSON.readTree(dry.out()).get("paths"))
                .isEqualTo(JSON.readTree("[\"data/big1.bin\", \"data/iris.csv\"]"));
        assertThat(proxy.requests()).as("a dry run asks nobody").isEmpty();

        CliRunner.Result r =
                run("upload-data", "iris", "--include", "*.csv", "--exclude", "sub/*", "--path-in-repo", "tables");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(client.listTree(REPO, "main", "", true).stream()
                        .filter(e -> e.isFile())
                        .map(e -> e.path())
                        .filter(p -> p.startsWith("tables/") || p.startsWith("data/")))
                .containsExactly("tables/iris.csv");
    }

    @Test
    void aFileAboveTheHubsLimitIsRefusedBeforeAnyRequest() throws Exception {
        publish();
        try (RandomAccessFile huge =
                new RandomAccessFile(data.resolve("huge.h5").toFile(), "rw")) {
            huge.setLength(51_000_000_000L); // sparse: no disk used
        }

        CliRunner.Result r = run("upload-data", "iris");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .contains(data.resolve("huge.h5") + ": 51000000000 bytes, above the Hub's limit")
                .contains("--exclude");
        assertThat(proxy.requests()).isEmpty();
        assertThat(run("upload-data", "iris", "--exclude", "*.h5", "--max-total-bytes", "100K")
                        .err())
                .contains("above --max-total-bytes 102400");
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void nerscJsonCarriesTheScanAndTheManifestDigest() throws Exception {
        assertThat(run("manifest", "iris", "--quiet").exitCode()).isZero();
        String digest = JSON.readTree(root.resolve("iris/iris_info.json").toFile())
                .at("/manifest/root_digest")
                .asText();
        publish();

        JsonNode link = JSON.readTree(client.readFile(REPO, "main", "nersc.json"));

        assertThat(link.get("manifest_digest").asText()).isEqualTo(digest);
        assertThat(link.at("/scan/files").asLong()).isEqualTo(5);
        assertThat(link.at("/scan/formats")).isEqualTo(JSON.readTree("[\"csv\"]"));
        assertThat(link.get("scan").has("scanned"))
                .as("no times: the same entry gives the same bytes")
                .isFalse();
        assertThat(client.listTree(REPO, "main", "", true).stream().map(e -> e.path()))
                .as("the manifest stays at NERSC")
                .noneMatch(p -> p.contains("manifest"));
    }

    @Test
    void aDataPathThatIsOneFileUploadsThatFile() throws Exception {
        CliRunner.Result update = run(
                "update-dataset",
                "iris",
                "--data-path",
                data.resolve("iris.csv").toString());
        assertThat(update.exitCode()).as(update.toString()).isZero();
        publish();

        CliRunner.Result r = run("upload-data", "iris");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Uploaded 1 data file");
        assertOnHubAsOnDisk("iris.csv");
    }

    @ParameterizedTest
    @ValueSource(strings = {"big2.bin", "small.bin"}) // in parts, and in one PUT
    void theManifestsSha256IsSentUnhashedAndWhenStaleTheHubRefusesItNamingTheFileAndManifest(String relative)
            throws Exception {
        random(data.resolve("small.bin"), 10_000, 7);
        publish();
        assertThat(run("manifest", "iris", "--quiet").exitCode()).isZero();
        Path file = data.resolve(relative);
        String manifestOid = sha256(Files.readAllBytes(file));
        byte[] changed = Files.readAllBytes(file);
        changed[changed.length / 2] ^= 1; // same size and mtime, other bytes: the manifest is stale
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.write(file, changed);
        Files.setLastModifiedTime(file, mtime);
        long before = commits();

        CliRunner.Result r = run("upload-data", "iris");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .as("the oid sent was the manifest's, not a hash of the file")
                .contains(file.toString())
                .contains(manifestOid)
                .contains("run 'huggingnersc manifest iris --rehash-all'");
        assertThat(commits()).isEqualTo(before);
        try (Stream<Path> stored = Files.walk(hub.dir().resolve("lfs").resolve("objects"))) {
            assertThat(stored.map(p -> p.getFileName().toString())).doesNotContain(manifestOid, sha256(changed));
        }

        assertThat(run("manifest", "iris", "--quiet", "--rehash-all").exitCode())
                .isZero();
        CliRunner.Result again = run("upload-data", "iris");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertOnHubAsOnDisk(relative);
    }

    @Test
    void anEntryThatIsNotPublishedIsPointedAtUploadDataset() {
        CliRunner.Result r = run("upload-data", "iris");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("not published").contains("huggingnersc upload-dataset iris");
        assertThat(proxy.requests()).isEmpty();
    }
}
