package gov.nersc.huggingnersc.api;

/**
 * What {@code manifest} (or {@code manifest merge}) did.
 *
 * @param entry the entry as it is now in the catalog
 * @param build what building or merging the manifest did: the file written, its header (root
 *     digest, files, bytes), how many files were hashed and reused, what was unreadable
 * @param recorded true when the entry's info JSON now records this manifest (a shard's part is not
 *     recorded; {@code manifest merge} records the whole)
 */
public record ManifestResult(CatalogEntry entry, ManifestBuild build, boolean recorded) {}
