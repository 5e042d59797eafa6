package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --commit-message and --commit-description, as hf upload has them, on every write. */
class CommitMessageOptionsTest {
    private static final RepoId IRIS_REPO = new RepoId("NERSC", "iris");

    @TempDir
    Path home;

    HubTestbed bed;
    HubClient hub;

    @BeforeEach
    void setUp() throws IOException {
        bed = HubTestbed.start(home, LocalHub.Options.defaults());
        hub = bed.someoneElse;
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    private CliRunner.Result run(String... args) {
        return bed.run(args);
    }

    private static String[] iris(String... extra) {
        return PublishCommandsTest.iris(extra);
    }

    private RepoCommit head() {
        return hub.listCommits(IRIS_REPO, "main").iterator().next();
    }

    @Test
    void everyWriteTakesTheTitleAndDescriptionGiven() {
        CliRunner.Result r = run(iris(
                "--commit-message",
                "Add Iris for the ML school",
                "--commit-description",
                "Requested in ticket 1234.\nReviewed by the data team."));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(head().title()).isEqualTo("Add Iris for the ML school");
        assertThat(head().message())
                .contains("Requested in ticket 1234.", "Reviewed by the data team.")
                .doesNotContain("Catalog entry:");

        r = run("update-dataset", "iris", "--official-name", "Iris (Fisher 1936)", "--commit-message", "Retitle iris");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(head().title()).isEqualTo("Retitle iris");
        assertThat(head().message())
                .as("the tool's description stays when none is given")
                .contains("Catalog entry:");

        // the repo loses a file: upload-dataset puts it back, with the words given
        hub.commit(
                IRIS_REPO,
                gov.nersc.huggingnersc.hub.CommitRequest.onMain(
                        "someone removes nersc.json",
                        List.of(new gov.nersc.huggingnersc.hub.CommitOperation.Delete("nersc.json"))));
        r = run("upload-dataset", "iris", "--commit-message", "Restore nersc.json", "--commit-description", "by hand");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(head().title()).isEqualTo("Restore nersc.json");
        assertThat(head().message()).contains("by hand");
    }

    @Test
    void uploadDataTakesThemToo() {
        assertThat(run(iris()).exitCode()).isZero();
        CliRunner.Result r = run(
                "upload-data", "iris", "--commit-message", "Add the iris data", "--commit-description", "All of it.");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(head().title()).isEqualTo("Add the iris data");
        assertThat(head().message()).contains("All of it.");
        CliRunner.Result bad = run("upload-data", "iris", "--commit-message", "a\nb");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
    }

    @Test
    void withoutTheOptionsTheToolsOwnWordsStay() {
        assertThat(run(iris()).exitCode()).isZero();
        assertThat(head().title()).isEqualTo("Catalog iris from NERSC (huggingnersc)");
        assertThat(head().message()).contains("Catalog entry:");
    }

    @Test
    void aBadTitleIsRefusedBeforeAnythingIsWritten() {
        for (String[] bad : List.of(
                new String[] {"--commit-message", "two\nlines"},
                new String[] {"--commit-message", " "},
                new String[] {"--commit-message", "x".repeat(201)},
                new String[] {"--no-push", "--commit-message", "t"})) {
            CliRunner.Result r = run(iris(bad));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err()).contains("--commit-message").doesNotContain("Exception");
            assertThat(bed.root.resolve("iris")).doesNotExist();
            assertThat(hub.listDatasets(new gov.nersc.huggingnersc.hub.ListQuery(null, null, null, null, null, 10))
                            .iterator()
                            .hasNext())
                    .as("no repo on the hub")
                    .isFalse();
        }
    }
}
