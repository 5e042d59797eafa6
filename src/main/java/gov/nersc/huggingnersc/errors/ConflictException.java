package gov.nersc.huggingnersc.errors;

/** The entry or the repo already holds something else, or changed underneath us. Exit code 3. */
public class ConflictException extends HuggingNerscException {
    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.CONFLICT;
    }
}
