package gov.nersc.huggingnersc.api;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import java.util.Objects;
import java.util.Optional;

/**
 * How a write commits to the Hub, as {@code hf upload --commit-message}, {@code --commit-description}
 * and {@code --create-pr} say it; each empty means the tool's own words.
 *
 * @param message the commit's title: one line
 * @param description the rest of the message: any lines
 * @param createPr open a pull request with the change instead of committing to {@code main}, for a
 *     steward who may not write to the organization's repos
 */
public record CommitOptions(Optional<String> message, Optional<String> description, boolean createPr) {
    /** The longest title the Hub's pages show whole. */
    public static final int MAX_MESSAGE = 200;

    /**
     * @throws InvalidInputException for an empty title, one of several lines or with control
     *     characters, or one longer than {@link #MAX_MESSAGE}
     */
    public CommitOptions {
        Objects.requireNonNull(message, "message (use Optional.empty())");
        Objects.requireNonNull(description, "description (use Optional.empty())");
        message.ifPresent(CommitOptions::checkMessage);
    }

    private static void checkMessage(String m) {
        if (m.isBlank()) {
            throw new InvalidInputException(
                    "--commit-message: empty; give a one-line title, or leave the option out " + "for the tool's own");
        }
        if (m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
            throw new InvalidInputException("--commit-message: several lines; the title is one line: put the rest in "
                    + "--commit-description");
        }
        if (m.chars().anyMatch(c -> MessageText.isControl((char) c))) {
            throw new InvalidInputException(
                    "--commit-message " + MessageText.quoted(m) + ": holds a control character; " + "give plain text");
        }
        if (m.length() > MAX_MESSAGE) {
            throw new InvalidInputException("--commit-message: " + m.length() + " characters; at most " + MAX_MESSAGE
                    + " (put the rest in --commit-description)");
        }
    }

    /** The words given, committed to {@code main}. */
    public CommitOptions(Optional<String> message, Optional<String> description) {
        this(message, description, false);
    }

    /** The tool's own words, committed to {@code main}. */
    public static CommitOptions defaults() {
        return new CommitOptions(Optional.empty(), Optional.empty(), false);
    }

    /** The title: the one given, else {@code fallback}. */
    public String messageOr(String fallback) {
        return message.map(String::strip).orElse(fallback);
    }

    /** The description: the one given, else {@code fallback}. */
    public String descriptionOr(String fallback) {
        return description.orElse(fallback);
    }
}
