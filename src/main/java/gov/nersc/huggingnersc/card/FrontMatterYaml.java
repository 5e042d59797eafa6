package gov.nersc.huggingnersc.card;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The card's YAML front matter: built from {@code datacard_tags} in the earlier tool's shape,
 * written with SnakeYAML so that every value reads back exactly under YAML 1.1 and YAML 1.2, and
 * read back with a safe loader.
 */
final class FrontMatterYaml {
    private FrontMatterYaml() {}

    private static final Pattern ESCAPE = Pattern.compile("\\\\(.)");

    /** Hub keys that are not lists by nature: passed through as given. */
    static final Set<String> AS_GIVEN = Set.of(
            "pretty_name",
            "configs",
            "dataset_info",
            "paperswithcode_id",
            "license_name",
            "license_link",
            "viewer",
            "thumbnail",
            "description",
            "benchmark",
            "train-eval-index",
            "extra_gated_prompt",
            "extra_gated_fields",
            "extra_gated_heading",
            "extra_gated_description",
            "extra_gated_button_content");

    // A string is written plain only when it is obviously a string under every YAML schema the
    // Hub's readers use (YAML 1.1 for PyYAML and SnakeYAML, 1.2 core/JSON for JS): starts with a
    // letter or digit, holds no indicator, and does not end in a space.
    private static final Pattern PLAIN_SHAPE =
            Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{N} _./<>+()-]*[\\p{L}\\p{N}_./<>+()-])?");
    // ...and is none of the words or numbers some schema resolves to another type
    private static final Pattern OTHER_TYPE =
            Pattern.compile("(?i)y|n|yes|no|true|false|on|off|null|nan|inf|[-+]?[0-9][0-9a-fxob_.+-]*");

    /** The front matter for {@code datacard_tags}: keys in input order, in the earlier tool's shape. */
    static Map<String, Object> fromTags(ObjectNode tags) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue; // the Hub's own writer drops keys without a value
            }
            String key = e.getKey();
            if (key.equals("pretty_name") && value.isValueNode()) {
                out.put(key, value.asText());
            } else if (AS_GIVEN.contains(key) || value.isArray() || value.isObject()) {
                out.put(key, plain(value));
            } else {
                out.put(key, List.of(plain(value))); // "n<1K" becomes [n<1K], as the earlier tool did
            }
        }
        return out;
    }

    /** JSON as plain Java values of the types a YAML loader gives back (ints as Integer first). */
    static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), plain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(plain(n)));
            return list;
        }
        if (node.isIntegralNumber()) {
            BigInteger big = node.bigIntegerValue();
            if (big.bitLength() < 32) {
                return big.intValue();
            }
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : node.asText();
    }

    /** YAML text of {@code frontMatter}, block style, ending with a line break. */
    static String dump(Map<String, Object> frontMatter) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setAllowUnicode(true);
        options.setSplitLines(false);
        options.setIndent(2);
        options.setIndicatorIndent(0); // "language:\n- en", as the earlier tool wrote
        options.setProcessComments(false);
        String yaml = new Yaml(new QuotingRepresenter(options), options).dump(frontMatter);
        return portableEscapes(yaml);
    }

    // SnakeYAML writes NEL, NBSP, LS and PS as backslash-N, -_, -L, -P: valid YAML, but not every
    // reader knows them (snakeyaml-engine does not), while all know the 4-hex-digit form. Backslashes only occur
    // inside double-quoted scalars here, where each escape is a backslash and one character.
    private static String portableEscapes(String yaml) {
        Matcher m = ESCAPE.matcher(yaml);
        StringBuilder out = new StringBuilder(yaml.length());
        while (m.find()) {
            String replacement = switch (m.group(1)) {
                case "N" -> Matcher.quoteReplacement("\\u0085");
                case "_" -> Matcher.quoteReplacement("\\u00a0");
                case "L" -> Matcher.quoteReplacement("\\u2028");
                case "P" -> Matcher.quoteReplacement("\\u2029");
                default -> Matcher.quoteReplacement(m.group());
            };
            m.appendReplacement(out, replacement);
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Reads front matter YAML with a safe loader: empty gives an empty map; anything but a mapping,
     * or invalid YAML, is an {@link InvalidInputException} naming the line.
     *
     * @param firstLine the line number of the YAML's first line in the README (1-based)
     */
    static Map<String, Object> load(String yaml, int firstLine) {
        LoaderOptions options = new LoaderOptions();
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null
                    ? firstLine
                    : firstLine + e.getProblemMark().getLine();
            throw new InvalidInputException("README.md line " + line + ": the front matter is not valid YAML ("
                    + oneLine(e.getProblem()) + "); fix the YAML between the --- lines");
        } catch (YAMLException e) {
            throw new InvalidInputException("README.md: the front matter is not valid YAML (" + oneLine(e.getMessage())
                    + "); fix the YAML between the --- lines");
        }
        if (loaded == null) {
            return Map.of();
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new InvalidInputException("README.md line " + firstLine
                    + ": the front matter must be a YAML mapping of keys to values, not a "
                    + (loaded instanceof List<?> ? "list" : "single value"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** A deep, unmodifiable copy that keeps key order (values may be null, unlike Map.copyOf). */
    static Map<String, Object> frozen(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, frozenValue(v)));
        return Collections.unmodifiableMap(copy);
    }

    @SuppressWarnings("unchecked")
    private static Object frozenValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), frozenValue(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(frozenValue(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static String oneLine(String text) {
        return text == null ? "unknown problem" : text.replaceAll("\\s+", " ").strip();
    }

    static boolean safeAsPlain(String s) {
        return PLAIN_SHAPE.matcher(s).matches() && !OTHER_TYPE.matcher(s).matches();
    }

    /** Writes strings plain only when {@link #safeAsPlain} allows it; otherwise double-quoted. */
    private static final class QuotingRepresenter extends Representer {
        QuotingRepresenter(DumperOptions options) {
            super(options);
            // double quotes escape every control and non-printable character, so any text reads back
            this.representers.put(
                    String.class,
                    data -> representScalar(
                            Tag.STR,
                            (String) data,
                            safeAsPlain((String) data)
                                    ? DumperOptions.ScalarStyle.PLAIN
                                    : DumperOptions.ScalarStyle.DOUBLE_QUOTED));
        }
    }
}
