package gov.nersc.huggingnersc.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.EarlierToolEntry;
import gov.nersc.huggingnersc.TreeSnapshot;
import gov.nersc.huggingnersc.api.CatalogContents;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.CatalogEntry.Origin;
import gov.nersc.huggingnersc.api.DataScan;
import gov.nersc.huggingnersc.api.EntryManifest;
import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.api.Published;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.catalog.Catalog.Step;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path root;

    static Metadata irisMetadata() throws IOException {
        return new Metadata((ObjectNode) JSON.readTree("""
        {"datacard_tags": {"pretty_name": "Iris", "language": ["en"], "size_categories": "n<1K",
          "tags": ["csv", "biology"]}, "other_info": {"nickname": "iris"}}"""));
    }

    static CatalogEntry iris(String officialName) throws IOException {
        return CatalogEntry.builder()
                .nickname("iris")
                .officialName(officialName)
                .repoId(new RepoId("NERSC", "iris"))
                .endpoint("https://huggingface.co")
                .dataPath(Optional.of("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/"))
                .downloadLink(Optional.of("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data/"))
                .loaderScript(Optional.of("iris_loader.py"))
                .metadata(irisMetadata())
                .created(T0)
                .updated(T0)
                .schemaVersion(CatalogEntry.SCHEMA_VERSION)
                .origin(Origin.HUGGINGNERSC)
                .build();
    }

    EntryFiles files(CatalogEntry e, String readme) {
        Map<String, String> content = new LinkedHashMap<>();
        content.put("README.md", readme);
        content.put("iris_dataloader.ipynb", "{\"cells\": []}\n");
        content.put("iris_loader.py", "import pandas as pd\n");
        return EntryFiles.of(e, root.resolve(e.nickname()), content);
    }

    static Map<String, String> snapshot(Path dir) throws IOException {
        return TreeSnapshot.contents(dir);
    }

    @Test
    void readAllSkipsADamagedEntryAndSaysWhichFileIsWrong() throws IOException {
        Catalog catalog = new Catalog(root);
        catalog.write(files(iris("Iris"), "# Iris\n"));
        Path broken = Files.createDirectories(root.resolve("broken"));
        Files.writeString(broken.resolve("broken_info.json"), "{\"nickname\": ");

        CatalogContents contents = catalog.readAll();

        assertThat(contents.entries()).extracting(CatalogEntry::nickname).containsExactly("iris");
        assertThat(contents.damaged())
                .singleElement()
                .asString()
                .contains(broken.resolve("broken_info.json").toString())
                .contains("not valid JSON");
        assertThatThrownBy(catalog::list)
                .as("the strict listing still refuses")
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void writesTheEntryFolderAndReadsItBack() throws IOException {
        Catalog catalog = new Catalog(root);
        Path dir = catalog.write(files(iris("Iris"), "# Iris\n"));

        assertThat(dir).isEqualTo(root.resolve("iris"));
        assertThat(catalog.files("iris"))
                .containsExactly("README.md", "iris_dataloader.ipynb", "iris_info.json", "iris_loader.py");
        assertThat(catalog.read("iris")).contains(iris("Iris"));
        assertThat(catalog.nicknames()).containsExactly("iris");
        assertThat(catalog.exists("iris")).isTrue();
        assertThat(catalog.exists("other")).isFalse();
        assertThat(catalog.read("other")).isEmpty();
        // no hidden leftovers: only the folder of the entries' locks
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("iris", Catalog.LOCKS);
        }
    }

    @Test
    void infoJsonKeepsTheEarlierToolsKeysAndMeaningsAndAddsOurs() throws IOException {
        new Catalog(root).write(files(iris("Iris"), "# Iris\n"));
        JsonNode info = JSON.readTree(root.resolve("iris/iris_info.json").toFile());

        List<String> keys = new ArrayList<>();
        info.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactlyInAnyOrder(
                        "nickname",
                        "official_name",
                        "hf_dir",
                        "data_dir",
                        "nersc_dir",
                        "metadata",
                        "schema_version",
                        "repo_id",
                        "endpoint",
                        "download_link",
                        "loader_script",
                        "batch_script",
                        "distributed",
                        "created",
                        "updated",
                        "published",
                        "scan",
                        "manifest");
        assertThat(info.get("hf_dir").asText()).isEqualTo("https://huggingface.co/datasets/NERSC/iris/");
        assertThat(info.get("nersc_dir").asText()).isEqualTo(root.resolve("iris") + "/");
        assertThat(info.get("data_dir").asText())
                .isEqualTo("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/");
        assertThat(info.get("metadata")).isEqualTo(irisMetadata().json());
        assertThat(info.get("batch_script").isNull()).isTrue();
        assertThat(info.get("published").isNull()).isTrue();
        assertThat(info.get("scan").isNull()).isTrue();
        assertThat(info.get("manifest").isNull()).isTrue();
        assertThat(info.get("created").asText()).isEqualTo("2025-03-01T10:00:00Z");
    }

    @Test
    void aFailureAfterTheTempFolderIsWrittenLeavesNoVisibleEntryAndARerunCompletes() throws IOException {
        Catalog failing = new Catalog(root, step -> {
            if (step == Step.TEMP_WRITTEN) {
                throw new IOException("disk quota exceeded");
            }
        });
        assertThatThrownBy(() -> failing.write(files(iris("Iris"), "# Iris\n")))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("cannot write the catalog entry " + root.resolve("iris"))
                .hasMessageContaining("disk quota exceeded");

        // only the entry's lock (released, empty) stays
        assertThat(snapshot(root))
                .containsOnlyKeys("", ".locks", ".locks/iris.lock")
                .containsEntry(".locks/iris.lock", "");
        Catalog catalog = new Catalog(root);
        assertThat(catalog.nicknames()).isEmpty();
        assertThat(catalog.read("iris")).isEmpty();

        catalog.write(files(iris("Iris"), "# Iris\n"));
        assertThat(catalog.read("iris")).contains(iris("Iris"));
    }

    @Test
    void aKillMidWriteLeavesOnlyAHiddenFolderThatTheNextWriteRemoves() throws IOException {
        // what a kill during rendering leaves: a half-written hidden folder
        Path leftover = Files.createDirectories(root.resolve(".iris.tmp-0123456789ab"));
        Files.writeString(leftover.resolve("README.md"), "# Ir");
        Catalog catalog = new Catalog(root);
        assertThat(catalog.nicknames()).isEmpty();
        assertThat(catalog.exists("iris")).isFalse();

        catalog.write(files(iris("Iris"), "# Iris\n"));
        assertThat(leftover).doesNotExist();
        assertThat(catalog.files("iris")).contains("README.md");
    }

    @Test
    void replacingIsAtomicAndACrashBetweenTheRenamesRestoresTheOldEntry() throws IOException {
        new Catalog(root).write(files(iris("Iris"), "# Iris\n"));
        Map<String, String> before = snapshot(root);
        Catalog crashing = new Catalog(root, step -> {
            if (step == Step.OLD_MOVED_ASIDE) {
                throw new IOException("killed");
            }
        });
        assertThatThrownBy(() -> crashing.write(files(iris("Iris flowers"), "# Iris flowers\n")))
                .isInstanceOf(OperationFailedException.class);
        // on disk now: no iris/, the old one aside; the next read puts it back
        assertThat(root.resolve("iris")).doesNotExist();

        Catalog catalog = new Catalog(root);
        assertThat(catalog.read("iris")).contains(iris("Iris"));
        assertThat(snapshot(root)).isEqualTo(before);

        catalog.write(files(iris("Iris flowers"), "# Iris flowers\n"));
        assertThat(catalog.read("iris").orElseThrow().officialName()).isEqualTo("Iris flowers");
        assertThat(catalog.readFiles("iris").get("README.md")).isEqualTo("# Iris flowers\n");
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("iris", Catalog.LOCKS);
        }
    }

    @Test
    void aCrashAfterTheNewEntryIsInPlaceKeepsTheNewOneAndCleansUpTheOld() throws IOException {
        new Catalog(root).write(files(iris("Iris"), "# Iris\n"));
        Catalog crashing = new Catalog(root, step -> {
            if (step == Step.NEW_MOVED_IN) {
                throw new IOException("killed");
            }
        });
        assertThatThrownBy(() -> crashing.write(files(iris("Iris flowers"), "# Iris flowers\n")))
                .isInstanceOf(OperationFailedException.class);

        Catalog catalog = new Catalog(root);
        assertThat(catalog.nicknames()).containsExactly("iris");
        assertThat(catalog.read("iris").orElseThrow().officialName()).isEqualTo("Iris flowers");
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("iris", Catalog.LOCKS);
        }
    }

    @Test
    void recordPublishedRewritesOnlyThePublishedKey() throws IOException {
        Catalog catalog = new Catalog(root);
        catalog.write(files(iris("Iris"), "# Iris\n"));
        Map<String, String> before = snapshot(root);
        Instant when = Instant.parse("2025-03-02T08:30:00Z");

        CatalogEntry published = catalog.recordPublished("iris", "0123abcd", when);

        assertThat(published.published()).contains(new Published("0123abcd", when));
        assertThat(catalog.read("iris").orElseThrow())
                .isEqualTo(iris("Iris").withPublished(new Published("0123abcd", when)));
        Map<String, String> after = snapshot(root);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((path, text) -> {
            if (!path.equals("iris/iris_info.json")) {
                assertThat(text).as(path).isEqualTo(before.get(path));
            }
        });
        ObjectNode oldInfo = (ObjectNode) JSON.readTree(before.get("iris/iris_info.json"));
        ObjectNode newInfo = (ObjectNode) JSON.readTree(after.get("iris/iris_info.json"));
        assertThat(newInfo.get("published"))
                .isEqualTo(JSON.readTree("{\"commit\":\"0123abcd\",\"time\":\"2025-03-02T08:30:00Z\"}"));
        oldInfo.remove("published");
        newInfo.remove("published");
        assertThat(newInfo).isEqualTo(oldInfo);
    }

    @Test
    void recordManifestRewritesOnlyTheManifestKeyAndReadsBack() throws IOException {
        Catalog catalog = new Catalog(root);
        catalog.write(files(iris("Iris"), "# Iris\n"));
        String before = Files.readString(root.resolve("iris/README.md"));
        EntryManifest m = new EntryManifest("iris_manifest.jsonl.gz", "sha256:" + "ab".repeat(32), 3, 4551, T0);

        CatalogEntry recorded = catalog.recordManifest("iris", m);

        assertThat(recorded.manifest()).contains(m);
        assertThat(catalog.read("iris").orElseThrow()).isEqualTo(iris("Iris").withManifest(Optional.of(m)));
        assertThat(Files.readString(root.resolve("iris/README.md"))).isEqualTo(before);
        JsonNode info = JSON.readTree(root.resolve("iris/iris_info.json").toFile());
        assertThat(info.get("manifest"))
                .isEqualTo(JSON.readTree("{\"file\":\"iris_manifest.jsonl.gz\",\"root_digest\":\"sha256:"
                        + "ab".repeat(32) + "\",\"files\":3,\"bytes\":4551,\"created\":\"" + T0 + "\"}"));
    }

    @Test
    void replacingAnEntryKeepsItsManifestFilesAndRecord() throws IOException {
        Catalog catalog = new Catalog(root);
        catalog.write(files(iris("Iris"), "# Iris\n"));
        Files.write(catalog.manifestFile("iris"), new byte[] {31, -117, 8, 0});
        Files.write(root.resolve("iris/iris_manifest.part-1-of-2.jsonl.gz"), new byte[] {31, -117, 8, 1});
        EntryManifest m = new EntryManifest("iris_manifest.jsonl.gz", "sha256:" + "cd".repeat(32), 1, 2, T0);
        catalog.recordManifest("iris", m);

        catalog.write(files(iris("Iris"), "# Iris, updated\n"));

        assertThat(catalog.files("iris")).contains("iris_manifest.jsonl.gz", "iris_manifest.part-1-of-2.jsonl.gz");
        assertThat(Files.readAllBytes(catalog.manifestFile("iris"))).containsExactly(31, -117, 8, 0);
        assertThat(catalog.read("iris").orElseThrow().manifest()).contains(m);
        assertThat(catalog.readFiles("iris"))
                .as("the manifest is data about the data, never read as text")
                .doesNotContainKeys("iris_manifest.jsonl.gz", "iris_manifest.part-1-of-2.jsonl.gz");
    }

    @Test
    void aManifestThatLandsInTheOldFolderWhileItIsReplacedIsCarriedOver() throws IOException {
        new Catalog(root).write(files(iris("Iris"), "# Iris\n"));
        // a manifest build finishing at the worst moment: its file lands in the folder being replaced
        Catalog racing = new Catalog(root, step -> {
            if (step == Step.TEMP_WRITTEN) {
                Files.write(root.resolve("iris/iris_manifest.jsonl.gz"), new byte[] {31, -117, 8, 2});
            }
        });

        racing.write(files(iris("Iris"), "# Iris, updated\n"));

        assertThat(Files.readAllBytes(racing.manifestFile("iris"))).containsExactly(31, -117, 8, 2);
        assertThat(racing.readFiles("iris").get("README.md")).isEqualTo("# Iris, updated\n");
    }

    @Test
    void aRecordedScanIsWrittenShownOnTheCardAndReadBack() throws IOException {
        Catalog catalog = new Catalog(root);
        DataScan scan = new DataScan(
                3, 5 * 1024 * 1024 + 100, 2, List.of("csv", "hdf5"), List.of("csv", "hdf5"), Optional.of("n<1K"), T0);
        CatalogEntry e = iris("Iris").withScan(Optional.of(scan));
        catalog.write(EntryFiles.render(
                e,
                root.resolve("iris"),
                "print('iris')\n",
                Optional.empty(),
                "https://jupyter.nersc.gov/hub/user-redirect/lab/tree",
                "9d6d994a-6d04-11e5-ba46-22000b92c6ec"));

        assertThat(catalog.read("iris").orElseThrow().scan()).contains(scan);
        JsonNode info = JSON.readTree(root.resolve("iris/iris_info.json").toFile());
        assertThat(info.get("scan"))
                .isEqualTo(JSON.readTree("{\"files\":3,\"bytes\":5242980,\"directories\":2,"
                        + "\"formats\":[\"csv\",\"hdf5\"],\"suggested_tags\":[\"csv\",\"hdf5\"],\"size_category\":\"n<1K\","
                        + "\"scanned\":\"" + T0 + "\"}"));
        assertThat(Files.readString(root.resolve("iris/README.md")))
                .contains("3 files, 5.0 MiB")
                .contains("csv, hdf5");
    }

    @Test
    void aWriteWaitsForWhoeverChangesTheEntrySaysSoAndThenWrites() throws Exception {
        List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(1);
        Catalog catalog = new Catalog(root)
                .withLockWaits(
                        n -> {
                            notices.add(n);
                            told.countDown();
                        },
                        java.time.Duration.ofSeconds(60));
        catalog.write(files(iris("Iris"), "# Iris\n"));
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> {
            try (Catalog.EntryLock held = new Catalog(root).lock("iris", "update-dataset")) {
                holding.countDown();
                told.await(); // let go only once the writer has said it waits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        holding.await();

        catalog.write(files(iris("Iris, second edition"), "# Iris 2\n"));
        other.join();

        assertThat(notices)
                .singleElement()
                .asString()
                .startsWith("waiting for the catalog entry 'iris': update-dataset " + "of 'iris' (process "
                        + ProcessHandle.current().pid() + " on ")
                .endsWith("is changing it");
        assertThat(catalog.read("iris").orElseThrow().officialName()).isEqualTo("Iris, second edition");
    }

    @Test
    void aSharedCatalogRootGetsLocksEveryStewardCanTake() throws IOException {
        // a catalog root a group of stewards writes (as dasrepo's is); whoever locks an entry first must
        // not shut the others out, whatever their umask
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxr-x"));
        new Catalog(root).write(files(iris("Iris"), "# Iris\n"));

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(root.resolve(".locks"))))
                .isEqualTo("rwxrwxr-x");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(root.resolve(".locks/iris.lock"))))
                .isEqualTo("rw-rw-r--");
    }

    @Test
    void aWriteThatWaitsLongerThanItsPatienceIsAConflictAndChangesNothing() throws Exception {
        Catalog patient = new Catalog(root);
        patient.write(files(iris("Iris"), "# Iris\n"));
        Map<String, String> before = snapshot(root.resolve("iris"));
        Catalog hasty = new Catalog(root).withLockWaits(n -> {}, java.time.Duration.ofMillis(50));
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> {
            try (Catalog.EntryLock held = patient.lock("iris", "upload-dataset")) {
                holding.countDown();
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        other.start();
        holding.await();
        try {
            assertThatThrownBy(() -> hasty.write(files(iris("Iris, second edition"), "# Iris 2\n")))
                    .isInstanceOf(gov.nersc.huggingnersc.errors.ConflictException.class)
                    .hasMessageContaining(
                            "the catalog entry 'iris' is being changed by upload-dataset of 'iris' (process")
                    .hasMessageContaining("nothing was changed: run the same command again");
            assertThatThrownBy(() -> hasty.recordPublished("iris", "0".repeat(40), T0))
                    .isInstanceOf(gov.nersc.huggingnersc.errors.ConflictException.class);
        } finally {
            done.countDown();
            other.join();
        }
        assertThat(snapshot(root.resolve("iris"))).isEqualTo(before);
        // once the holder is done, the same write goes through
        hasty.write(files(iris("Iris, second edition"), "# Iris 2\n"));
        assertThat(hasty.read("iris").orElseThrow().officialName()).isEqualTo("Iris, second edition");
    }

    @Test
    void recordPublishedOnAMissingEntryIsInvalidInput() {
        assertThatThrownBy(() -> new Catalog(root).recordPublished("nope", "abc", T0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("no catalog entry 'nope' under " + root);
    }

    @Test
    void differencesIgnoreTimesAndPublicationButNotContent() throws IOException {
        Catalog catalog = new Catalog(root);
        catalog.write(files(iris("Iris"), "# Iris\n"));
        catalog.recordPublished("iris", "abc", T0.plusSeconds(60));
        Map<String, String> existing = catalog.readFiles("iris");

        CatalogEntry later = iris("Iris").toBuilder()
                .created(T0.plusSeconds(3600))
                .updated(T0.plusSeconds(3600))
                .schemaVersion(1)
                .build();
        assertThat(files(later, "# Iris\n").differencesFrom(existing)).isEmpty();
        assertThat(files(later, "# Iris!\n").differencesFrom(existing)).containsExactly("README.md");
        assertThat(files(iris("Other"), "# Iris\n").differencesFrom(existing)).containsExactly("iris_info.json");
    }

    @Test
    void readsAnEntryWrittenByTheEarlierTool() throws IOException {
        Path dir = EarlierToolEntry.iris(root);
        List<String> keys = new ArrayList<>();
        JSON.readTree(dir.resolve("iris_info.json").toFile()).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("nickname", "official_name", "hf_dir", "data_dir", "nersc_dir", "metadata");

        CatalogEntry e = new Catalog(root).read("iris").orElseThrow();

        assertThat(e.origin()).isEqualTo(Origin.EARLIER_TOOL);
        assertThat(e.schemaVersion()).isZero();
        assertThat(e.repoId()).isEqualTo(new RepoId("NERSC", "iris"));
        assertThat(e.endpoint()).isEqualTo("https://huggingface.co");
        assertThat(e.hubUrl()).isEqualTo("https://huggingface.co/datasets/NERSC/iris/");
        assertThat(e.officialName()).isEqualTo("Iris");
        assertThat(e.dataPath()).contains("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/");
        assertThat(e.metadata()).isEqualTo(irisMetadata());
        assertThat(e.loaderScript()).isEmpty();
        assertThat(e.distributed())
                .as("it wrote a notebook, so the loader was not distributed")
                .isFalse();
        assertThat(e.published()).isEmpty();
    }

    @Test
    void aDamagedInfoJsonIsNamedWithItsKey() throws IOException {
        Path dir = Files.createDirectories(root.resolve("iris"));
        Files.writeString(dir.resolve("iris_info.json"), "{\"schema_version\": 1, \"nickname\": 3}");
        assertThatThrownBy(() -> new Catalog(root).read("iris"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(dir.resolve("iris_info.json") + " /nickname: expected a string, found NUMBER; "
                        + "the catalog entry is damaged");
    }
}
