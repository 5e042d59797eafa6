package gov.nersc.huggingnersc.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.api.Problem;
import gov.nersc.huggingnersc.api.ValidationReport;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetadataFileTest {
    static final Path SHARED_IRIS = Path.of("../shared/reference/iris_metadata.json");
    static final Path IRIS = Path.of("examples/iris/iris_metadata.json");
    static final Path JETCLASS = Path.of("examples/jetclass/jetclass_metadata.json");

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- valid files

    @Test
    void theEarlierToolsIrisFileValidates() {
        assumeTrue(
                Files.isRegularFile(SHARED_IRIS), "../shared/reference/iris_metadata.json is not beside the project");
        ValidationReport report = MetadataFile.check(SHARED_IRIS, "iris");
        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        Metadata iris = MetadataFile.read(SHARED_IRIS, "iris");
        assertThat(iris.prettyName()).isEqualTo("Iris");
        assertThat(iris.tags()).containsExactly("csv", "biology");
    }

    @Test
    void theIrisExampleIsTheEarlierToolsFileByteForByte() throws IOException {
        assumeTrue(
                Files.isRegularFile(SHARED_IRIS), "../shared/reference/iris_metadata.json is not beside the project");
        assertThat(Files.readAllBytes(IRIS)).isEqualTo(Files.readAllBytes(SHARED_IRIS));
    }

    @Test
    void theExamplesValidateWithoutWarnings() {
        for (Path example : List.of(IRIS, JETCLASS)) {
            ValidationReport report = MetadataFile.check(example, null);
            assertThat(report.problemMessages()).as(example.toString()).isEmpty();
            assertThat(report.warningMessages()).as(example.toString()).isEmpty();
        }
    }

    @Test
    void theJetClassExampleCarriesTheNewFields() {
        Metadata jetclass = MetadataFile.read(JETCLASS, "jetclass");
        assertThat(jetclass.prettyName()).isEqualTo("JetClass");
        assertThat(jetclass.datacardTags().get("license").asText()).isEqualTo("cc-by-4.0");
        assertThat(jetclass.tags()).contains("hdf5", "particle physics");
        assertThat(jetclass.papers()).containsExactly("https://arxiv.org/abs/2202.03772");
        assertThat(jetclass.citation()).get().asString().startsWith("@").contains("2202.03772");
        assertThat(jetclass.description()).isPresent();
        assertThat(jetclass.homepage()).get().asString().startsWith("https://");
    }

    @Test
    void everyNewOptionalFieldIsAccepted() throws IOException {
        Path file = write("""
        {"datacard_tags": {"pretty_name": "Full", "size_categories": ["1K<n<10K"],
           "license": ["other"], "license_name": "nersc-data-1.0", "license_link": "https://example.org/l",
           "language": "deu", "task_ids": ["multi-class-classification"], "annotations_creators": "found",
           "language_creators": ["found"], "multilinguality": ["monolingual"], "source_datasets": ["original"],
           "paperswithcode_id": null, "viewer": false, "benchmark": "b",
           "configs": [{"config_name": "default", "data_files": [{"split": "train", "path": "data/*.csv"}]}],
           "dataset_info": {"features": [{"name": "x", "dtype": "float32"}]}},
         "other_info": {"nickname": "full", "papers": ["https://arxiv.org/abs/1234.5678"],
           "description": "# Title\\n\\nSome *Markdown*.", "citation": "@misc{x, title={X}}",
           "doi": "10.5281/zenodo.1234567", "homepage": "https://www.nersc.gov/", "contact": "someone@lbl.gov",
           "hpss_path": "/home/projects/full/full.tar", "globus": {"collection": "NERSC DTN", "path": "/global/cfs/x"}}}
        """);
        ValidationReport report = MetadataFile.check(file, "full");
        assertThat(report.problemMessages()).isEmpty();
        assertThat(report.warningMessages()).isEmpty();
        Metadata m = MetadataFile.read(file, "full");
        assertThat(m.globus()).contains(new Metadata.Globus("NERSC DTN", "/global/cfs/x"));
        assertThat(m.hpssPath()).contains("/home/projects/full/full.tar");
        assertThat(m.doi()).contains("10.5281/zenodo.1234567");
    }

    @Test
    void aGlobusCollectionMayBeGivenByItsIdAloneWithAPathInIt() throws IOException {
        Path file = write("""
        {"datacard_tags": {"pretty_name": "Shared", "size_categories": "n<1K"},
         "other_info": {"globus": {"collection_id": "0B226E2C-4de0-11ea-971a-021304b0cca7", "path": "/"}}}
        """);

        ValidationReport report = MetadataFile.check(file, null);

        assertThat(report.problemMessages()).isEmpty();
        assertThat(report.warningMessages()).isEmpty();
        assertThat(MetadataFile.read(file, null).globus())
                .contains(new Metadata.Globus("", "/", Optional.of("0B226E2C-4de0-11ea-971a-021304b0cca7")));
    }

    // ---------------------------------------------------------------- invalid content

    static Stream<Arguments> invalidDocuments() {
        String base = "\"pretty_name\": \"T\", \"size_categories\": \"n<1K\"";
        return Stream.of(
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"license\": \"CC-BY-4.0\"}}",
                        List.of(
                                "/datacard_tags/license: 'CC-BY-4.0' is not a Hub licence id",
                                "allowed: one of the 83 Hub licence ids (apache-2.0, mit, cc-by-4.0",
                                "did you mean cc-by-4.0?")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"license\": [\"mit\", \"cc-by-4\"]}}",
                        List.of("/datacard_tags/license/1: 'cc-by-4'", "did you mean cc-by-4.0?")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"license\": 5}}",
                        List.of(
                                "/datacard_tags/license: 5 is a number",
                                "allowed: a Hub licence id or a list of them")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"task_categories\": [\"text-clasification\"]}}",
                        List.of(
                                "/datacard_tags/task_categories/0: 'text-clasification' is not a Hub task category",
                                "did you mean text-classification?")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"task_ids\": \"multiclass-classification\"}}",
                        List.of(
                                "/datacard_tags/task_ids: 'multiclass-classification' is not a Hub task id",
                                "did you mean multi-class-classification?")),
                Arguments.of(
                        "{\"datacard_tags\": {\"pretty_name\": \"T\", \"size_categories\": \"n<1k\"}}",
                        List.of(
                                "/datacard_tags/size_categories: 'n<1k' is not a size category",
                                "allowed: one of n<1K, 1K<n<10K",
                                "did you mean n<1K?")),
                Arguments.of(
                        "{\"datacard_tags\": {\"pretty_name\": \"T\"}}",
                        List.of(
                                "/datacard_tags/size_categories: required but missing",
                                "allowed: a size category or a list")),
                Arguments.of(
                        "{\"datacard_tags\": {\"pretty_name\": 3, \"size_categories\": \"n<1K\"}}",
                        List.of("/datacard_tags/pretty_name: 3 is a number", "allowed: the title of the dataset")),
                Arguments.of(
                        "{\"other_info\": {\"nickname\": \"x\"}}",
                        List.of(
                                "/datacard_tags: required but missing",
                                "with at least pretty_name and size_categories")),
                Arguments.of(
                        "{\"datacard_tags\": [\"pretty_name\"]}",
                        List.of(
                                "/datacard_tags: [\"pretty_name\"] is a list",
                                "allowed: an object of the card's tags")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"language\": [\"EN\"]}}",
                        List.of(
                                "/datacard_tags/language/0: 'EN' is not an ISO 639-1 or 639-3 language code",
                                "did you mean en?")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"language\": \"xx\"}}",
                        List.of(
                                "/datacard_tags/language: 'xx' is not an ISO 639-1 or 639-3 language code",
                                "allowed: one of the")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"tags\": [\"csv\", \"csv\"]}}",
                        List.of("/datacard_tags/tags: 'csv' is listed more than once")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"tags\": [1]}}",
                        List.of("/datacard_tags/tags/0: 1 is a number", "allowed: a non-empty string")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"annotations_creators\": [\"crowd-sourced\"]}}",
                        List.of("/datacard_tags/annotations_creators/0", "did you mean crowdsourced?")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"viewer\": \"no\"}}",
                        List.of("/datacard_tags/viewer: 'no' is a string", "allowed: true or false")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"license_link\": \"somewhere\"}}",
                        List.of(
                                "/datacard_tags/license_link: 'somewhere' is not a valid license_link",
                                "allowed: LICENSE, LICENSE.md or an http(s) URL")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"configs\": [{\"data_files\": \"x.csv\"}]}}",
                        List.of("/datacard_tags/configs/0/config_name: required but missing")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + "}, \"other_info\": {\"papers\": []}}",
                        List.of("/other_info/papers: the list is empty", "at least one item, or leave the key out")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + "}, \"other_info\": {\"homepage\": \"ftp://x.org\"}}",
                        List.of(
                                "/other_info/homepage: 'ftp://x.org' is not a valid homepage",
                                "allowed: an http(s) URL")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + "}, \"other_info\": {\"homepage\": \"www.nersc.gov\"}}",
                        List.of("did you mean https://www.nersc.gov?")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base
                                + "}, \"other_info\": {\"doi\": \"https://doi.org/10.5281/zenodo.1\"}}",
                        List.of(
                                "/other_info/doi: 'https://doi.org/10.5281/zenodo.1' is not a valid doi",
                                "did you mean 10.5281/zenodo.1?")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + "}, \"other_info\": {\"hpss_path\": \"home/x.tar\"}}",
                        List.of("/other_info/hpss_path: 'home/x.tar'", "allowed: an absolute path")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base
                                + "}, \"other_info\": {\"globus\": {\"collection\": \"NERSC DTN\"}}}",
                        List.of("/other_info/globus/path: required but missing")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base
                                + "}, \"other_info\": {\"globus\": {\"colection\": \"a\", \"path\": \"/p\"}}}",
                        List.of(
                                "/other_info/globus/colection: 'colection' is not a key here",
                                "allowed: only collection, collection_id, path",
                                "did you mean collection?")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + "}, \"other_info\": {\"globus\": {\"collection_id\": "
                                + "\"9d6d994a-6d04-11e5-ba46\", \"path\": \"/\"}}}",
                        List.of(
                                "/other_info/globus/collection_id: '9d6d994a-6d04-11e5-ba46' is not a valid collection_id",
                                "allowed: a Globus collection UUID, 8-4-4-4-12 hex digits")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + "}, \"other_info\": {\"globus\": {\"path\": \"/\"}}}",
                        List.of(
                                "/other_info/globus/collection: required but missing",
                                "allowed: the collection's name, such as NERSC DTN; or give its UUID as collection_id")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + "}, \"other_info\": {\"citation\": [\"@misc{}\"]}}",
                        List.of("/other_info/citation: [\"@misc{}\"] is a list", "allowed: a string")),
                Arguments.of(
                        "[1, 2]",
                        List.of(
                                "the top level is a list, not an object",
                                "allowed: a JSON object with datacard_tags and other_info")),
                Arguments.of("\"text\"", List.of("the top level is a string, not an object")),
                Arguments.of(
                        "{\"datacard_tags\": {\"pretty_name\": \"Iris\\nflowers\", \"size_categories\": \"n<1K\"}}",
                        List.of(
                                "/datacard_tags/pretty_name: 'Iris\\nflowers' is not a valid pretty_name",
                                "allowed: the title of the dataset, one line of text (no line break)",
                                "did you mean Iris flowers?")),
                Arguments.of(
                        "{\"datacard_tags\": {\"pretty_name\": \"Iris\\u2028\", \"size_categories\": \"n<1K\"}}",
                        List.of("/datacard_tags/pretty_name: 'Iris\\u2028' is not a valid pretty_name")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"tags\": [\"csv\", \"\"]}}",
                        List.of("/datacard_tags/tags/1: is empty", "allowed: a non-empty string")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + ", \"tags\": \"\"}}",
                        List.of("/datacard_tags/tags: is empty", "allowed: a non-empty string, or a list of them")),
                Arguments.of(
                        "{\"datacard_tags\": {" + base + "}, \"other_info\": null}",
                        List.of(
                                "/other_info: is null; allowed: an object (nickname, papers",
                                "or leave other_info out")),
                Arguments.of(
                        "{\"datacard_tags\": {\"pretty_name\": null, \"size_categories\": \"n<1K\"}}",
                        List.of(
                                "/datacard_tags/pretty_name: is null; allowed: the title of the dataset, one line of text "
                                        + "(no line break)")));
    }

    @Test
    void nullIsNeverExplainedAsNull() throws IOException {
        Path file = write("{\"datacard_tags\": {\"pretty_name\": \"T\", \"size_categories\": \"n<1K\"}, "
                + "\"other_info\": null}");
        assertThat(MetadataFile.check(file, null).problemMessages())
                .singleElement()
                .asString()
                .doesNotContain("null is null");
    }

    @ParameterizedTest
    @MethodSource("invalidDocuments")
    void eachProblemIsOneLineNamingFilePointerValueAndWhatIsAllowed(String json, List<String> fragments)
            throws IOException {
        Path file = write(json);
        ValidationReport report = MetadataFile.check(file, null);
        assertThat(report.valid()).isFalse();
        String all = String.join("\n", report.problemMessages());
        assertThat(all).contains(fragments);
        for (String message : report.problemMessages()) {
            assertThat(message).startsWith(file + ": ").doesNotContain("\n", "\r");
        }
        assertThatThrownBy(() -> MetadataFile.read(file, null))
                .isInstanceOfSatisfying(
                        InvalidInputException.class,
                        e -> assertThat(e.problems()).isEqualTo(report.problemMessages()));
    }

    @Test
    void everyProblemIsListedInDocumentOrder() throws IOException {
        Path file = write("""
        {"datacard_tags": {"pretty_name": "T", "license": "foo", "size_categories": "huge"},
         "other_info": {"homepage": "nope", "doi": "nope"}}""");
        List<Problem> problems = MetadataFile.check(file, null).problems();
        assertThat(problems)
                .extracting(Problem::pointer)
                .containsExactly(
                        "/datacard_tags/license",
                        "/datacard_tags/size_categories",
                        "/other_info/homepage",
                        "/other_info/doi");
        assertThat(problems.get(0).value().asText()).isEqualTo("foo");
        assertThat(problems.get(0).allowed()).startsWith("one of the 83 Hub licence ids");
    }

    @Test
    void aValueWithLineBreaksStaysOnOneLine() throws IOException {
        Path file = write("{\"datacard_tags\": {\"pretty_name\": \"T\", \"size_categories\": \"n<1K\\nx\"}}");
        String message = MetadataFile.check(file, null).problemMessages().get(0);
        assertThat(message).contains("'n<1K\\nx'").doesNotContain("\n");
    }

    @Test
    void theNicknameMustEqualTheNicknameArgument() throws IOException {
        Path file = write("{\"datacard_tags\": {\"pretty_name\": \"T\", \"size_categories\": \"n<1K\"},"
                + " \"other_info\": {\"nickname\": \"iris\"}}");
        assertThat(MetadataFile.check(file, "iris").valid()).isTrue();
        assertThat(MetadataFile.check(file, null).valid()).isTrue();
        assertThat(MetadataFile.check(file, "iris2").problemMessages())
                .singleElement()
                .asString()
                .contains("/other_info/nickname: 'iris' differs from the NICKNAME argument 'iris2'");
        Path without = write("{\"datacard_tags\": {\"pretty_name\": \"T\", \"size_categories\": \"n<1K\"}}");
        assertThat(MetadataFile.check(without, "anything").valid()).isTrue();
    }

    // ---------------------------------------------------------------- warnings

    @Test
    void unknownCardKeysAreKeptAndWarnedAbout() throws IOException {
        Path file = write(
                "{\"datacard_tags\": {\"pretty_name\": \"T\", \"size_categories\": \"n<1K\", \"licence\": \"mit\","
                        + " \"nersc_project\": {\"any\": [1, 2]}}, \"other_info\": {\"papers\": [\"Smith et al. 2020\"]}}");
        List<Problem> warnings = MetadataFile.check(file, null).warnings();
        assertThat(warnings)
                .extracting(Problem::message)
                .anySatisfy(w -> assertThat(w)
                        .contains(
                                "/datacard_tags/licence: 'licence' is not a key HuggingNERSC knows; it is kept and written to the card")
                        .endsWith("did you mean license?"));
        assertThat(warnings)
                .extracting(Problem::pointer)
                .containsExactly("/datacard_tags/licence", "/datacard_tags/nersc_project", "/other_info/papers/0");
        List<Problem> seen = new java.util.ArrayList<>();
        Metadata m = MetadataFile.read(file, null, seen::add);
        assertThat(seen).isEqualTo(warnings);
        assertThat(m.datacardTags().get("nersc_project").get("any").size()).isEqualTo(2);
    }

    @Test
    void aNicknameThatCannotBeARepoNameIsWarnedAbout() throws IOException {
        Path file = write("{\"datacard_tags\": {\"pretty_name\": \"T\", \"size_categories\": \"n<1K\"},"
                + " \"other_info\": {\"nickname\": \"my data\"}}");
        ValidationReport report = MetadataFile.check(file, null);
        assertThat(report.valid()).isTrue();
        assertThat(report.warningMessages())
                .singleElement()
                .asString()
                .contains("/other_info/nickname: 'my data' cannot be a Hub repo name");
    }

    @Test
    void aDuplicateKeyIsWarnedAboutAndTheLastValueWins() throws IOException {
        Path file = write("{\"datacard_tags\": {\"pretty_name\": \"First\", \"size_categories\": \"n<1K\",\n"
                + "  \"pretty_name\": \"Second\"}}");
        ValidationReport report = MetadataFile.check(file, null);
        assertThat(report.valid()).isTrue();
        assertThat(report.warningMessages())
                .singleElement()
                .asString()
                .contains("line 2", "key 'pretty_name' appears twice; the last value is used");
        assertThat(MetadataFile.read(file, null).prettyName()).isEqualTo("Second");
    }

    // ---------------------------------------------------------------- the file itself

    @Test
    void aMissingFileIsOneProblem() {
        Path missing = dir.resolve("nope.json");
        assertThat(MetadataFile.check(missing, null).problemMessages())
                .containsExactly(missing + ": no such file; allowed: the path of a metadata JSON file");
    }

    @Test
    void aDirectoryPointsAtTheMetadataFileInside() throws IOException {
        Files.writeString(dir.resolve("iris_metadata.json"), "{}");
        assertThat(MetadataFile.check(dir, null).problemMessages())
                .singleElement()
                .asString()
                .startsWith(dir + ": is a directory, not a file")
                .endsWith("did you mean " + dir.resolve("iris_metadata.json") + "?");
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws IOException {
        Path file = write("{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as root: every file is readable");
        assertThat(MetadataFile.check(file, null).problemMessages())
                .singleElement()
                .asString()
                .isEqualTo(file + ": cannot be read (permission denied); allowed: a file you can read");
    }

    @Test
    void anEmptyFileIsOneProblem() throws IOException {
        for (String empty : List.of("", "  \n\t\n")) {
            Path file = write(empty);
            assertThat(MetadataFile.check(file, null).problemMessages())
                    .singleElement()
                    .asString()
                    .startsWith(file + ": is empty; allowed: a UTF-8 JSON object");
        }
    }

    @Test
    void aFileThatIsNotUtf8SaysWhere() throws IOException {
        Path file = dir.resolve("latin1.json");
        Files.write(
                file,
                "{\"datacard_tags\": {\n  \"pretty_name\": \"Caf\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(MetadataFile.check(file, null).problemMessages())
                .singleElement()
                .asString()
                .isEqualTo(file + ": is not UTF-8 text (byte 0xE9 at line 2, column 22); allowed: a UTF-8 JSON object"
                        + " with datacard_tags and other_info (save the file as UTF-8)");
    }

    @Test
    void aByteOrderMarkIsAccepted() throws IOException {
        Path file = write("\uFEFF{\"datacard_tags\": {\"pretty_name\": \"T\", \"size_categories\": \"n<1K\"}}");
        assertThat(MetadataFile.check(file, null).valid()).isTrue();
    }

    @Test
    void aTooLargeFileIsRefusedBeforeReading() throws IOException {
        Path file = dir.resolve("huge.json");
        try (var out = Files.newOutputStream(file)) {
            out.write(new byte[(int) MetadataFile.MAX_BYTES + 1]);
        }
        assertThat(MetadataFile.check(file, null).problemMessages())
                .singleElement()
                .asString()
                .contains("too large for a metadata file");
    }

    static Stream<Arguments> malformedJson() {
        return Stream.of(
                Arguments.of(
                        "{\n  \"datacard_tags\": {\n    \"pretty_name\": \"x\",\n  }\n}",
                        "malformed JSON at line 4, column 3: a comma before } (JSON allows no trailing comma)"),
                Arguments.of("{\"tags\": [\"a\",]}", "malformed JSON at line 1, column 15: a comma before ]"),
                Arguments.of(
                        "{'datacard_tags': {}}", "line 1, column 2: a key in single quotes; JSON needs double quotes"),
                Arguments.of("{\"a\": 'b'}", "a string in single quotes"),
                Arguments.of("{\"a\": True}", "'True' is not a JSON value"),
                Arguments.of("{\"a\": 1 \"b\": 2}", "a missing comma"),
                Arguments.of("{\"datacard_tags\": {\"pretty_name\": \"x\"", "the file ends before the JSON does"),
                Arguments.of("{\"a\": 1}\n{\"b\": 2}", "line 2, column 1: more text after the end of the JSON object"),
                Arguments.of("{\n// note\n\"a\": 1}", "line 2, column 1: a comment; JSON allows no comments"),
                Arguments.of("{\"a\": \"two\nlines\"}", "a line break inside a string"),
                Arguments.of(
                        "{\"a\": " + "[".repeat(1200) + "]".repeat(1200) + "}",
                        "objects and lists are nested deeper than 1000 levels; allowed: a UTF-8 JSON object with datacard_tags "
                                + "and other_info, nested at most 1000 levels deep"),
                Arguments.of("{\"a\": " + "9".repeat(1200) + "}", "holds a number longer than 1000 digits"));
    }

    @ParameterizedTest
    @MethodSource("malformedJson")
    void malformedJsonSaysLineColumnAndWhatIsWrong(String json, String expected) throws IOException {
        Path file = write(json);
        assertThat(MetadataFile.check(file, null).problemMessages())
                .singleElement()
                .asString()
                .startsWith(file + ": ")
                .contains(expected)
                .doesNotContain("\n");
    }

    private int count;

    private Path write(String content) throws IOException {
        Path file = dir.resolve("metadata-" + (count++) + ".json");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
