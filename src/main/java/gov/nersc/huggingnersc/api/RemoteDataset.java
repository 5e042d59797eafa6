package gov.nersc.huggingnersc.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A dataset repo of the organization on the Hub, and the catalog entry that describes it, if any.
 *
 * @param id the repo id {@code org/name}
 * @param lastModified when the repo last changed, if the Hub said
 * @param isPrivate whether the repo is private, if the Hub said
 * @param tags the tags the Hub derived from the card and the files
 * @param entry the catalog entry whose repo this is
 */
public record RemoteDataset(
        String id,
        Optional<Instant> lastModified,
        Optional<Boolean> isPrivate,
        List<String> tags,
        Optional<CatalogEntry> entry) {
    public RemoteDataset {
        tags = List.copyOf(tags);
    }

    /** True when a catalog entry describes this repo. */
    public boolean inCatalog() {
        return entry.isPresent();
    }
}
