package gov.nersc.huggingnersc.hub;

import java.nio.file.Path;

/**
 * A file {@link HubClient#download} wrote.
 *
 * @param path where it is now
 * @param size its size in bytes
 * @param commit the commit the revision resolved to ({@code X-Repo-Commit}), or null
 * @param etag the Hub's ETag (git blob sha1, or sha256 for LFS files), unquoted, or null
 */
public record DownloadedFile(Path path, long size, String commit, String etag) {}
