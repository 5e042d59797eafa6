package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.TreeSnapshot;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.FaultProxy.Fault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** update-dataset end to end: the CLI in-process, a local hub behind a loopback proxy. */
class UpdateDatasetCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RepoId IRIS = new RepoId("NERSC", "iris");
    private static final Path EXAMPLE = Path.of("examples/iris");
    /** Our commit request, the one someone else gets in before. */
    private static final String COMMIT = "/api/datasets/NERSC/iris/commit/.*";

    @TempDir
    Path home;

    HubTestbed bed;
    Path root;
    HubClient someoneElse;

    @BeforeEach
    void setUp() throws IOException {
        bed = HubTestbed.start(home, LocalHub.Options.defaults());
        root = bed.root;
        someoneElse = bed.someoneElse;
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    private CliRunner.Result run(String... args) {
        return bed.run(args);
    }

    /** Iris cataloged and published on the hub. */
    private void publishedIris() {
        bed.catalogIris();
    }

    private String hubText(String path) {
        return bed.hubText(IRIS, path);
    }

    private int commits() {
        return bed.commits(IRIS);
    }

    private String entryText(String name) throws IOException {
        return Files.readString(root.resolve("iris").resolve(name));
    }

    private JsonNode info() throws IOException {
        return JSON.readTree(entryText("iris_info.json"));
    }

    /** Someone edits the card on the Hub: a front-matter key and a paragraph outside our sections. */
    private void someoneAddsToTheCard(String key, String yaml, String paragraph) {
        String card = hubText("README.md");
        String edited = card.replaceFirst("^---\n", "---\n" + key + ":\n" + yaml) + "\n" + paragraph + "\n";
        someoneElse.commit(
                IRIS,
                CommitRequest.onMain(
                        "Edit the card on the Hub",
                        List.of(new CommitOperation.Add("README.md", ContentSource.of(edited)))));
    }

    private Path metadataWithTag(String tag) throws IOException {
        Path file = home.resolve("iris_metadata.json");
        JsonNode m = JSON.readTree(EXAMPLE.resolve("iris_metadata.json").toFile());
        ((com.fasterxml.jackson.databind.node.ArrayNode) m.get("datacard_tags").get("tags")).add(tag);
        Files.writeString(file, JSON.writeValueAsString(m));
        return file;
    }

    @Test
    void changesNameAndMetadataInOneCommitAndKeepsWhatOthersAddedToTheCard() throws IOException {
        publishedIris();
        someoneAddsToTheCard(
                "dataset_info", "  dataset_size: 3858\n", "## Community notes\n\nSepal widths were measured by hand.");
        String created = info().get("created").asText();
        int before = commits();

        CliRunner.Result r = run(
                "update-dataset",
                "iris",
                "--official-name",
                "Iris flowers",
                "--metadata",
                metadataWithTag("flowers").toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(commits()).as("one commit").isEqualTo(before + 1);
        String card = hubText("README.md");
        assertThat(DatasetCard.parse(card).frontMatter().get("dataset_info")).isEqualTo(Map.of("dataset_size", 3858));
        assertThat(card)
                .contains("## Community notes\n\nSepal widths were measured by hand.")
                .contains("# Iris flowers")
                .contains("- flowers");
        assertThat(entryText("README.md"))
                .as("the entry keeps the card as committed")
                .isEqualTo(card);
        assertThat(JSON.readTree(hubText("nersc.json")).get("official_name").asText())
                .isEqualTo("Iris flowers");
        JsonNode info = info();
        assertThat(info.get("official_name").asText()).isEqualTo("Iris flowers");
        assertThat(info.get("created").asText()).isEqualTo(created);
        assertThat(info.get("published").get("commit").asText()).isEqualTo(someoneElse.headOf(IRIS, "main"));
        assertThat(r.out())
                .contains("Updated iris.")
                .contains("Hub repo:       NERSC/iris (changed: README.md, croissant.json, nersc.json)")
                .contains("/datasets/NERSC/iris/commit/" + someoneElse.headOf(IRIS, "main"));

        CliRunner.Result again = run(
                "update-dataset",
                "iris",
                "--official-name",
                "Iris flowers",
                "--metadata",
                home.resolve("iris_metadata.json").toString());
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).isEqualTo("iris: already up to date, nothing changed\n");
        assertThat(commits()).as("the same update again commits nothing").isEqualTo(before + 1);
    }

    @Test
    void aNewOfficialNameRetitlesTheCardAndTheCroissantDocument() throws IOException {
        publishedIris();

        CliRunner.Result r = run("update-dataset", "iris", "--official-name", "Iris flowers");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String card = hubText("README.md");
        assertThat(DatasetCard.parse(card).frontMatter().get("pretty_name"))
                .as("the Hub's title")
                .isEqualTo("Iris flowers");
        assertThat(card).contains("\n# Iris flowers\n");
        assertThat(JSON.readTree(hubText("croissant.json")).get("name").asText())
                .isEqualTo("Iris flowers");
        assertThat(info().at("/metadata/datacard_tags/pretty_name").asText()).isEqualTo("Iris flowers");
        assertThat(entryText("README.md")).isEqualTo(card);
    }

    @Test
    void aNewOfficialNameWinsOverTheTitleOfANewMetadataFileWithAWarning() throws IOException {
        publishedIris();

        CliRunner.Result r = run(
                "update-dataset",
                "iris",
                "--official-name",
                "Iris flowers",
                "--metadata",
                metadataWithTag("flowers").toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(DatasetCard.parse(hubText("README.md")).frontMatter().get("pretty_name"))
                .isEqualTo("Iris flowers");
        assertThat(r.err())
                .contains("warning: --official-name 'Iris flowers' replaces /datacard_tags/pretty_name 'Iris'");
    }

    @Test
    void quietPrintsOnlyTheRepoPageOrTheEntryFolder() {
        publishedIris();
        CliRunner.Result pushed = run("-q", "update-dataset", "iris", "--official-name", "Iris flowers");
        assertThat(pushed.exitCode()).as(pushed.toString()).isZero();
        assertThat(pushed.out()).isEqualTo(bed.proxy.url() + "/datasets/NERSC/iris\n");

        CliRunner.Result local = run("-q", "update-dataset", "iris", "--official-name", "Iris", "--no-push");
        assertThat(local.exitCode()).as(local.toString()).isZero();
        assertThat(local.out()).isEqualTo(root.resolve("iris") + "\n");
        assertThat(local.err()).isEmpty();
    }

    @Test
    void dryRunPrintsAUnifiedDiffAndChangesNothing() throws IOException {
        publishedIris();
        int before = commits();
        Map<String, String> entry = TreeSnapshot.of(root);
        bed.proxy.clearLog();

        CliRunner.Result r = run("update-dataset", "iris", "--official-name", "Iris flowers", "--dry-run");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("--- a/catalog/iris/README.md\n+++ b/catalog/iris/README.md\n@@ ")
                .contains("--- a/catalog/iris/iris_info.json\n+++ b/catalog/iris/iris_info.json\n")
                .contains("-  \"official_name\": \"Iris\",\n+  \"official_name\": \"Iris flowers\",\n")
                .contains("--- a/hub/NERSC/iris/README.md\n+++ b/hub/NERSC/iris/README.md\n")
                .contains("--- a/hub/NERSC/iris/nersc.json\n+++ b/hub/NERSC/iris/nersc.json\n")
                .contains("\n-# Iris\n+# Iris flowers\n");
        assertThat(r.err()).contains("dry run: nothing was changed");
        assertThat(commits()).isEqualTo(before);
        assertThat(TreeSnapshot.of(root)).isEqualTo(entry);
        assertThat(bed.proxy.requests()).noneMatch(q -> q.startsWith("POST"));
    }

    @Test
    void aCommitBysomeoneElseInBetweenIsMergedAndRetriedOnce() throws IOException {
        publishedIris();
        int before = commits();
        bed.proxy.inject(
                "POST",
                COMMIT,
                1,
                Fault.before(() -> someoneAddsToTheCard(
                        "dataset_info",
                        "  features:\n  - name: species\n",
                        "A paragraph added while the update was on its way.")));

        CliRunner.Result r = run("update-dataset", "iris", "--official-name", "Iris flowers");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("someone committed to NERSC/iris meanwhile");
        assertThat(commits()).as("theirs and ours").isEqualTo(before + 2);
        String card = hubText("README.md");
        assertThat(card)
                .contains("dataset_info:")
                .contains("A paragraph added while the update was on its way.")
                .contains("# Iris flowers");
        assertThat(entryText("README.md")).isEqualTo(card);
        assertThat(info().get("published").get("commit").asText()).isEqualTo(someoneElse.headOf(IRIS, "main"));
    }

    @Test
    void twoCommitsInBetweenAreAConflictAndNothingChanges() throws IOException {
        publishedIris();
        Map<String, String> entry = TreeSnapshot.of(root);
        int[] n = {0};
        bed.proxy.inject(
                "POST",
                COMMIT,
                2,
                Fault.before(() -> someoneAddsToTheCard("extra_" + ++n[0], "  x: 1\n", "Edit " + n[0] + ".")));
        int before = commits();

        CliRunner.Result r = run("update-dataset", "iris", "--official-name", "Iris flowers");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err())
                .contains("changed twice while this update was being committed")
                .contains("nothing was changed");
        assertThat(TreeSnapshot.of(root)).as("the entry is untouched").isEqualTo(entry);
        assertThat(commits()).as("only their two commits").isEqualTo(before + 2);
        assertThat(hubText("README.md"))
                .doesNotContain("Iris flowers")
                .contains("Edit 1.")
                .contains("Edit 2.");
    }

    @Test
    void badInputIsExitTwoAndWritesNothing() throws IOException {
        publishedIris();
        Map<String, String> entry = TreeSnapshot.of(root);
        int before = commits();
        Path broken = home.resolve("broken.json");
        Files.writeString(broken, "{\"datacard_tags\": {\"pretty_name\": \"Iris\", \"license\": \"not-a-license\"}}");

        CliRunner.Result meta =
                run("update-dataset", "iris", "--official-name", "Iris flowers", "--metadata", broken.toString());
        assertThat(meta.exitCode()).as(meta.toString()).isEqualTo(2);
        assertThat(meta.err()).contains("--metadata " + broken).contains("license");

        CliRunner.Result loader = run(
                "update-dataset", "iris", "--loader", home.resolve("nope.py").toString());
        assertThat(loader.exitCode()).isEqualTo(2);
        assertThat(loader.err())
                .isEqualTo("error: --loader " + home.resolve("nope.py")
                        + ": no such file; give the file with the loader's Python code\n");

        CliRunner.Result name = run("update-dataset", "iris", "--official-name", " ");
        assertThat(name.exitCode()).isEqualTo(2);
        assertThat(name.err()).contains("--official-name: empty");

        CliRunner.Result link = run("update-dataset", "iris", "--download-link", "auto");
        assertThat(link.exitCode()).isEqualTo(2);
        assertThat(link.err()).startsWith("error: --download-link auto: ");

        CliRunner.Result refresh = run("update-dataset", "iris");
        assertThat(refresh.exitCode())
                .as("a refresh of data that did not change")
                .isZero();

        CliRunner.Result missing = run("update-dataset", "irs", "--official-name", "X");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no catalog entry 'irs'").contains("did you mean iris?");

        assertThat(TreeSnapshot.of(root)).isEqualTo(entry);
        assertThat(commits()).isEqualTo(before);
    }

    @Test
    void aNewLoaderNameReplacesTheOldFileInTheEntryAndTheRepo() throws IOException {
        publishedIris();
        Path loader = home.resolve("load_iris.py");
        Files.writeString(loader, "import pandas as pd\n\ndef load():\n    return pd.read_csv('iris.csv')\n");

        CliRunner.Result r = run("update-dataset", "iris", "--loader", loader.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> files = new ArrayList<>();
        for (TreeEntry e : someoneElse.listTree(IRIS, "main", null, true)) {
            files.add(e.path());
        }
        assertThat(files).contains("load_iris.py", "README.md", "nersc.json").doesNotContain("iris_loader.py");
        assertThat(hubText("load_iris.py")).isEqualTo(Files.readString(loader));
        assertThat(root.resolve("iris/iris_loader.py")).doesNotExist();
        assertThat(entryText("load_iris.py")).isEqualTo(Files.readString(loader));
        assertThat(entryText("iris_dataloader.ipynb")).contains("def load():");
        assertThat(info().get("loader_script").asText()).isEqualTo("load_iris.py");
    }

    @Test
    void withoutATokenAPublishedEntryIsRefusedBeforeAnyRequestAsOtherWritingCommandsAre() throws IOException {
        publishedIris();
        Map<String, String> entryBefore = TreeSnapshot.of(root);
        int requestsBefore = bed.proxy.requests().size();

        CliRunner.Result r = new CliRunner(home)
                .run(
                        "--catalog-root",
                        root.toString(),
                        "--endpoint",
                        bed.proxy.url(),
                        "update-dataset",
                        "iris",
                        "--official-name",
                        "Iris flowers");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("error: update-dataset iris: no Hub token to publish to " + bed.proxy.url()
                        + " (endpoint from --endpoint); run `huggingnersc login --endpoint " + bed.proxy.url()
                        + "` or set HF_TOKEN; "
                        + "or change the entry only with --no-push\n");
        assertThat(bed.proxy.requests()).as("nothing sent").hasSize(requestsBefore);
        assertThat(TreeSnapshot.of(root)).as("nothing written").isEqualTo(entryBefore);
    }

    @Test
    void anEntryNeverPublishedIsUpdatedAloneAndSaysHowToPublishIt() throws IOException {
        bed.catalogIris("--no-push");
        int requestsBefore = bed.proxy.requests().size();

        CliRunner.Result r = run("update-dataset", "iris", "--official-name", "Iris flowers");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err())
                .contains("iris was never published, so updated the entry only; publish it with "
                        + "'huggingnersc upload-dataset iris'");
        assertThat(info().get("official_name").asText()).isEqualTo("Iris flowers");
        assertThat(entryText("README.md")).contains("# Iris flowers");
        assertThat(bed.proxy.requests()).as("no Hub request after cataloging").hasSize(requestsBefore);
    }

    @Test
    void noPushChangesTheEntryOnly() throws IOException {
        publishedIris();
        int before = commits();

        CliRunner.Result r = run("update-dataset", "iris", "--distributed", "--no-push");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("--no-push: updated the entry only");
        assertThat(commits()).isEqualTo(before);
        assertThat(root.resolve("iris/iris_dataloader.ipynb"))
                .as("a distributed loader has no notebook")
                .doesNotExist();
        assertThat(info().get("distributed").asBoolean()).isTrue();
    }

    @Test
    void aCommitWhoseEntryWasNotWrittenIsFinishedByTheSameUpdateWithoutASecondCommit() throws IOException {
        publishedIris();
        int commits = crashAfterTheCommit("update-dataset", "iris", "--official-name", "Iris flowers");

        CliRunner.Result again = run("update-dataset", "iris", "--official-name", "Iris flowers");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already holds these files, no commit");
        assertThat(commits()).isEqualTo(commits);
        assertThat(info().get("official_name").asText()).isEqualTo("Iris flowers");
        assertThat(entryText("README.md")).isEqualTo(hubText("README.md"));
        assertThat(info().at("/published/commit").asText())
                .as("the commit that holds the change")
                .isEqualTo(bed.someoneElse.headOf(IRIS, "main"));
    }

    @Test
    void aCommitWhoseEntryWasNotWrittenAfterANoPushChangeIsRecordedByTheSameUpdate() throws IOException {
        publishedIris();
        assertThat(run("update-dataset", "iris", "--official-name", "Iris flowers", "--no-push")
                        .exitCode())
                .isZero();
        // the entry already says what the commit brings; only its record of the commit is missing
        int commits = crashAfterTheCommit("update-dataset", "iris", "--official-name", "Iris flowers");

        CliRunner.Result again = run("update-dataset", "iris", "--official-name", "Iris flowers");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(commits()).isEqualTo(commits);
        assertThat(again.out())
                .contains("changed: nothing but the publication record")
                .contains("already holds these files, no commit");
        assertThat(info().at("/published/commit").asText()).isEqualTo(bed.someoneElse.headOf(IRIS, "main"));
    }

    /**
     * Runs the update, then puts the catalog back as it was: the state a crash right after the
     * commit leaves (the repo updated, the entry not). Returns the repo's commits by then.
     */
    private int crashAfterTheCommit(String... update) throws IOException {
        Map<String, String> before = TreeSnapshot.contents(root);
        CliRunner.Result first = run(update);
        assertThat(first.exitCode()).as(first.toString()).isZero();
        restore(before);
        return commits();
    }

    private void restore(Map<String, String> contents) throws IOException {
        for (Map.Entry<String, String> f : contents.entrySet()) {
            Path p = root.resolve(f.getKey());
            if (!f.getValue().equals("<dir>")) {
                Files.writeString(p, f.getValue(), StandardCharsets.ISO_8859_1);
            }
        }
    }

    @Test
    void anEntryOfTheEarlierToolIsUpdatedWithTheLoaderFromItsCard() throws IOException {
        gov.nersc.huggingnersc.EarlierToolEntry.iris(root);

        CliRunner.Result r = run("update-dataset", "iris", "--official-name", "Iris flowers", "--no-push");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode info = info();
        assertThat(info.get("schema_version").asInt()).isEqualTo(1);
        assertThat(info.get("loader_script").asText()).isEqualTo("iris_loader.py");
        assertThat(entryText("iris_loader.py")).contains("import pandas as pd");
        assertThat(entryText("README.md"))
                .contains("# Iris flowers")
                .doesNotContain("If you would like to download the data, visit the following link:");
    }

    @Test
    void anEntryPublishedOnAnotherHubIsUpdatedAloneAndSaysWhere() throws IOException {
        publishedIris();
        int before = commits();

        CliRunner.Result r = bed.cli.run(
                "--catalog-root",
                root.toString(),
                "--endpoint",
                "https://hub.example.org",
                "update-dataset",
                "iris",
                "--official-name",
                "Iris flowers");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err())
                .contains("iris is published on " + bed.proxy.url() + ", not on https://hub.example.org, "
                        + "so updated the entry only; run again with --endpoint " + bed.proxy.url());
        assertThat(commits()).isEqualTo(before);
        assertThat(info().get("official_name").asText()).isEqualTo("Iris flowers");
    }
}
