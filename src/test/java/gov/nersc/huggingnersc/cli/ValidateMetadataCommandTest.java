package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateMetadataCommandTest {
    static final String IRIS = "examples/iris/iris_metadata.json";

    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(home);
    }

    @Test
    void aValidFilePrintsValidAndExitsZero() {
        CliRunner.Result r = cli().run("validate-metadata", IRIS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("valid" + System.lineSeparator());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void warningsGoToStderrAndTheFileIsStillValid() throws IOException {
        Path file = write(
                "{\"datacard_tags\": {\"pretty_name\": \"T\", \"size_categories\": \"n<1K\", \"licence\": \"mit\"}}");
        CliRunner.Result r = cli().run("validate-metadata", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("valid");
        assertThat(r.err())
                .startsWith("warning: " + file + ": /datacard_tags/licence:")
                .contains("did you mean license?");
        assertThat(cli().run("-q", "validate-metadata", file.toString()).err()).isEmpty();
    }

    @Test
    void anInvalidFilePrintsEveryProblemOnItsOwnLineAndExitsTwo() throws IOException {
        Path file = write("""
        {"datacard_tags": {"pretty_name": "T", "size_categories": "n<1k", "license": "CC-BY-4.0"},
         "other_info": {"homepage": "ftp://x"}}""");
        CliRunner.Result r = cli().run("validate-metadata", file.toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines())
                .containsExactly(
                        "error: " + file
                                + ": /datacard_tags/size_categories: 'n<1k' is not a size category; allowed: one of n<1K,"
                                + " 1K<n<10K, 10K<n<100K, 100K<n<1M, 1M<n<10M, 10M<n<100M, 100M<n<1B, 1B<n<10B, 10B<n<100B, 100B<n<1T,"
                                + " n>1T; did you mean n<1K?",
                        "error: " + file
                                + ": /datacard_tags/license: 'CC-BY-4.0' is not a Hub licence id; allowed: one of the 83 Hub"
                                + " licence ids (apache-2.0, mit, cc-by-4.0, cc0-1.0, other, ...); did you mean cc-by-4.0?",
                        "error: " + file
                                + ": /other_info/homepage: 'ftp://x' is not a valid homepage; allowed: an http(s) URL");
    }

    @Test
    void malformedJsonIsOneLineWithLineAndColumn() throws IOException {
        Path file = write("{\n  \"datacard_tags\": {\"pretty_name\": \"T\",}\n}");
        CliRunner.Result r = cli().run("validate-metadata", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines())
                .singleElement()
                .asString()
                .startsWith("error: " + file + ": malformed JSON at line 2, column 40: a comma before }");
    }

    @Test
    void aMissingFileExitsTwo() {
        CliRunner.Result r =
                cli().run("validate-metadata", home.resolve("nope.json").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("error: " + home.resolve("nope.json")
                        + ": no such file; allowed: the path of a metadata JSON file" + System.lineSeparator());
    }

    @Test
    void theNicknameOptionChecksOtherInfoNickname() {
        assertThat(cli().run("validate-metadata", "--nickname", "iris", IRIS).exitCode())
                .isZero();
        CliRunner.Result r = cli().run("validate-metadata", "--nickname", "flowers", IRIS);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("/other_info/nickname: 'iris' differs from the NICKNAME argument 'flowers'");
    }

    @Test
    void jsonOutputOfAValidFile() throws IOException {
        CliRunner.Result r = cli().run("--json", "validate-metadata", IRIS);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("problems")).isEmpty();
        assertThat(json.get("warnings")).isEmpty();
    }

    @Test
    void jsonOutputListsProblemsWithPointerValueMessageAllowedAndSuggestion() throws IOException {
        Path file = write("{\"datacard_tags\": {\"pretty_name\": \"T\", \"size_categories\": \"n<1K\","
                + " \"license\": \"cc-by-4\", \"tags\": [\"csv\", 3], \"Licence\": 1}}");
        // --json is a global option: it works after the command name too
        CliRunner.Result r = cli().run("validate-metadata", file.toString(), "--json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("valid").asBoolean()).isFalse();
        JsonNode licence = json.get("problems").get(0);
        assertThat(licence.get("pointer").asText()).isEqualTo("/datacard_tags/license");
        assertThat(licence.get("value").asText()).isEqualTo("cc-by-4");
        assertThat(licence.get("message").asText()).startsWith(file + ": /datacard_tags/license:");
        assertThat(licence.get("allowed").asText()).startsWith("one of the 83 Hub licence ids");
        assertThat(licence.get("suggestion").asText()).isEqualTo("cc-by-4.0");
        JsonNode tag = json.get("problems").get(1);
        assertThat(tag.get("pointer").asText()).isEqualTo("/datacard_tags/tags/1");
        assertThat(tag.get("value").asInt()).isEqualTo(3);
        assertThat(tag.has("suggestion")).isFalse();
        assertThat(json.get("problems")).hasSize(2);
        assertThat(json.get("warnings"))
                .singleElement()
                .satisfies(w -> assertThat(w.get("suggestion").asText()).isEqualTo("license"));
    }

    @Test
    void helpNamesTheFileAndTheExitCodes() {
        CliRunner.Result r = cli().run("validate-metadata", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("FILE", "--nickname", "2  invalid");
        assertThat(cli().run("--help").out()).contains("validate-metadata");
    }

    private int count;

    private Path write(String content) throws IOException {
        Path file = home.resolve("metadata-" + (count++) + ".json");
        Files.writeString(file, content);
        return file;
    }
}
