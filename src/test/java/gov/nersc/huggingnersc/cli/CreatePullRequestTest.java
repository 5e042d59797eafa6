package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.TreeSnapshot;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --create-pr on upload-dataset and update-dataset: the change is proposed, main is left alone. */
class CreatePullRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RepoId IRIS = new RepoId("NERSC", "iris");

    @TempDir
    Path home;

    HubTestbed bed;

    @BeforeEach
    void setUp() throws IOException {
        bed = HubTestbed.start(home, LocalHub.Options.defaults());
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    private String publishedCommit() throws IOException {
        return JSON.readTree(bed.run("--json", "inspect-dataset", "iris").out())
                .at("/published/commit")
                .asText();
    }

    @Test
    void updateDatasetProposesTheChangeAndLeavesMainAndTheRecordAlone() throws IOException {
        bed.catalogIris();
        String main = bed.someoneElse.headOf(IRIS, "main");
        String recorded = publishedCommit();

        CliRunner.Result r = bed.run(
                "update-dataset",
                "iris",
                "--official-name",
                "Iris (Fisher 1936)",
                "--create-pr",
                "--commit-message",
                "Retitle iris");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("pull request:", "/datasets/NERSC/iris/discussions/1");
        assertThat(r.err()).contains("main is unchanged until the pull request is merged");
        assertThat(bed.someoneElse.headOf(IRIS, "main")).as("main is untouched").isEqualTo(main);
        String pr = bed.someoneElse.headOf(IRIS, "refs/pr/1");
        assertThat(new String(bed.someoneElse.readFile(IRIS, pr, "README.md"), StandardCharsets.UTF_8))
                .contains("pretty_name: Iris (Fisher 1936)");
        assertThat(bed.someoneElse.listCommits(IRIS, pr).iterator().next().title())
                .isEqualTo("Retitle iris");
        assertThat(Files.readString(bed.root.resolve("iris/README.md")))
                .as("the entry is updated")
                .contains("pretty_name: Iris (Fisher 1936)");
        assertThat(publishedCommit())
                .as("the entry still records what main holds")
                .isEqualTo(recorded);

        JsonNode json =
                JSON.readTree(bed.run("--json", "update-dataset", "iris", "--official-name", "Iris 3", "--create-pr")
                        .out());
        assertThat(json.get("hub").asText()).isEqualTo("pull-request");
        assertThat(json.get("commit_url").asText()).endsWith("/discussions/2");
    }

    @Test
    void uploadDatasetProposesTheEntryToAnExistingRepo() throws IOException {
        bed.catalogIris();
        assertThat(bed.run("update-dataset", "iris", "--official-name", "Iris (Fisher 1936)", "--no-push")
                        .exitCode())
                .isZero();
        String main = bed.someoneElse.headOf(IRIS, "main");

        CliRunner.Result r = bed.run("upload-dataset", "iris", "--create-pr");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Proposed iris in a pull request", "pull request:", "/discussions/1");
        assertThat(bed.someoneElse.headOf(IRIS, "main")).isEqualTo(main);
        JsonNode q = JSON.readTree(
                bed.run("--json", "upload-dataset", "iris", "--create-pr").out());
        assertThat(q.get("status").asText()).isEqualTo("pull_request_opened");
        assertThat(q.get("pull_request_url").asText()).endsWith("/discussions/2");
        assertThat(bed.run("-q", "upload-dataset", "iris", "--create-pr").out().strip())
                .endsWith("/discussions/3");

        // without --create-pr the change lands on main and the entry records it
        CliRunner.Result direct = bed.run("upload-dataset", "iris");
        assertThat(direct.exitCode()).as(direct.toString()).isZero();
        assertThat(publishedCommit())
                .isEqualTo(bed.someoneElse.headOf(IRIS, "main"))
                .isNotEqualTo(main);
    }

    @Test
    void aPullRequestNeedsARepoAndNothingIsWrittenWithoutOne() throws IOException {
        bed.catalogIris("--no-push");
        Map<String, String> before = TreeSnapshot.of(home);

        CliRunner.Result r = bed.run("upload-dataset", "iris", "--create-pr");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("\nerror: --create-pr: NERSC/iris does not exist on ");
        assertThat(TreeSnapshot.of(home))
                .as("nothing written, locally or on the hub")
                .isEqualTo(before);
    }
}
