package gov.nersc.huggingnersc.api;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import java.util.Objects;
import java.util.Optional;

/**
 * The words of a commit a write makes on the Hub, as {@code hf upload --commit-message} and {@code
 * --commit-description} give them; each empty means the tool's own.
 *
 * @param message the commit's title: one line
 * @param description the rest of the message: any lines
 */
public record CommitText(Optional<String> message, Optional<String> description) {
  /** The longest title the Hub's pages show whole. */
  public static final int MAX_MESSAGE = 200;

  /**
   * @throws InvalidInputException for an empty title, one of several lines or with control
   *     characters, or one longer than {@link #MAX_MESSAGE}
   */
  public CommitText {
    Objects.requireNonNull(message, "message (use Optional.empty())");
    Objects.requireNonNull(description, "description (use Optional.empty())");
    message.ifPresent(CommitText::checkMessage);
  }

  private static void checkMessage(String m) {
    if (m.isBlank()) {
      throw new InvalidInputException("--commit-message: empty; give a one-line title, or leave the option out "
          + "for the tool's own");
    }
    if (m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
      throw new InvalidInputException("--commit-message: several lines; the title is one line: put the rest in "
          + "--commit-description");
    }
    if (m.chars().anyMatch(c -> MessageText.isControl((char) c))) {
      throw new InvalidInputException("--commit-message " + MessageText.quoted(m) + ": holds a control character; "
          + "give plain text");
    }
    if (m.length() > MAX_MESSAGE) {
      throw new InvalidInputException("--commit-message: " + m.length() + " characters; at most " + MAX_MESSAGE
          + " (put the rest in --commit-description)");
    }
  }

  /** The tool's own words. */
  public static CommitText defaults() {
    return new CommitText(Optional.empty(), Optional.empty());
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
