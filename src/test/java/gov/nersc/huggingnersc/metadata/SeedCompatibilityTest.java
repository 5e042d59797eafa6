package gov.nersc.huggingnersc.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import gov.nersc.huggingnersc.api.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Every metadata file the earlier tool accepted stays valid: documents generated to be valid under
 * its schema ({@code ../shared/reference/seed_metadata_schema.json}, checked with that schema
 * itself) are valid under ours.
 *
 * <p>The generated documents always have {@code datacard_tags}: the earlier tool's schema did not
 * require it, but the tool itself failed without it (it rendered the card from it), so no working
 * file lacked it. Likewise their titles are one line: the tool pasted {@code pretty_name} into the
 * card's YAML unquoted, so a line break in it broke the card, and the title now has to be one line.
 * Extra keys are drawn from names that are not Hub card keys: a key the Hub defines (such as {@code
 * task_ids}) now has to have the Hub's type.
 */
class SeedCompatibilityTest {
    static final Path SEED_SCHEMA = Path.of("../shared/reference/seed_metadata_schema.json");

    static final List<String> LICENCES = List.of(
            "apache-2.0",
            "mit",
            "bsd",
            "bsd-2-clause",
            "bsd-3-clause",
            "bsd-3-clause-clear",
            "cc",
            "wtfpl",
            "unlicense");
    static final List<String> TASKS = List.of(
            "text-classification",
            "feature-extraction",
            "image-classification",
            "image-segmentation",
            "audio-classification",
            "tabular-classification",
            "tabular-regression");
    static final List<String> SIZES = List.of(
            "n<1K",
            "1K<n<10K",
            "10K<n<100K",
            "100K<n<1M",
            "1M<n<10M",
            "10M<n<100M",
            "100M<n<1B",
            "1B<n<10B",
            "10B<n<100B",
            "100B<n<1T",
            "n>1T");
    static final List<String> LANGUAGES = List.of("en", "zh", "fr", "es", "ru", "ko", "hi");
    static final List<String> TAGS = List.of(
            "csv", "hdf5", "netcdf", "txt", "particle physics", "cosmology", "weather/climate", "biology", "chemistry");
    static final List<String> EXTRA_KEYS = List.of("nersc_project", "notes", "owner", "x", "Version", "data format");

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    @Test
    void everyDocumentValidUnderTheEarlierSchemaIsValidHere() throws IOException {
        assumeTrue(Files.isRegularFile(SEED_SCHEMA), "the earlier tool's schema is not in ../shared/reference");
        Schema seed = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SEED_SCHEMA), InputFormat.JSON);
        Path file = dir.resolve("metadata.json");

        qt().withExamples(200).forAll(documents()).checkAssert(document -> {
            assertThat(seed.validate(document))
                    .as("the generator made a document the earlier schema rejects: %s", document)
                    .isEmpty();
            try {
                Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            ValidationReport report = MetadataFile.check(file, null);
            assertThat(report.problemMessages()).as("%s", document).isEmpty();
            assertThat(MetadataFile.read(file, null).json()).isEqualTo(document);
        });
    }

    static Gen<ObjectNode> documents() {
        Gen<ObjectNode> tags = datacardTags();
        Gen<Optional<ObjectNode>> otherInfo = otherInfo().toOptionals(30);
        Gen<List<Extra>> topExtras = lists().of(extra()).ofSizeBetween(0, 2);
        return tags.zip(otherInfo, topExtras, (t, o, extras) -> {
            ObjectNode doc = NODES.objectNode();
            doc.set("datacard_tags", t);
            o.ifPresent(info -> doc.set("other_info", info));
            extras.forEach(e -> doc.set(e.key, e.value));
            return doc;
        });
    }

    static Gen<ObjectNode> datacardTags() {
        Gen<String> title = text(30).map(t -> t.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]", " "));
        Gen<String> size = Generate.pick(SIZES);
        Gen<Optional<String>> licence = Generate.pick(LICENCES).toOptionals(40);
        Gen<Optional<List<String>>> tasks = subset(TASKS).toOptionals(40);
        Gen<Optional<List<String>>> languages = subset(LANGUAGES).toOptionals(40);
        Gen<Optional<List<String>>> tags = subset(TAGS).toOptionals(30);
        Gen<List<Extra>> extras = lists().of(extra()).ofSizeBetween(0, 3);
        return title.zip(size, licence, tasks, (t, s, l, ts) -> {
                    ObjectNode o = NODES.objectNode();
                    o.put("pretty_name", t);
                    o.put("size_categories", s);
                    l.ifPresent(v -> o.put("license", v));
                    ts.ifPresent(v -> o.set("task_categories", array(v)));
                    return o;
                })
                .zip(languages, tags, extras, (o, ls, tg, ex) -> {
                    ls.ifPresent(v -> o.set("language", array(v)));
                    tg.ifPresent(v -> o.set("tags", array(v)));
                    ex.forEach(e -> o.set(e.key, e.value));
                    return o;
                });
    }

    static Gen<ObjectNode> otherInfo() {
        Gen<Optional<String>> nickname = text(20).toOptionals(30);
        Gen<Optional<List<String>>> papers = lists().of(text(40))
                .ofSizeBetween(1, 3)
                .map(SeedCompatibilityTest::distinct)
                .toOptionals(40);
        Gen<List<Extra>> extras = lists().of(extra()).ofSizeBetween(0, 2);
        return nickname.zip(papers, extras, (n, p, ex) -> {
            ObjectNode o = NODES.objectNode();
            n.ifPresent(v -> o.put("nickname", v));
            p.ifPresent(v -> o.set("papers", array(v)));
            ex.forEach(e -> o.set(e.key, e.value));
            return o;
        });
    }

    /** A key the earlier schema did not know, with any JSON value. */
    record Extra(String key, JsonNode value) {}

    static Gen<Extra> extra() {
        Gen<JsonNode> value = Generate.oneOf(
                text(20).map(s -> (JsonNode) NODES.textNode(s)),
                Generate.range(-1000, 1000).map(i -> (JsonNode) NODES.numberNode(i)),
                Generate.booleans().map(b -> (JsonNode) NODES.booleanNode(b)),
                Generate.constant((JsonNode) NODES.nullNode()),
                lists().of(strings().basicLatinAlphabet().ofLengthBetween(0, 5))
                        .ofSizeBetween(0, 3)
                        .map(l -> (JsonNode) array(l)));
        return Generate.pick(EXTRA_KEYS).zip(value, Extra::new);
    }

    /** Any Unicode text (no lone surrogates: they cannot be written as UTF-8, by Python's json either). */
    static Gen<String> text(int maxLength) {
        return Generate.oneOf(
                        strings().allPossible().ofLengthBetween(0, maxLength),
                        strings().basicLatinAlphabet().ofLengthBetween(0, maxLength))
                .assuming(s ->
                        java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s));
    }

    static Gen<List<String>> subset(List<String> values) {
        return lists().of(Generate.pick(values)).ofSizeBetween(1, values.size()).map(SeedCompatibilityTest::distinct);
    }

    static List<String> distinct(List<String> l) {
        return l.stream().distinct().toList();
    }

    static JsonNode array(List<String> values) {
        var a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
