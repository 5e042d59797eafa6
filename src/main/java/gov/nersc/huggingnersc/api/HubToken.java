package gov.nersc.huggingnersc.api;

import java.util.List;

/**
 * A Hub access token and where it came from. {@link #toString()} never shows the token; only
 * {@link #value()} does, and only the Hub client calls it, to build the Authorization header.
 *
 * @param value the token itself
 * @param source where it was found, e.g. {@code HF_TOKEN} or {@code /home/u/.cache/huggingface/token},
 *     so error messages can say which token was refused
 */
public record HubToken(String value, String source) {
    /** The variable that names the token file, instead of {@code $HF_HOME/token}. */
    public static final String TOKEN_PATH_VARIABLE = "HF_TOKEN_PATH";

    /** The variables that hold a token, first one first. */
    public static final List<String> ENVIRONMENT = List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN");

    public HubToken {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a token must not be empty");
        }
    }

    /** True when the token came from the file {@code HF_TOKEN_PATH} names, for an endpoint other than huggingface.co. */
    public boolean isFromTokenPathVariable() {
        return source.endsWith("(" + TOKEN_PATH_VARIABLE + ")");
    }

    /** True when the token came from {@code HF_TOKEN} or {@code HUGGING_FACE_HUB_TOKEN}. */
    public boolean isFromEnvironment() {
        return ENVIRONMENT.contains(source);
    }

    @Override
    public String toString() {
        return "HubToken[from " + source + "]";
    }
}
