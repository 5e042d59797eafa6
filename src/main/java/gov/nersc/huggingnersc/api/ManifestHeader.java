package gov.nersc.huggingnersc.api;

import java.time.Instant;

/**
 * The first line of a manifest: what it describes and its root digest.
 *
 * @param root the real (symlink-free) absolute data path the manifest describes
 * @param shard which slice of the files this is; {@link Shard#ALL} for a whole manifest
 * @param files how many entries follow
 * @param bytes the sum of their sizes
 * @param rootDigest {@code sha256:} and the hex SHA-256 of the entry lines exactly as stored, each
 *     followed by a newline, in file order; the same as {@code zcat FILE | tail -n +2 | sha256sum}
 * @param created when the manifest was written (not part of the digest)
 */
public record ManifestHeader(String root, Shard shard, long files, long bytes, String rootDigest, Instant created) {
    /** The value of the header's {@code format} field. */
    public static final String FORMAT = "huggingnersc-manifest";
    /** The manifest format version this code writes and reads. */
    public static final int VERSION = 1;
}
