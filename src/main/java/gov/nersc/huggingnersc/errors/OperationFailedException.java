package gov.nersc.huggingnersc.errors;

/** A file system (or other environment) failure that is not the user's input. Exit code 1. */
public class OperationFailedException extends HuggingNerscException {
    public OperationFailedException(String message) {
        super(message);
    }

    public OperationFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.FAILED;
    }
}
