package gov.nersc.huggingnersc.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The manifest an entry records (info JSON key {@code manifest}): which file in the entry folder
 * holds it, and the numbers that prove later that the data is unchanged.
 *
 * @param file the manifest's file name in the entry folder, {@code <nickname>_manifest.jsonl.gz}
 * @param rootDigest {@code sha256:<hex>} over the manifest's entry lines
 * @param files how many files it lists
 * @param bytes their total size
 * @param created when the manifest was written
 */
public record EntryManifest(String file, String rootDigest, long files, long bytes, Instant created) {
    public EntryManifest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(rootDigest, "rootDigest");
        Objects.requireNonNull(created, "created");
    }
}
