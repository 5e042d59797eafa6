package gov.nersc.huggingnersc.api;

import java.util.List;

/**
 * What {@code upload-data} did (or, for a dry run, would do).
 *
 * @param entry the entry whose data was uploaded
 * @param files the files selected, each with its path in the repo and size, in path order
 * @param bytes their total size
 * @param batches how many commits the files are split into (at most; batches the Hub already
 *     holds make no commit)
 * @param commits the commits made, oldest first; empty when the Hub already held everything
 * @param lfsBytesSent bytes actually sent through LFS (objects the Hub had are not sent)
 * @param viewerPatterns the {@code data_files} patterns written into the card's {@code configs}
 * @param notViewable extensions of uploaded files the Hub's dataset viewer cannot read
 * @param dryRun true when nothing was sent
 */
public record DataUploadResult(
        CatalogEntry entry,
        List<DataFile> files,
        long bytes,
        int batches,
        List<String> commits,
        long lfsBytesSent,
        List<String> viewerPatterns,
        List<String> notViewable,
        boolean dryRun) {
    public DataUploadResult {
        files = List.copyOf(files);
        commits = List.copyOf(commits);
        viewerPatterns = List.copyOf(viewerPatterns);
        notViewable = List.copyOf(notViewable);
    }

    /**
     * One data file to upload.
     *
     * @param relativePath its path under the data path
     * @param pathInRepo where it goes in the repo
     * @param size its size in bytes
     */
    public record DataFile(String relativePath, String pathInRepo, long size) {}
}
