package gov.nersc.huggingnersc.api;

/**
 * How {@code update-dataset} runs.
 *
 * @param dryRun compute and describe the change (a unified diff) without writing anything, locally
 *     or on the Hub
 * @param push commit the change to the entry's Hub repo when the entry is published there; false
 *     updates the entry only
 * @param scan scan the data path again (files, bytes, formats for the card and the entry); false
 *     keeps the recorded scan, or drops it when the data path changes
 * @param commit the commit's title and description (empty: the tool's own)
 */
public record UpdateOptions(boolean dryRun, boolean push, boolean scan, CommitOptions commit) {
    public UpdateOptions {
        java.util.Objects.requireNonNull(commit, "commit (use CommitOptions.defaults())");
    }

    /** Options with the tool's own commit words. */
    public UpdateOptions(boolean dryRun, boolean push, boolean scan) {
        this(dryRun, push, scan, CommitOptions.defaults());
    }

    /** Options that scan the data again. */
    public UpdateOptions(boolean dryRun, boolean push) {
        this(dryRun, push, true);
    }

    /** Update the entry and its repo, scanning the data again. */
    public static UpdateOptions defaults() {
        return new UpdateOptions(false, true, true, CommitOptions.defaults());
    }
}
