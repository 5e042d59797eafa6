package gov.nersc.huggingnersc.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code catalogNewDataset} did.
 *
 * @param entry the entry as it is now in the catalog
 * @param where the entry's folder
 * @param status whether the entry was written now or was already there, unchanged
 * @param warnings what is allowed but looks wrong in the input (e.g. unknown metadata keys)
 * @param publication what publishing on the Hub did, when the entry was published
 */
public record CatalogResult(
        CatalogEntry entry, Path where, Status status, List<String> warnings, Optional<PublishResult> publication) {
    public CatalogResult {
        warnings = List.copyOf(warnings);
        publication = publication == null ? Optional.empty() : publication;
    }

    /** A result without publishing ({@code --no-push}). */
    public CatalogResult(CatalogEntry entry, Path where, Status status, List<String> warnings) {
        this(entry, where, status, warnings, Optional.empty());
    }

    /** Whether anything was written. */
    public enum Status {
        /** The entry was written now. */
        NEW,
        /** The same entry was already in the catalog; nothing was touched. */
        UNCHANGED
    }
}
