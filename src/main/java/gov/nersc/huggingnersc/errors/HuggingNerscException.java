package gov.nersc.huggingnersc.errors;

/**
 * The one exception hierarchy of HuggingNERSC. Every fallible action throws a subclass; the CLI maps
 * {@link #kind()} to an exit code in one place (1 failed, 2 invalid input, 3 conflict).
 *
 * <p>Messages are one line, say what was wrong and what is allowed, and never contain a token.
 */
public abstract class HuggingNerscException extends RuntimeException {

    /** What kind of failure this is, which decides the exit code. */
    public enum Kind {
        /** Network, Hub or file system failure: exit 1. Running again may succeed. */
        FAILED,
        /** The user's input is wrong: exit 2. Nothing was written. */
        INVALID_INPUT,
        /** The entry or the repo changed underneath, or differs from the input: exit 3. */
        CONFLICT
    }

    protected HuggingNerscException(String message) {
        super(message);
    }

    protected HuggingNerscException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The kind of failure, which decides the exit code. */
    public abstract Kind kind();
}
