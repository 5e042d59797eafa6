package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.EarlierToolEntry;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What catalog-new-dataset, update-dataset and upload-data put into a repo of the data itself. */
class RepoLayoutCommandTest {
    private static final RepoId IRIS = new RepoId("NERSC", "iris");
    private static final Path EXAMPLE = Path.of("examples/iris");

    @TempDir
    Path home;

    private List<String> files(HubTestbed t, RepoId repo) {
        return t.someoneElse.listTree(repo, "main", null, true).stream()
                .filter(TreeEntry::isFile)
                .map(TreeEntry::path)
                .toList();
    }

    private Map<String, Object> frontMatter(HubTestbed t, RepoId repo) {
        return DatasetCard.parse(t.hubText(repo, "README.md")).frontMatter();
    }

    @Test
    void aLoaderNamedLikeTheRepoIsNeverPublishedAtItsRoot() throws Exception {
        Path loader = Files.createDirectories(home.resolve("in")).resolve("iris.py");
        Files.copy(EXAMPLE.resolve("iris_loader.py"), loader);
        try (HubTestbed t = HubTestbed.start(home, LocalHub.Options.defaults())) {
            CliRunner.Result r = t.run(
                    "catalog-new-dataset",
                    "Iris",
                    "iris",
                    loader.toString(),
                    EXAMPLE.resolve("data").toString(),
                    "none",
                    EXAMPLE.resolve("iris_metadata.json").toString());

            assertThat(r.exitCode()).as(r.toString()).isZero();
            // datasets 4+ refuses a repo holding <repo name>.py: "Dataset scripts are no longer supported"
            assertThat(files(t, IRIS)).contains("scripts/iris.py").doesNotContain("iris.py");
            assertThat(t.hubText(IRIS, "scripts/iris.py")).isEqualTo(Files.readString(loader));
        }
    }

    @Test
    void aSmallBudgetTakesWholeLinesAndTheCardSaysItIsASample() throws Exception {
        try (HubTestbed t = HubTestbed.start(home, LocalHub.Options.defaults())) {
            t.catalogIris("--sample-size", "200");

            String sample = t.hubText(IRIS, "sample/iris.csv");
            assertThat(sample.length()).isLessThanOrEqualTo(200);
            assertThat(Files.readString(EXAMPLE.resolve("data/iris.csv"))).startsWith(sample);
            assertThat(sample).endsWith("\n").contains("sepal_length");
            assertThat(t.hubText(IRIS, "README.md"))
                    .contains("The repo holds a sample of the data (1 of 1 file, " + sample.length()
                            + " bytes of 3.8 KiB)");
        }
    }

    @Test
    void noSampleMeansNoDataInTheRepoAndTheViewerOff() throws Exception {
        try (HubTestbed t = HubTestbed.start(home, LocalHub.Options.defaults())) {
            t.catalogIris("--no-sample");

            assertThat(files(t, IRIS)).noneMatch(p -> p.startsWith("sample/")).contains("nersc_files.csv");
            Map<String, Object> keys = frontMatter(t, IRIS);
            assertThat(keys).containsEntry("viewer", false);
            assertThat(keys.get("configs"))
                    .isEqualTo(List.of(Map.of(
                            "config_name",
                            "files",
                            "data_files",
                            List.of(Map.of("split", "train", "path", "nersc_files.csv")))));

            CliRunner.Result again = t.run("update-dataset", "iris");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(files(t, IRIS)).as("a refresh takes the default budget").contains("sample/iris.csv");
            assertThat(frontMatter(t, IRIS)).doesNotContainKey("viewer");
        }
    }

    @Test
    void afterUploadDataTheWholeDataIsTheDefaultConfigAndStaysSo() throws Exception {
        try (HubTestbed t = HubTestbed.start(home, LocalHub.Options.defaults())) {
            t.catalogIris();
            CliRunner.Result up = t.run("upload-data", "iris");
            assertThat(up.exitCode()).as(up.toString()).isZero();
            List<Map<String, Object>> whole = List.of(Map.of(
                    "config_name",
                    "default",
                    "data_files",
                    List.of(Map.of("split", "train", "path", "data/iris.csv"))));
            assertThat(frontMatter(t, IRIS).get("configs")).isEqualTo(whole);

            CliRunner.Result update = t.run("update-dataset", "iris", "--official-name", "Iris flowers");

            assertThat(update.exitCode()).as(update.toString()).isZero();
            assertThat(frontMatter(t, IRIS).get("configs"))
                    .as("the sample's configs do not replace the whole data's")
                    .isEqualTo(whole);
        }
    }

    @Test
    void uploadDatasetBringsAnEntryOfTheEarlierToolToTodaysLayoutInOneCommit() throws Exception {
        try (HubTestbed t = HubTestbed.start(home, LocalHub.Options.defaults())) {
            Path dir = EarlierToolEntry.iris(t.root);
            Path data = EXAMPLE.resolve("data").toAbsolutePath();
            Files.writeString(
                    dir.resolve("iris_info.json"),
                    EarlierToolEntry.IRIS_INFO.replace(
                            "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/", data + "/"));

            CliRunner.Result r = t.run("upload-dataset", "iris");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(t.commits(IRIS)).as("the repo's creation and one commit").isEqualTo(2);
            assertThat(files(t, IRIS)).contains("sample/iris.csv", "README.md", "croissant.json", "nersc.json");
            assertThat(frontMatter(t, IRIS).get("configs"))
                    .isEqualTo(List.of(Map.of(
                            "config_name",
                            "default",
                            "data_files",
                            List.of(Map.of("split", "train", "path", "sample/iris.csv")))));
            assertThat(Files.exists(dir.resolve("nersc_files.csv")))
                    .as("the entry keeps the inventory")
                    .isTrue();

            CliRunner.Result again = t.run("upload-dataset", "iris");
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(t.commits(IRIS))
                    .as("a second upload-dataset commits nothing")
                    .isEqualTo(2);
        }
    }
}
