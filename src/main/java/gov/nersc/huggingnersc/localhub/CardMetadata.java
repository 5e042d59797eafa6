package gov.nersc.huggingnersc.localhub;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What the Hub reads from a dataset card (README.md): the YAML front matter as {@code cardData},
 * the problems that make the Hub refuse it (invalid YAML, values outside its vocabularies), and
 * the tags it derives for the repo.
 *
 * @param data the front matter as JSON-ready values (empty when there is none or it is invalid)
 * @param problems why the Hub would refuse this card; empty when it is acceptable
 * @param arxivIds arXiv ids linked anywhere in the card, in order of appearance
 */
record CardMetadata(Map<String, Object> data, List<String> problems, List<String> arxivIds) {

    // Same shape as the Hub's own front-matter rule: leading blank space, ---, YAML, ---.
    private static final Pattern FRONT_MATTER = Pattern.compile(
            "\\A\\s*---[ \\t]*(?:\\r\\n|\\r|\\n)(?:([\\s\\S]*?)(?:\\r\\n|\\r|\\n))?---[ \\t]*(?:\\r\\n|\\r|\\n|\\z)");
    private static final Pattern ARXIV = Pattern.compile(
            "(?:arxiv\\.org/(?:abs|pdf)/|(?:hf\\.co|huggingface\\.co)/papers/)"
                    + "(\\d{4}\\.\\d{4,5}|[a-z-]+(?:\\.[A-Z]{2})?/\\d{7})(?:v\\d+)?",
            Pattern.CASE_INSENSITIVE);

    /** The card-derived tag prefixes, in the order the Hub lists them. */
    private static final List<String> TAG_KEYS = List.of(
            "task_categories",
            "task_ids",
            "annotations_creators",
            "language_creators",
            "multilinguality",
            "source_datasets",
            "language",
            "license",
            "size_categories",
            "benchmark");

    static final CardMetadata NONE = new CardMetadata(Map.of(), List.of(), List.of());

    // A card is anyone's text: its YAML may not expand (aliases), nest or grow without end.
    private static final int MAX_COLLECTION_ALIASES = 50;
    private static final int MAX_NESTING = 50;
    private static final int MAX_CODE_POINTS = 3 << 20;
    /** Values of the front matter once its aliases are expanded: far more than any card has. */
    private static final int MAX_VALUES = 200_000;

    /** Why front matter that parsed cannot be used as JSON: it refers to itself, or expands too far. */
    private static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads a README.md's text. Never throws: problems are collected in {@link #problems()}. */
    static CardMetadata read(String text) {
        List<String> arxiv = arxivIds(text);
        Matcher m = FRONT_MATTER.matcher(text);
        if (!m.find()) {
            return new CardMetadata(Map.of(), List.of(), arxiv);
        }
        String yaml = m.group(1) == null ? "" : m.group(1);
        Object parsed;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setAllowRecursiveKeys(false);
            options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
            options.setNestingDepthLimit(MAX_NESTING);
            options.setCodePointLimit(MAX_CODE_POINTS);
            parsed = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            String why = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
            return new CardMetadata(
                    Map.of(), List.of("README.md: the YAML front matter is not valid YAML: " + why), arxiv);
        }
        if (parsed == null) {
            return new CardMetadata(Map.of(), List.of(), arxiv);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            return new CardMetadata(
                    Map.of(),
                    List.of("README.md: the YAML front matter must be a mapping of keys to values, not a "
                            + describe(parsed)),
                    arxiv);
        }
        Map<String, Object> data;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> copy =
                    (Map<String, Object>) jsonSafe(map, new IdentityHashMap<>(), new int[] {MAX_VALUES});
            data = copy;
        } catch (Unreadable e) {
            return new CardMetadata(Map.of(), List.of("README.md: the YAML front matter " + e.getMessage()), arxiv);
        }
        List<String> problems = new ArrayList<>();
        checkVocabulary(
                data,
                "license",
                HubVocabulary.LICENSES,
                "a licence id of the Hub (https://huggingface.co/docs/hub/repositories-licenses)",
                problems);
        checkVocabulary(
                data,
                "task_categories",
                HubVocabulary.TASK_CATEGORIES,
                "a task category of the Hub (the pipeline ids of @huggingface/tasks)",
                problems);
        checkVocabulary(
                data,
                "size_categories",
                HubVocabulary.SIZE_CATEGORIES,
                "one of " + String.join(", ", HubVocabulary.SIZE_CATEGORIES),
                problems);
        for (String key : List.of("language", "tags")) {
            if (data.containsKey(key) && strings(data.get(key)) == null) {
                problems.add("README.md: front matter /" + key + " must be a string or a list of strings");
            }
        }
        return new CardMetadata(Collections.unmodifiableMap(data), List.copyOf(problems), arxiv);
    }

    /** The card's Markdown after its front matter (all of it when it has none). */
    static String body(String text) {
        Matcher m = FRONT_MATTER.matcher(text);
        return m.find() ? text.substring(m.end()) : text;
    }

    /** {@code pretty_name} from the front matter, if it is a string. */
    java.util.Optional<String> prettyName() {
        return data.get("pretty_name") instanceof String s && !s.isBlank()
                ? java.util.Optional.of(s)
                : java.util.Optional.empty();
    }

    /** The repo tags the Hub derives from this card (without {@code region:us}). */
    List<String> tags() {
        Set<String> tags = new LinkedHashSet<>();
        List<String> free = strings(data.get("tags"));
        if (free != null) {
            tags.addAll(free);
        }
        for (String key : TAG_KEYS) {
            List<String> values = strings(data.get(key));
            if (values != null) {
                values.forEach(v -> tags.add(key + ":" + v));
            }
        }
        arxivIds.forEach(id -> tags.add("arxiv:" + id));
        return List.copyOf(tags);
    }

    private static void checkVocabulary(
            Map<String, Object> data, String key, Set<String> allowed, String what, List<String> problems) {
        if (!data.containsKey(key) || data.get(key) == null) {
            return;
        }
        List<String> values = strings(data.get(key));
        if (values == null) {
            problems.add("README.md: front matter /" + key + " must be a string or a list of strings");
            return;
        }
        for (String v : values) {
            if (!allowed.contains(v)) {
                problems.add("README.md: front matter /" + key + " has '" + v + "', which is not " + what);
            }
        }
    }

    /** A string or a list of strings as a list; null for anything else. */
    static List<String> strings(Object value) {
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    return null;
                }
                out.add(s);
            }
            return out;
        }
        return null;
    }

    private static List<String> arxivIds(String text) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = ARXIV.matcher(text);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return List.copyOf(ids);
    }

    private static String describe(Object o) {
        return o instanceof List
                ? "list"
                : o instanceof String ? "string" : o.getClass().getSimpleName();
    }

    /**
     * A JSON-ready copy: YAML values that JSON has no form for (dates, binary, non-string keys)
     * become strings. {@code open} holds the collections being copied (one met again inside itself
     * is a cycle), {@code left} the values the copy may still have (aliases expand).
     */
    private static Object jsonSafe(Object o, IdentityHashMap<Object, Boolean> open, int[] left) {
        if (--left[0] < 0) {
            throw new Unreadable("expands to more than " + MAX_VALUES + " values through its aliases (*name)");
        }
        if (o instanceof Map<?, ?> || o instanceof List<?>) {
            if (open.put(o, Boolean.TRUE) != null) {
                throw new Unreadable("refers to itself: an alias (*name) inside the value its anchor (&name) names");
            }
            Object out;
            if (o instanceof Map<?, ?> map) {
                Map<String, Object> copy = new LinkedHashMap<>();
                // a key that is itself a list or mapping is copied (and counted) before it becomes text
                map.forEach((k, v) -> copy.put(
                        String.valueOf(k instanceof Map || k instanceof List ? jsonSafe(k, open, left) : k),
                        jsonSafe(v, open, left)));
                out = copy;
            } else {
                List<Object> copy = new ArrayList<>();
                ((List<?>) o).forEach(v -> copy.add(jsonSafe(v, open, left)));
                out = copy;
            }
            open.remove(o);
            return out;
        }
        if (o instanceof Date d) {
            return d.toInstant().toString();
        }
        if (o instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean) {
            return o;
        }
        return String.valueOf(o);
    }
}
