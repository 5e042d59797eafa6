package gov.nersc.huggingnersc.api;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What {@code upload-data} should send.
 *
 * @param include globs a file's path (relative to the data path) must match, any of them; empty:
 *     every file. {@code *} matches across folders ({@code *.csv} is every CSV file); read as
 *     Python's {@code fnmatch} reads them
 * @param exclude globs that leave a file out, even when it is included
 * @param maxTotalBytes refuse when the selected files are bigger than this in all
 * @param pathInRepo the folder in the repo the files go under, e.g. {@code data/}
 * @param filesPerCommit at most this many files in one commit
 * @param bytesPerCommit at most this many bytes in one commit (a bigger file gets its own)
 * @param dryRun plan only: list what would be sent, contact nobody
 * @param commit the commits' title and description (empty: the tool's own; several commits number
 *     theirs "(part i of n)")
 */
public record DataUploadRequest(
        List<String> include,
        List<String> exclude,
        OptionalLong maxTotalBytes,
        String pathInRepo,
        int filesPerCommit,
        long bytesPerCommit,
        boolean dryRun,
        CommitOptions commit) {

    /** The default folder in the repo. */
    public static final String DATA_FOLDER = "data/";
    /** Default files per commit: few, large commits (the Hub limits commits per hour). */
    public static final int FILES_PER_COMMIT = 500;
    /** Default bytes per commit. */
    public static final long BYTES_PER_COMMIT = 10L << 30;

    public DataUploadRequest {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        Objects.requireNonNull(maxTotalBytes, "maxTotalBytes");
        Objects.requireNonNull(commit, "commit (use CommitOptions.defaults())");
    }

    /** A request with the tool's own commit words. */
    public DataUploadRequest(
            List<String> include,
            List<String> exclude,
            OptionalLong maxTotalBytes,
            String pathInRepo,
            int filesPerCommit,
            long bytesPerCommit,
            boolean dryRun) {
        this(
                include,
                exclude,
                maxTotalBytes,
                pathInRepo,
                filesPerCommit,
                bytesPerCommit,
                dryRun,
                CommitOptions.defaults());
    }

    /** The folder in the repo, {@link #pathInRepo} without a trailing {@code /} ({@code data}). */
    public String folder() {
        return withoutTrailingSlash(pathInRepo);
    }

    private static String withoutTrailingSlash(String folder) {
        return folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    }

    /** Every file, under {@code data/}, in commits of at most 500 files and 10 GiB. */
    public static DataUploadRequest defaults() {
        return new DataUploadRequest(
                List.of(), List.of(), OptionalLong.empty(), DATA_FOLDER, FILES_PER_COMMIT, BYTES_PER_COMMIT, false);
    }

    public DataUploadRequest withInclude(List<String> globs) {
        return new DataUploadRequest(
                globs, exclude, maxTotalBytes, pathInRepo, filesPerCommit, bytesPerCommit, dryRun, commit);
    }

    public DataUploadRequest withExclude(List<String> globs) {
        return new DataUploadRequest(
                include, globs, maxTotalBytes, pathInRepo, filesPerCommit, bytesPerCommit, dryRun, commit);
    }

    public DataUploadRequest withMaxTotalBytes(OptionalLong max) {
        return new DataUploadRequest(include, exclude, max, pathInRepo, filesPerCommit, bytesPerCommit, dryRun, commit);
    }

    public DataUploadRequest withPathInRepo(String folder) {
        return new DataUploadRequest(
                include, exclude, maxTotalBytes, folder, filesPerCommit, bytesPerCommit, dryRun, commit);
    }

    public DataUploadRequest withCommitLimits(int files, long bytes) {
        return new DataUploadRequest(include, exclude, maxTotalBytes, pathInRepo, files, bytes, dryRun, commit);
    }

    public DataUploadRequest withCommit(CommitOptions words) {
        return new DataUploadRequest(
                include, exclude, maxTotalBytes, pathInRepo, filesPerCommit, bytesPerCommit, dryRun, words);
    }

    public DataUploadRequest withDryRun(boolean value) {
        return new DataUploadRequest(
                include, exclude, maxTotalBytes, pathInRepo, filesPerCommit, bytesPerCommit, value, commit);
    }
}
