package gov.nersc.huggingnersc.api;

/**
 * What publishing an entry did.
 *
 * @param entry the entry as now recorded (its {@code published} names {@link #commit})
 * @param status whether a commit was made
 * @param endpoint the Hub published to, as configured ({@code https://huggingface.co}, {@code
 *     http://host:port} or {@code file:DIR})
 * @param repoUrl the repo's page, {@code <endpoint>/datasets/<org>/<nickname>}
 * @param commit the commit that holds the entry's files (of the pull request, when one was opened)
 * @param commitUrl the commit's page (the pull request's, when one was opened)
 * @param repoCreated true when the repo was created by this action
 */
public record PublishResult(
        CatalogEntry entry,
        Status status,
        String endpoint,
        String repoUrl,
        String commit,
        String commitUrl,
        boolean repoCreated) {

    /** Whether publishing made a commit. */
    public enum Status {
        /** One commit with the entry's files was made. */
        COMMITTED,
        /** The repo already held identical files: no commit (the entry records the repo's head). */
        ALREADY_PUBLISHED,
        /**
         * {@code --create-pr}: a pull request with the entry's files was opened; {@code main} and the
         * entry's record are unchanged until someone merges it ({@code upload-dataset} then records it).
         */
        PULL_REQUEST_OPENED
    }
}
