package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A dataset repo as {@code GET /api/datasets/{id}/revision/{rev}} describes it. With {@code expand},
 * the Hub returns only the fields asked for; the others are null (or empty lists).
 *
 * @param id {@code ns/name}
 * @param sha the commit the revision resolved to
 * @param lastModified when the repo last changed
 * @param isPrivate whether the repo is private (null when not returned)
 * @param gated {@code auto} or {@code manual} when gated, {@code false} when not, null when not returned
 * @param tags the tags the Hub derived from the card and the files
 * @param cardData the card's YAML front matter as JSON, or null
 * @param siblings the paths of the files at that revision
 */
public record DatasetInfo(
        String id,
        String sha,
        Instant lastModified,
        Boolean isPrivate,
        String gated,
        List<String> tags,
        JsonNode cardData,
        List<String> siblings) {
    public DatasetInfo {
        tags = List.copyOf(tags);
        siblings = List.copyOf(siblings);
    }
}
