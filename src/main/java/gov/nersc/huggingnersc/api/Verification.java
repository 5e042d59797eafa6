package gov.nersc.huggingnersc.api;

/**
 * Whether a catalogued dataset still holds: its data path (a folder, or one file) exists; for a
 * public link, the web server may read it (every directory from the data path down {@code o+x},
 * every file {@code o+r}); and its files still match the manifest (by size and mtime, or by content
 * with {@code rehash}).
 *
 * @param dataPath the data path checked
 * @param dataPathExists false when the data path is gone (then nothing else was checked)
 * @param permissionsChecked true when the public-link permissions were checked
 * @param notPublic directories lacking {@code o+x} ("dir/: not o+x") and files lacking {@code o+r}
 *     ("file: not o+r")
 * @param manifestChecked true when the files were compared with a manifest
 * @param rehashed true when the content of unchanged-looking files was hashed and compared too
 * @param files the files found under the data path
 * @param added files present but not in the manifest, in path order
 * @param removed files in the manifest but gone, in path order
 * @param changed files whose size, mtime or (with rehash) content differ, with what differs, in path order
 * @param unreadable entries that could not be listed or read
 */
public record Verification(
        String dataPath,
        boolean dataPathExists,
        boolean permissionsChecked,
        FirstFew notPublic,
        boolean manifestChecked,
        boolean rehashed,
        long files,
        FirstFew added,
        FirstFew removed,
        FirstFew changed,
        FirstFew unreadable) {

    /** True when every check made found nothing wrong. */
    public boolean holds() {
        return dataPathExists
                && notPublic.isEmpty()
                && added.isEmpty()
                && removed.isEmpty()
                && changed.isEmpty()
                && unreadable.isEmpty();
    }
}
