package gov.nersc.huggingnersc.metadata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A closed list of allowed values (a Hub vocabulary, or the ISO 639 language codes), with a short
 * description for messages and the nearest allowed value for a typo.
 */
public final class Vocabulary {

    /** Lists of up to this many values are printed whole in messages. */
    private static final int PRINTED_WHOLE = 12;

    private static final String VOCAB = "/gov/nersc/huggingnersc/vocab/";

    /** The Hub's licence ids ({@code license}). */
    public static final Vocabulary LICENCES =
            load("Hub licence id", "licenses.txt", "apache-2.0", "mit", "cc-by-4.0", "cc0-1.0", "other");

    /** The Hub's task categories ({@code task_categories}). */
    public static final Vocabulary TASK_CATEGORIES = load(
            "Hub task category",
            "task_categories.txt",
            "tabular-classification",
            "tabular-regression",
            "image-classification",
            "time-series-forecasting");

    /** The Hub's sub-task ids ({@code task_ids}). */
    public static final Vocabulary TASK_IDS = load(
            "Hub task id",
            "task_ids.txt",
            "multi-class-classification",
            "semantic-segmentation",
            "univariate-time-series-forecasting");

    /** The Hub's size buckets ({@code size_categories}). */
    public static final Vocabulary SIZE_CATEGORIES = load("size category", "size_categories.txt");

    /** ISO 639-1 and 639-2/639-3 language codes, plus the Hub's {@code multilingual} and {@code code}. */
    public static final Vocabulary LANGUAGES = languages();

    private final String noun;
    private final List<String> values;
    private final List<String> examples;
    private final Set<String> lookup;

    /**
     * A vocabulary.
     *
     * @param noun what one value is, for messages ("Hub licence id")
     * @param values the allowed values, in their documented order
     * @param examples the values to show when the list is too long to print whole
     */
    public Vocabulary(String noun, List<String> values, List<String> examples) {
        this.noun = noun;
        this.values = List.copyOf(values);
        this.examples = List.copyOf(examples);
        this.lookup = Set.copyOf(values);
    }

    /** What one value is, for messages ("Hub licence id"). */
    public String noun() {
        return noun;
    }

    /** The allowed values, in their documented order. */
    public List<String> values() {
        return values;
    }

    /** Whether {@code value} is one of the allowed values (exactly, case included). */
    public boolean contains(String value) {
        return lookup.contains(value);
    }

    /**
     * The allowed value nearest to {@code value}, if one is close enough to be what was meant: the
     * same ignoring case and surrounding spaces; else, for values of four characters or more, the one
     * fewest edits away (at most a third of the length), else the only value that starts with it.
     */
    public Optional<String> nearest(String value) {
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        for (String v : values) {
            if (v.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(v);
            }
        }
        if (wanted.length() < 4) {
            // Short codes (en, fr, deu) are all a letter or two apart: only a case slip is a safe guess.
            return Optional.empty();
        }
        String best = null;
        int bestDistance = wanted.length() / 3 + 1;
        for (String v : values) {
            int d = EditDistance.between(wanted, v.toLowerCase(Locale.ROOT), bestDistance);
            if (d < bestDistance) {
                best = v;
                bestDistance = d;
            }
        }
        if (best != null) {
            return Optional.of(best);
        }
        if (wanted.length() >= 3) {
            List<String> prefixed = values.stream()
                    .filter(v -> v.toLowerCase(Locale.ROOT).startsWith(wanted))
                    .toList();
            if (prefixed.size() == 1) {
                return Optional.of(prefixed.get(0));
            }
        }
        return Optional.empty();
    }

    /** What is allowed, in one line: "one of the 83 ids (apache-2.0, mit, cc-by-4.0, ...)". */
    public String describe() {
        if (values.size() <= PRINTED_WHOLE) {
            return "one of " + String.join(", ", values);
        }
        String plural = noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
        return "one of the " + values.size() + " " + plural + " (" + String.join(", ", examples) + ", ...)";
    }

    private static Vocabulary load(String noun, String resource, String... examples) {
        List<String> values = lines(resource);
        List<String> shown = examples.length > 0 ? List.of(examples) : values;
        return new Vocabulary(noun, values, shown);
    }

    private static Vocabulary languages() {
        List<String> values = new ArrayList<>(lines("languages.txt"));
        values.add("multilingual");
        values.add("code");
        return new Vocabulary(
                "ISO 639-1 or 639-3 language code", values, List.of("en", "fr", "de", "zh", "deu", "multilingual"));
    }

    private static List<String> lines(String resource) {
        try (InputStream in = Vocabulary.class.getResourceAsStream(VOCAB + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + VOCAB + resource + " (a broken build)");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
