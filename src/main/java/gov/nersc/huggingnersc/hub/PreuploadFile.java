package gov.nersc.huggingnersc.hub;

/**
 * How the Hub wants one file of a commit sent, from preupload.
 *
 * @param path the path in the repo
 * @param lfs true to upload it through LFS, false to inline it in the commit
 * @param shouldIgnore true when the repo's {@code .gitignore} excludes it
 * @param remoteOid the oid of the file already at that path (git blob sha1, or sha256 for LFS), or null
 */
public record PreuploadFile(String path, boolean lfs, boolean shouldIgnore, String remoteOid) {}
