package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.errors.HuggingNerscException;

/** The exit codes of the CLI; the only place where failures become numbers. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID_INPUT = 2;
    public static final int CONFLICT = 3;

    private ExitCodes() {}

    static int of(HuggingNerscException.Kind kind) {
        return switch (kind) {
            case FAILED -> FAILED;
            case INVALID_INPUT -> INVALID_INPUT;
            case CONFLICT -> CONFLICT;
        };
    }
}
