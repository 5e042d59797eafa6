package gov.nersc.huggingnersc.api;

import java.nio.file.Path;

/**
 * What building (or merging) a manifest did.
 *
 * @param manifest the file written
 * @param header its header, root digest included
 * @param hashed files whose content was read and hashed
 * @param reused files whose hash came from the previous manifest (size and mtime unchanged)
 * @param bytesHashed bytes read to hash
 * @param vanished files that disappeared between the walk and their hashing (not in the manifest)
 * @param unstable files that kept changing while being hashed (recorded as last seen)
 * @param unreadable entries that could not be listed or read (not in the manifest)
 * @param elapsedMillis how long it took
 * @param threads the threads that hashed files: as asked, or chosen from the work (one file, one thread);
 *     0 for a merge, which hashes none
 */
public record ManifestBuild(
        Path manifest,
        ManifestHeader header,
        long hashed,
        long reused,
        long bytesHashed,
        long vanished,
        long unstable,
        FirstFew unreadable,
        long elapsedMillis,
        int threads) {

    /** True when every file under the root is in the manifest (nothing unreadable). */
    public boolean complete() {
        return unreadable.isEmpty();
    }
}
