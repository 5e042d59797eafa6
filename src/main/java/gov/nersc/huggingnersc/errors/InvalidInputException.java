package gov.nersc.huggingnersc.errors;

import java.util.List;

/**
 * The user's input is wrong (a file, a field of a file, or an argument). Nothing was written.
 *
 * <p>The message names where the problem is (file, JSON pointer or argument), what was wrong and
 * what is allowed. When several problems were found, {@link #problems()} lists each one and the
 * message is the first of them plus a count.
 */
public class InvalidInputException extends HuggingNerscException {
    private final List<String> problems;

    public InvalidInputException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    /** Several problems at once, e.g. every schema violation of a metadata file. */
    public InvalidInputException(List<String> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    private static String summary(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid-input error needs at least one problem");
        }
        return problems.size() == 1
                ? problems.get(0)
                : problems.get(0) + " (and " + (problems.size() - 1) + " more problem"
                        + (problems.size() == 2 ? "" : "s") + ")";
    }

    /** Every problem found, one line each. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public Kind kind() {
        return Kind.INVALID_INPUT;
    }
}
