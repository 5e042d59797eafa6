package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.TreeSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** update-dataset scans the data again, unless --no-scan; the same numbers change nothing. */
class UpdateDatasetScanTest {
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

    CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--catalog-root", root.toString()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    JsonNode scan() throws IOException {
        return JSON.readTree(root.resolve("iris/iris_info.json").toFile()).get("scan");
    }

    @Test
    void anUpdateRecordsWhatIsThereNow() throws IOException {
        Files.writeString(data.resolve("more.csv"), "a,b\n1,2\n");

        CliRunner.Result r = run("update-dataset", "iris", "--official-name", "Iris flowers", "--no-push");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(scan().get("files").asLong()).isEqualTo(2);
        assertThat(Files.readString(root.resolve("iris/README.md"))).contains("- Contents: 2 files, ");
    }

    @Test
    void noScanKeepsTheRecordedScan() throws IOException {
        JsonNode before = scan();
        Files.writeString(data.resolve("more.csv"), "a,b\n1,2\n");

        CliRunner.Result r = run("update-dataset", "iris", "--official-name", "Iris flowers", "--no-push", "--no-scan");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(scan()).isEqualTo(before);
        assertThat(Files.readString(root.resolve("iris/README.md"))).contains("- Contents: 1 file, ");
    }

    @Test
    void theSameUpdateAgainOnUnchangedDataChangesNothing() throws IOException {
        assertThat(run("update-dataset", "iris", "--official-name", "Iris flowers", "--no-push")
                        .exitCode())
                .isZero();
        Map<String, String> before = TreeSnapshot.of(root);

        CliRunner.Result again = run("update-dataset", "iris", "--official-name", "Iris flowers", "--no-push");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(TreeSnapshot.of(root))
                .as("a re-scan with the same numbers is no change")
                .isEqualTo(before);
    }

    @Test
    void aNewDataPathWithoutACheckDropsTheOldScan() throws IOException {
        CliRunner.Result r = run(
                "update-dataset",
                "iris",
                "--data-path",
                "/global/cfs/cdirs/m0000/iris/",
                "--no-data-check",
                "--no-push");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(scan().isNull()).isTrue();
    }
}
