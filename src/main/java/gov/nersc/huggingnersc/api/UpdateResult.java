package gov.nersc.huggingnersc.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code update} did, or (for a dry run) would do.
 *
 * @param entry the entry as now recorded (for a dry run: as it would be)
 * @param where the entry's folder
 * @param status whether anything was written
 * @param entryFiles the entry's files that changed (or would), added and removed ones included
 * @param hub what happened to the Hub repo
 * @param repoFiles the repo's paths that changed (or would): added, replaced or deleted
 * @param commit the commit made, when {@code hub} is {@link HubChange#COMMIT} and this is no dry run
 * @param commitUrl the commit's page
 * @param retried true when someone committed to the repo in between, and the card was merged again
 *     onto theirs and the commit retried
 * @param diff a unified diff of every changed file: the entry's as {@code catalog/<nickname>/FILE},
 *     the repo's as {@code hub/<org>/<nickname>/PATH}
 * @param warnings what is allowed but looks wrong in the input (e.g. unknown metadata keys)
 */
public record UpdateResult(
        CatalogEntry entry,
        Path where,
        Status status,
        List<String> entryFiles,
        HubChange hub,
        List<String> repoFiles,
        Optional<String> commit,
        Optional<String> commitUrl,
        boolean retried,
        String diff,
        List<String> warnings) {

    public UpdateResult {
        entryFiles = List.copyOf(entryFiles);
        repoFiles = List.copyOf(repoFiles);
        warnings = List.copyOf(warnings);
    }

    /** Whether anything was written. */
    public enum Status {
        /** The entry (and, per {@link HubChange}, the repo) was changed. */
        UPDATED,
        /** The entry and the repo already held these values: nothing was touched. */
        UNCHANGED,
        /** A dry run: nothing was touched, {@link #diff()} shows what would change. */
        DRY_RUN
    }

    /** What happened, or would happen, to the entry's Hub repo. */
    public enum HubChange {
        /** One commit with the changed files. */
        COMMIT,
        /**
         * {@code --create-pr}: a pull request with the changed files was opened ({@link #commitUrl} is
         * its page); {@code main} is unchanged, and the entry keeps the publication it records.
         */
        PULL_REQUEST,
        /** The repo already held the entry's files: no commit. */
        NONE_NEEDED,
        /** The entry was never published: only the entry changes ({@code upload-dataset} publishes it). */
        NOT_PUBLISHED,
        /** {@code --no-push}: only the entry changes. */
        NOT_PUSHED,
        /** The entry is published on another Hub than the configured one: only the entry changes. */
        PUBLISHED_ELSEWHERE
    }
}
