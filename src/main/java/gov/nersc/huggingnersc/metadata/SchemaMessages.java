package gov.nersc.huggingnersc.metadata;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import gov.nersc.huggingnersc.api.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the schema validator's errors into our one-line problems: what was wrong, in the user's
 * words, what is allowed (read from the bundled schema and the vocabularies) and the nearest allowed
 * value.
 */
final class SchemaMessages {
    private static final Pattern DOI_LINK =
            Pattern.compile("^(?:https?://(?:dx\\.)?doi\\.org/|doi:\\s*)(10\\..+)$", Pattern.CASE_INSENSITIVE);

    private final JsonNode schema;
    private final Map<String, Vocabulary> vocabularies;

    /**
     * @param schema the bundled schema, as JSON
     * @param vocabularies the vocabulary of each {@code $defs} entry that holds one value of it
     */
    SchemaMessages(JsonNode schema, Map<String, Vocabulary> vocabularies) {
        this.schema = schema;
        this.vocabularies = vocabularies;
    }

    /** One problem per error; a value of the wrong type gets only its type error. */
    List<Problem> problems(String file, List<Error> errors) {
        Set<String> wrongType = new HashSet<>();
        for (Error e : errors) {
            if ("type".equals(e.getKeyword())) {
                wrongType.add(e.getInstanceLocation().toString());
            }
        }
        List<Problem> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Error e : errors) {
            String at = e.getInstanceLocation().toString();
            if (wrongType.contains(at) && !"type".equals(e.getKeyword())) {
                continue;
            }
            Problem p = problem(file, e);
            if (seen.add(p.message())) {
                out.add(p);
            }
        }
        return out;
    }

    private Problem problem(String file, Error e) {
        String at = e.getInstanceLocation().toString();
        JsonNode value = e.getInstanceNode();
        String fragment = fragment(e);
        String parentFragment = fragment.substring(0, Math.max(0, fragment.lastIndexOf('/')));
        JsonNode rule = schema.at(JsonPointer.compile(parentFragment));
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        switch (keyword) {
            case "enum":
            case "pattern": {
                Vocabulary vocabulary = vocabularies.get(defName(parentFragment));
                if (vocabulary != null) {
                    String suggestion = value.isTextual()
                            ? vocabulary.nearest(value.asText()).orElse(null)
                            : null;
                    return Problem.of(
                            file,
                            at,
                            value,
                            Problem.show(value) + " is not " + withArticle(vocabulary.noun()),
                            vocabulary.describe(),
                            suggestion);
                }
                String allowed = describe(rule);
                String suggestion = value.isTextual() && "pattern".equals(keyword)
                        ? repair(value.asText(), rule.path("pattern").asText())
                        : null;
                return Problem.of(
                        file, at, value, Problem.show(value) + " is not a valid " + fieldName(at), allowed, suggestion);
            }
            case "type":
                if (value.isNull()) {
                    // "null is null" says nothing: say what the key takes, and that an optional one can go
                    String key = fieldName(at);
                    return Problem.of(
                            file,
                            at,
                            value,
                            "is null",
                            describe(rule)
                                    + (required(at) || at.matches(".*/\\d+") ? "" : ", or leave " + key + " out"),
                            null);
                }
                return Problem.of(file, at, value, Problem.show(value) + " is " + typeOf(value), describe(rule), null);
            case "required": {
                String key = e.getProperty();
                JsonNode keyRule = rule.path("properties").path(key);
                return Problem.of(
                        file,
                        child(at, key),
                        null,
                        "required but missing",
                        keyRule.isMissingNode() ? null : describe(keyRule),
                        null);
            }
            case "additionalProperties": {
                String key = e.getProperty();
                List<String> keys = new ArrayList<>();
                rule.path("properties").fieldNames().forEachRemaining(keys::add);
                String suggestion =
                        new Vocabulary("key", keys, keys).nearest(key).orElse(null);
                return Problem.of(
                        file,
                        child(at, key),
                        value.get(key),
                        Problem.show(key) + " is not a key here",
                        "only " + String.join(", ", keys),
                        suggestion);
            }
            case "minItems":
                return Problem.of(
                        file, at, value, "the list is empty", "at least one item, or leave the key out", null);
            case "uniqueItems":
                return Problem.of(
                        file, at, value, duplicateOf(value) + " is listed more than once", "each value once", null);
            case "minLength":
                return Problem.of(file, at, value, "is empty", describe(rule), null);
            default:
                return Problem.of(file, at, value, e.getMessage(), describe(rule), null);
        }
    }

    /** True when the schema requires the key a pointer ends at (false for list items and unknown keys). */
    private boolean required(String pointer) {
        String[] parts = pointer.split("/");
        JsonNode node = schema;
        for (int i = 1; i < parts.length - 1; i++) {
            node = resolved(
                    parts[i].matches("\\d+")
                            ? node.path("items")
                            : node.path("properties")
                                    .path(parts[i].replace("~1", "/").replace("~0", "~")));
        }
        String last = parts.length == 0
                ? ""
                : parts[parts.length - 1].replace("~1", "/").replace("~0", "~");
        for (JsonNode r : node.path("required")) {
            if (r.asText().equals(last)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode resolved(JsonNode rule) {
        String ref = rule.path("$ref").asText();
        return ref.startsWith("#") ? schema.at(JsonPointer.compile(ref.substring(1))) : rule;
    }

    /** What a schema node allows, in the user's words. */
    String describe(JsonNode rule) {
        if (rule.has("x-allowed")) {
            return rule.get("x-allowed").asText();
        }
        if (rule.has("$ref")) {
            String ref = rule.get("$ref").asText();
            Vocabulary one = vocabularies.get(defName(ref.substring(1)));
            if (one != null) {
                return one.describe();
            }
            return describe(schema.at(JsonPointer.compile(ref.substring(1))));
        }
        String single = rule.path("then").path("$ref").asText();
        if (single.startsWith("#")) {
            // a value, or a list of values, of one vocabulary
            Vocabulary v = vocabularies.get(defName(single.substring(1)));
            if (v != null) {
                return withArticle(v.noun()) + " or a list of them: " + v.describe();
            }
        }
        if (rule.has("enum")) {
            List<String> values = new ArrayList<>();
            rule.get("enum").forEach(v -> values.add(v.asText()));
            return new Vocabulary("value", values, values).describe();
        }
        JsonNode type = rule.path("type");
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        }
        List<String> words = new ArrayList<>();
        for (String t : types) {
            words.add(typeWord(t, rule.path("items")));
        }
        return words.isEmpty() ? "see the metadata format in the README" : String.join(" or ", words);
    }

    private String typeWord(String type, JsonNode items) {
        return switch (type) {
            case "string" -> "a string";
            case "array" ->
                items.path("type").isTextual()
                                && !"object".equals(items.path("type").asText())
                        ? "a list of " + items.path("type").asText() + "s"
                        : items.path("type").asText().equals("object") ? "a list of objects" : "a list";
            case "object" -> "an object";
            case "boolean" -> "true or false";
            case "null" -> "null";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            default -> type;
        };
    }

    /** What kind of JSON value this is, in words: "a string", "a list", ... */
    static String typeOf(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        } else if (value.isNumber()) {
            return "a number";
        } else if (value.isBoolean()) {
            return "a boolean";
        } else if (value.isNull()) {
            return "null";
        } else if (value.isArray()) {
            return "a list";
        }
        return "an object";
    }

    /** The first value that occurs twice in a list. */
    private static String duplicateOf(JsonNode list) {
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode item : list) {
            if (!seen.add(item)) {
                return Problem.show(item);
            }
        }
        return "a value";
    }

    /** A value that does fit the pattern and is what the user most likely meant, or null. */
    private static String repair(String value, String pattern) {
        Pattern fits = Pattern.compile(pattern);
        List<String> candidates = new ArrayList<>();
        candidates.add(value.strip());
        candidates.add(value.strip().replaceAll("\\s*[\\r\\n\\u0085\\u2028\\u2029]+\\s*", " "));
        Matcher doi = DOI_LINK.matcher(value.strip());
        if (doi.matches()) {
            candidates.add(doi.group(1));
        }
        String lower = value.strip().toLowerCase(Locale.ROOT);
        candidates.add(lower);
        candidates.add(lower.replaceAll("\\s+", "-"));
        if (value.strip().matches("^[\\w.-]+\\.[A-Za-z]{2,}(/\\S*)?$")) {
            candidates.add("https://" + value.strip());
        }
        return candidates.stream()
                .filter(c -> !c.equals(value) && fits.matcher(c).find())
                .findFirst()
                .orElse(null);
    }

    /** The part of the error's schema location after '#', a JSON pointer into the bundled schema. */
    private static String fragment(Error e) {
        String location = String.valueOf(e.getSchemaLocation());
        int hash = location.indexOf('#');
        return hash < 0 ? "" : location.substring(hash + 1);
    }

    /** The name of the {@code $defs} entry a schema pointer is inside, or "". */
    private static String defName(String pointer) {
        if (!pointer.startsWith("/$defs/")) {
            return "";
        }
        String rest = pointer.substring("/$defs/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** The name of the key a pointer ends at (for a list item: the list's key). */
    private static String fieldName(String pointer) {
        String[] parts = pointer.split("/");
        for (int i = parts.length - 1; i > 0; i--) {
            if (!parts[i].matches("\\d+")) {
                return parts[i].replace("~1", "/").replace("~0", "~");
            }
        }
        return "value";
    }

    static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    static String withArticle(String noun) {
        return ("aeioAEIO".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }
}
