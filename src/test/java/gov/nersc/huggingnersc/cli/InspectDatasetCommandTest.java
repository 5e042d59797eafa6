package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.EarlierToolEntry;
import gov.nersc.huggingnersc.TreeSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectDatasetCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Path root;
    CliRunner cli;

    @BeforeEach
    void setUp() {
        root = home.resolve("catalog");
        cli = new CliRunner(home);
    }

    private void earlierToolEntry() throws IOException {
        EarlierToolEntry.iris(root);
    }

    @Test
    void readsAnEntryWrittenByTheEarlierTool() throws IOException {
        earlierToolEntry();
        java.util.Map<String, String> before = TreeSnapshot.of(root);
        CliRunner.Result r = cli.run("--catalog-root", root.toString(), "inspect-dataset", "iris");
        assertThat(TreeSnapshot.of(root)).as("reading changes nothing").isEqualTo(before);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("nickname:      iris")
                .contains("official name: Iris")
                .contains("entry:         " + root.resolve("iris") + "/ (written by the earlier Python tool)")
                .contains("Hub repo:      NERSC/iris on https://huggingface.co")
                .contains("data path:     /global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/")
                .contains("loader:        unknown (the earlier tool did not record it); see README.md")
                .contains("distributed:   no, inferred from the notebook")
                .contains("tags:          csv, biology")
                .contains("published:     no")
                .contains("files:         README.md, iris_dataloader.ipynb, iris_info.json");
    }

    @Test
    void jsonOfAnEarlierToolEntrySaysWhoWroteIt() throws IOException {
        earlierToolEntry();
        CliRunner.Result r = cli.run("--catalog-root", root.toString(), "inspect-dataset", "iris", "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.get("written_by").asText()).isEqualTo("earlier-tool");
        assertThat(j.get("schema_version").asInt()).isZero();
        assertThat(j.get("repo_id").asText()).isEqualTo("NERSC/iris");
        assertThat(j.get("loader_script").isNull()).isTrue();
        assertThat(j.get("metadata").get("datacard_tags").get("pretty_name").asText())
                .isEqualTo("Iris");
    }

    @Test
    void summarisesAnEntryOfThisTool() throws IOException {
        Path jet = Path.of("examples/jetclass");
        CliRunner.Result made = cli.run(
                "--catalog-root",
                root.toString(),
                "--endpoint",
                "https://huggingface.co",
                "catalog-new-dataset",
                "JetClass",
                "jetclass",
                jet.resolve("jetclass_loader.py").toString(),
                "$CFS/dasrepo/www/ai_ready_datasets/jetclass/data/",
                "auto",
                jet.resolve("jetclass_metadata.json").toString(),
                "--batch-script",
                jet.resolve("jetclass_batch.sh").toString(),
                "--distributed",
                "--no-data-check",
                "--no-push");
        assertThat(made.exitCode()).as(made.toString()).isZero();

        CliRunner.Result r = cli.run("--catalog-root", root.toString(), "inspect-dataset", "jetclass");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("entry:         " + root.resolve("jetclass") + "/ (schema 1)")
                .contains("Hub URL:       https://huggingface.co/datasets/NERSC/jetclass/")
                .contains("data path:     /global/cfs/cdirs/dasrepo/www/ai_ready_datasets/jetclass/data/")
                .contains("download link: https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/jetclass/data/")
                .contains("loader:        jetclass_loader.py")
                .contains("batch script:  jetclass_batch.sh")
                .contains("distributed:   yes (no notebook)")
                .contains("tags:          hdf5, particle physics")
                .contains("papers:        https://arxiv.org/abs/2202.03772");

        JsonNode j = JSON.readTree(cli.run("--catalog-root", root.toString(), "--json", "inspect-dataset", "jetclass")
                .out());
        assertThat(j.get("written_by").asText()).isEqualTo("huggingnersc");
        assertThat(j.get("files")).hasSize(6);
        assertThat(j.get("distributed").asBoolean()).isTrue();
    }

    @Test
    void aMissingEntryIsExitTwoAndNamesCloseNicknames() throws IOException {
        earlierToolEntry();
        CliRunner.Result r = cli.run("--catalog-root", root.toString(), "inspect-dataset", "irs");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: no catalog entry 'irs' under " + root + "; did you mean iris?\n");

        CliRunner.Result far = cli.run("--catalog-root", root.toString(), "inspect-dataset", "cosmoflow");
        assertThat(far.exitCode()).isEqualTo(2);
        assertThat(far.err()).isEqualTo("error: no catalog entry 'cosmoflow' under " + root + "\n");
    }
}
