package gov.nersc.huggingnersc.api;

import java.time.Instant;
import java.util.List;

/**
 * One commit of a repo's history, from {@code GET /api/datasets/{id}/commits/{rev}}.
 *
 * @param id the 40-hex commit id
 * @param title the first line of the message
 * @param message the whole message
 * @param date when it was committed
 * @param authors the Hub user names of its authors
 */
public record RepoCommit(String id, String title, String message, Instant date, List<String> authors) {
    public RepoCommit {
        authors = List.copyOf(authors);
    }
}
