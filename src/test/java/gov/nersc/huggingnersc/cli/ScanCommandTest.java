package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    @TempDir
    Path home;

    @TempDir
    Path data;

    private void iris() throws Exception {
        StringBuilder csv = new StringBuilder("sepal_length,species\n");
        for (int i = 0; i < 150; i++) {
            csv.append("5.1,setosa\n");
        }
        Files.writeString(data.resolve("iris.csv"), csv);
        Files.createDirectories(data.resolve("raw"));
        Files.write(data.resolve("raw/big.h5"), new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0});
    }

    @Test
    void printsAHumanSummary() throws Exception {
        iris();
        CliRunner.Result r = new CliRunner(home).run("scan", data.toString(), "--threads", "2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains(
                        data.toString(),
                        "files          2",
                        "directories    2",
                        "format",
                        "csv",
                        "hdf5",
                        "largest files",
                        "raw/big.h5",
                        "suggested tags csv, hdf5",
                        "newest");
        assertThat(r.err()).as("no progress off a terminal").isEmpty();
    }

    @Test
    void printsJsonForTools() throws Exception {
        iris();
        Files.delete(data.resolve("raw/big.h5"));
        CliRunner.Result r = new CliRunner(home).run("scan", data.toString(), "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("files").asLong()).isEqualTo(1);
        assertThat(j.get("bytes").asLong()).isEqualTo(Files.size(data.resolve("iris.csv")));
        assertThat(j.get("formats").get("csv").get("files").asLong()).isEqualTo(1);
        assertThat(j.get("rows").asLong()).isEqualTo(150);
        assertThat(j.get("size_category").asText()).isEqualTo("n<1K");
        assertThat(j.get("suggested_tags").get(0).asText()).isEqualTo("csv");
    }

    /** A link to a file of the tree (latest.csv -> iris.csv) is not another file: its bytes count once. */
    @Test
    void aLinkIntoTheTreeCountsItsTargetOnce() throws Exception {
        iris();
        Files.createSymbolicLink(data.resolve("latest.csv"), Path.of("iris.csv"));
        Files.createSymbolicLink(data.resolve("current"), Path.of("raw"));
        long bytes = Files.size(data.resolve("iris.csv")) + Files.size(data.resolve("raw/big.h5"));

        CliRunner.Result r = new CliRunner(home).run("scan", data.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains(
                        "files          2\n",
                        String.format("(%,d bytes)", bytes),
                        "links          2 inside the tree (not followed: their targets are counted once, where they are)")
                .doesNotContain("latest.csv", "current/big.h5");

        JsonNode j = new ObjectMapper()
                .readTree(new CliRunner(home)
                        .run("scan", data.toString(), "--json")
                        .out());
        assertThat(j.get("files").asLong()).isEqualTo(2);
        assertThat(j.get("bytes").asLong()).isEqualTo(bytes);
        assertThat(j.get("links_in_tree").asLong()).isEqualTo(2);
        assertThat(j.get("symlinks_skipped").asLong()).isZero();
    }

    @Test
    void aMissingPathIsInvalidInput() {
        CliRunner.Result r =
                new CliRunner(home).run("scan", data.resolve("nope").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: data path ").contains("does not exist");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void zeroThreadsIsInvalidInput() {
        CliRunner.Result r = new CliRunner(home).run("scan", data.toString(), "--threads", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--threads: 0 is not allowed");
    }

    @Test
    void helpWarnsAboutTape() {
        CliRunner.Result r = new CliRunner(home).run("scan", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--threads", "HPSS");
    }
}
