package gov.nersc.huggingnersc.hub;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.util.List;
import java.util.Optional;

/**
 * One commit to make.
 *
 * @param branch the branch to commit to, usually {@code main}
 * @param summary the commit title (required)
 * @param description the rest of the message, may be empty
 * @param parentCommit the commit the change was prepared against; the Hub refuses the commit (412)
 *     if the branch has moved. When empty, {@link HubClient#commit} uses the branch head it reads first.
 * @param createPr open a pull request instead of committing to the branch
 * @param ops what to change
 */
public record CommitRequest(
        String branch,
        String summary,
        String description,
        Optional<String> parentCommit,
        boolean createPr,
        List<CommitOperation> ops) {
    public CommitRequest {
        if (branch == null || branch.isBlank()) {
            branch = "main";
        }
        if (summary == null || summary.isBlank()) {
            throw new InvalidInputException("commit summary: empty; the Hub needs a one-line title");
        }
        description = description == null ? "" : description;
        parentCommit = parentCommit == null ? Optional.empty() : parentCommit;
        ops = List.copyOf(ops);
    }

    /** A commit to {@code main} with no description, against whatever the head is. */
    public static CommitRequest onMain(String summary, List<CommitOperation> ops) {
        return new CommitRequest("main", summary, "", Optional.empty(), false, ops);
    }
}
