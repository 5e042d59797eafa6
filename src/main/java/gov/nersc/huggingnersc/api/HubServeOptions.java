package gov.nersc.huggingnersc.api;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code hub serve} serves a folder of repos.
 *
 * @param dir the folder of the repos (created if missing)
 * @param host the address to listen on
 * @param port the port; 0 for a free one
 * @param tokenFile the file holding the token writes need; empty for {@code DIR/token}
 * @param pageSize the page size of listings
 * @param multipartChunkSize the part size of LFS multipart uploads, 5 MiB to 5 GiB as on S3
 */
public record HubServeOptions(
        Path dir, String host, int port, Optional<Path> tokenFile, int pageSize, long multipartChunkSize) {
    /** The smallest part size S3 (behind the Hub's LFS multipart uploads) allows, and so the local hub. */
    public static final long MIN_CHUNK = 5L << 20;

    /** The largest part size S3 allows. */
    public static final long MAX_CHUNK = 5L << 30;

    /** The token file: the one given, else {@code DIR/token}. */
    public Path effectiveTokenFile() {
        return tokenFile.orElse(dir.resolve("token"));
    }
}
