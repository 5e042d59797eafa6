package gov.nersc.huggingnersc.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which datasets {@code list-datasets} shows.
 *
 * @param tag a tag the dataset carries: one of its metadata {@code tags}, its license or a task
 *     category, plain ({@code mit}) or as the Hub spells it ({@code license:mit})
 * @param search text the nickname or the official name contains, ignoring case
 */
public record ListFilter(Optional<String> tag, Optional<String> search) {
    /** The metadata keys whose values a dataset answers to, besides its free {@code tags}. */
    private static final List<String> TAGGED_KEYS = List.of("license", "task_categories", "task_ids");

    public ListFilter {
        tag = Objects.requireNonNull(tag, "tag").map(String::strip).filter(t -> !t.isEmpty());
        search = Objects.requireNonNull(search, "search").map(String::strip).filter(t -> !t.isEmpty());
    }

    /** Every dataset. */
    public static ListFilter all() {
        return new ListFilter(Optional.empty(), Optional.empty());
    }

    /** True when neither a tag nor a search text narrows the list. */
    public boolean isEmpty() {
        return tag.isEmpty() && search.isEmpty();
    }

    /** True when the entry carries the tag and its nickname or name contains the search text. */
    public boolean matches(CatalogEntry entry) {
        if (search.isPresent()) {
            String text = search.get().toLowerCase(Locale.ROOT);
            if (!entry.nickname().toLowerCase(Locale.ROOT).contains(text)
                    && !entry.officialName().toLowerCase(Locale.ROOT).contains(text)) {
                return false;
            }
        }
        return tag.isEmpty() || tagsOf(entry).stream().anyMatch(t -> t.equalsIgnoreCase(tag.get()));
    }

    /** Every tag an entry answers to: its free tags, and each license and task value plain and prefixed. */
    static List<String> tagsOf(CatalogEntry entry) {
        List<String> out = new ArrayList<>(entry.metadata().tags());
        JsonNode tags = entry.metadata().datacardTags();
        for (String key : TAGGED_KEYS) {
            JsonNode value = tags.path(key);
            List<JsonNode> values = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(values::add);
            } else if (value.isTextual()) {
                values.add(value);
            }
            for (JsonNode v : values) {
                out.add(v.asText());
                out.add(key + ":" + v.asText());
            }
        }
        return out;
    }
}
