package gov.nersc.huggingnersc.api;

import java.util.Objects;
import java.util.Optional;

/**
 * How to publish an entry.
 *
 * @param isPrivate create the repo private (only when it is created; an existing repo keeps its
 *     visibility)
 * @param org publish under this organization instead of the one the entry records: the entry then
 *     records the repo {@code <org>/<nickname>} (empty: the entry's own repo)
 * @param commit the commit's title and description (empty: the tool's own)
 */
public record PublishOptions(boolean isPrivate, Optional<String> org, CommitOptions commit) {
    public PublishOptions {
        Objects.requireNonNull(org, "org (use Optional.empty())");
        Objects.requireNonNull(commit, "commit (use CommitOptions.defaults())");
    }

    /** Publishing with the tool's own commit words. */
    public PublishOptions(boolean isPrivate, Optional<String> org) {
        this(isPrivate, org, CommitOptions.defaults());
    }

    /** Publishing to the entry's own repo. */
    public PublishOptions(boolean isPrivate) {
        this(isPrivate, Optional.empty());
    }

    /** A public repo. */
    public static PublishOptions defaults() {
        return new PublishOptions(false);
    }
}
