package gov.nersc.huggingnersc.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import gov.nersc.huggingnersc.api.Problem;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.ValidationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a metadata document against the bundled schema ({@code metadata.schema.json}) and the
 * checks a schema cannot express (language codes against the ISO 639 list, the nickname against the
 * NICKNAME argument), and says what is wrong in the user's words.
 *
 * <p>Every document valid under the earlier tool's schema is valid here, but for a title with a line
 * break (the tool pasted it into YAML unquoted, which broke the card). Unknown keys are kept and
 * only warned about.
 */
public final class MetadataValidator {
    /** Classpath location of the bundled JSON Schema (draft 2020-12). */
    public static final String SCHEMA_RESOURCE = "/gov/nersc/huggingnersc/metadata/metadata.schema.json";

    private static final Pattern HTTP_URL = Pattern.compile("^https?://\\S+$");
    private static final Pattern LANGUAGE_SHAPE = Pattern.compile("^([a-z]{2,3}|multilingual|code)$");

    private MetadataValidator() {}

    /**
     * Validates one metadata document.
     *
     * @param document the parsed metadata JSON
     * @param file how to name the document in messages (its path, as the user gave it)
     * @param expectedNickname the NICKNAME argument that {@code other_info.nickname}, if present, must
     *     equal; {@code null} when there is none
     * @return every problem and warning, in the order of the document
     */
    public static ValidationReport validate(JsonNode document, String file, String expectedNickname) {
        List<Problem> problems = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        if (!document.isObject()) {
            problems.add(Problem.of(
                    file,
                    "",
                    null,
                    "the top level is " + SchemaMessages.typeOf(document) + ", not an object",
                    "a JSON object with datacard_tags and other_info",
                    null));
            return new ValidationReport(file, problems, warnings);
        }
        Compiled compiled = Compiled.INSTANCE;
        problems.addAll(compiled.messages.problems(file, compiled.schema.validate(document)));
        checkLanguages(document, file, problems);
        ConfigsRules.check(document, file, problems);
        checkNickname(document, file, expectedNickname, problems, warnings);
        checkPapers(document, file, warnings);
        warnUnknownKeys(document, file, compiled.schemaJson, warnings);
        JsonNode title = document.path("datacard_tags").path("pretty_name");
        if (title.isTextual() && title.asText().isBlank()) {
            warnings.add(Problem.of(
                    file,
                    "/datacard_tags/pretty_name",
                    title,
                    "is empty, so the card has no title",
                    "the title of the dataset",
                    null));
        }
        Comparator<Problem> inDocumentOrder = Comparator.comparingInt(order(document));
        problems.sort(inDocumentOrder);
        warnings.sort(inDocumentOrder);
        return new ValidationReport(file, problems, warnings);
    }

    /** The bundled schema's text, e.g. to publish it or to point an editor at it. */
    public static String schemaText() {
        try (InputStream in = MetadataValidator.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCHEMA_RESOURCE + " (a broken build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // The schema says a language is two or three lower-case letters; the 8,000 codes are checked
    // here, against the bundled list, so that the schema stays small.
    private static void checkLanguages(JsonNode document, String file, List<Problem> problems) {
        JsonNode language = document.path("datacard_tags").path("language");
        List<Map.Entry<String, JsonNode>> codes = new ArrayList<>();
        if (language.isTextual()) {
            codes.add(Map.entry("/datacard_tags/language", language));
        } else if (language.isArray()) {
            for (int i = 0; i < language.size(); i++) {
                codes.add(Map.entry("/datacard_tags/language/" + i, language.get(i)));
            }
        }
        for (Map.Entry<String, JsonNode> code : codes) {
            String text = code.getValue().asText();
            if (code.getValue().isTextual()
                    && LANGUAGE_SHAPE.matcher(text).matches()
                    && !Vocabulary.LANGUAGES.contains(text)) {
                problems.add(Problem.of(
                        file,
                        code.getKey(),
                        code.getValue(),
                        Problem.show(text) + " is not an " + Vocabulary.LANGUAGES.noun(),
                        Vocabulary.LANGUAGES.describe(),
                        Vocabulary.LANGUAGES.nearest(text).orElse(null)));
            }
        }
    }

    private static void checkNickname(
            JsonNode document, String file, String expected, List<Problem> problems, List<Problem> warnings) {
        JsonNode nickname = document.path("other_info").path("nickname");
        if (!nickname.isTextual()) {
            return;
        }
        String given = nickname.asText();
        if (expected != null && !expected.equals(given)) {
            problems.add(Problem.of(
                    file,
                    "/other_info/nickname",
                    nickname,
                    Problem.show(given) + " differs from the NICKNAME argument " + Problem.show(expected),
                    Problem.show(expected) + ", or leave nickname out",
                    null));
        } else if (expected == null) {
            String why = RepoId.problemWithName(given);
            if (why != null) {
                warnings.add(Problem.of(
                        file,
                        "/other_info/nickname",
                        nickname,
                        Problem.show(given) + " cannot be a Hub repo name: " + why,
                        null,
                        null));
            }
        }
    }

    // The earlier tool took any string as a paper; a link is what the card and the Hub can use.
    private static void checkPapers(JsonNode document, String file, List<Problem> warnings) {
        JsonNode papers = document.path("other_info").path("papers");
        for (int i = 0; i < papers.size(); i++) {
            JsonNode paper = papers.get(i);
            if (paper.isTextual() && !HTTP_URL.matcher(paper.asText()).matches()) {
                warnings.add(Problem.of(
                        file,
                        "/other_info/papers/" + i,
                        paper,
                        Problem.show(paper.asText()) + " is not an http(s) link; the card shows it as text",
                        "a link such as https://arxiv.org/abs/2202.03772",
                        null));
            }
        }
    }

    private static void warnUnknownKeys(JsonNode document, String file, JsonNode schema, List<Problem> warnings) {
        JsonNode properties = schema.path("properties");
        unknownKeys(document, "", properties, file, "it is kept but not used", warnings);
        unknownKeys(
                document.path("datacard_tags"),
                "/datacard_tags",
                properties.path("datacard_tags").path("properties"),
                file,
                "it is kept and written to the card as given",
                warnings);
        unknownKeys(
                document.path("other_info"),
                "/other_info",
                properties.path("other_info").path("properties"),
                file,
                "it is kept in the catalog entry but not used",
                warnings);
    }

    private static void unknownKeys(
            JsonNode object, String at, JsonNode known, String file, String consequence, List<Problem> warnings) {
        if (!object.isObject()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        known.fieldNames().forEachRemaining(keys::add);
        Vocabulary knownKeys = new Vocabulary("key", keys, keys);
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.has(key)) {
                warnings.add(Problem.of(
                        file,
                        SchemaMessages.child(at, key),
                        object.get(key),
                        Problem.show(key) + " is not a key HuggingNERSC knows; " + consequence,
                        null,
                        knownKeys.nearest(key).orElse(null)));
            }
        }
    }

    /** Ranks a pointer by where its value (or its nearest existing parent) is in the document. */
    private static java.util.function.ToIntFunction<Problem> order(JsonNode document) {
        Map<String, Integer> rank = new HashMap<>();
        walk(document, "", rank);
        return p -> {
            String pointer = p.pointer();
            while (true) {
                Integer r = rank.get(pointer);
                if (r != null || pointer.isEmpty()) {
                    return r == null ? 0 : r;
                }
                pointer = pointer.substring(0, pointer.lastIndexOf('/'));
            }
        };
    }

    private static void walk(JsonNode node, String at, Map<String, Integer> rank) {
        rank.put(at, rank.size());
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> walk(f.getValue(), SchemaMessages.child(at, f.getKey()), rank));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), at + "/" + i, rank);
            }
        }
    }

    /** The schema, compiled once on first use (lazy holder: no cost for commands that never validate). */
    private static final class Compiled {
        static final Compiled INSTANCE = new Compiled();

        final JsonNode schemaJson;
        final Schema schema;
        final SchemaMessages messages;

        private Compiled() {
            String text = schemaText();
            try {
                schemaJson = new ObjectMapper().readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException("the bundled schema is not JSON (a broken build)", e);
            }
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(text, InputFormat.JSON);
            Map<String, Vocabulary> vocabularies = new HashMap<>();
            vocabularies.put("licence", Vocabulary.LICENCES);
            vocabularies.put("taskCategory", Vocabulary.TASK_CATEGORIES);
            vocabularies.put("taskId", Vocabulary.TASK_IDS);
            vocabularies.put("sizeCategory", Vocabulary.SIZE_CATEGORIES);
            vocabularies.put("language", Vocabulary.LANGUAGES);
            vocabularies.put("annotationsCreator", small("annotations creator", "annotationsCreator"));
            vocabularies.put("languageCreator", small("language creator", "languageCreator"));
            vocabularies.put("multilingualityValue", small("multilinguality value", "multilingualityValue"));
            messages = new SchemaMessages(schemaJson, Map.copyOf(vocabularies));
        }

        private Vocabulary small(String noun, String def) {
            List<String> values = new ArrayList<>();
            schemaJson.path("$defs").path(def).path("enum").forEach(v -> values.add(v.asText()));
            return new Vocabulary(noun, values, values);
        }
    }
}
