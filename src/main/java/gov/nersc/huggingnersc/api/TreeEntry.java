package gov.nersc.huggingnersc.api;

/**
 * A file or folder in a repo, from the tree and paths-info endpoints.
 *
 * @param type {@code file} or {@code directory}
 * @param path the path in the repo
 * @param size the content size in bytes (for LFS files the real size, not the pointer's)
 * @param oid the git object id (for LFS files, of the pointer)
 * @param lfs the LFS object, or null for regular files and folders
 */
public record TreeEntry(String type, String path, long size, String oid, Lfs lfs) {

    /**
     * @param oid the sha256 of the content
     * @param size the content size
     * @param pointerSize the size of the pointer file git holds
     */
    public record Lfs(String oid, long size, long pointerSize) {}

    public boolean isFile() {
        return "file".equals(type);
    }

    public boolean isDirectory() {
        return !isFile();
    }
}
