package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.CommitOptions;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --commit-message} and {@code --commit-description}, as {@code hf upload} has them, on every write. */
final class CommitFlags {
    @Option(
            names = "--commit-message",
            paramLabel = "TITLE",
            description = "The title of the commit on the Hub (one line; default: the tool's, e.g. 'Update iris from "
                    + "NERSC (huggingnersc)').")
    String message;

    @Option(
            names = "--commit-description",
            paramLabel = "TEXT",
            description = "The rest of the commit message (default: where the data and the catalog entry are).")
    String description;

    /** The words given, checked (exit 2 for a bad title) before anything is done. */
    CommitOptions text() {
        return text(false);
    }

    /** The words given, and whether to open a pull request instead of committing to main. */
    CommitOptions text(boolean createPr) {
        return new CommitOptions(Optional.ofNullable(message), Optional.ofNullable(description), createPr);
    }

    /**
     * Refuses the options where nothing is committed to the Hub.
     *
     * @param why the option that means no commit, e.g. {@code --no-push}
     */
    void refuseWithout(String why) {
        if (message != null || description != null) {
            throw new InvalidInputException((message != null ? "--commit-message" : "--commit-description") + " with "
                    + why + ": nothing is committed to the Hub; drop one of them");
        }
    }
}
