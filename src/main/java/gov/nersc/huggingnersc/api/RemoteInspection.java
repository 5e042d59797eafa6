package gov.nersc.huggingnersc.api;

import java.util.List;
import java.util.Optional;

/**
 * A catalog entry and its Hub repo, side by side.
 *
 * @param local the entry as found on disk
 * @param endpoint the Hub asked, as configured
 * @param repoUrl the repo's page on that Hub
 * @param head the repo's last commit on {@code main}; empty when the repo does not exist
 * @param tags the tags the Hub derived from the card and the files
 * @param files every file in the repo at {@code head} (path, size, LFS or not)
 * @param comparison the entry's files against the repo's; empty when the entry cannot be turned into
 *     repo files (see {@code comparisonProblem})
 * @param comparisonProblem why the entry could not be compared, if it could not
 */
public record RemoteInspection(
        InspectedEntry local,
        String endpoint,
        String repoUrl,
        Optional<RepoCommit> head,
        List<String> tags,
        List<TreeEntry> files,
        Optional<RepoComparison> comparison,
        Optional<String> comparisonProblem) {
    public RemoteInspection {
        tags = List.copyOf(tags);
        files = List.copyOf(files);
    }

    /** True when the repo exists on the Hub. */
    public boolean repoExists() {
        return head.isPresent();
    }

    /** True when the entry records this Hub as its own (it may have been published on another). */
    public boolean entryNamesThisHub() {
        return HubEndpoint.sameHub(local.entry().endpoint(), endpoint);
    }

    /** True when the repo holds every file of the entry with the same content (other files aside). */
    public boolean agrees() {
        return comparison.map(RepoComparison::agrees).orElse(false);
    }
}
