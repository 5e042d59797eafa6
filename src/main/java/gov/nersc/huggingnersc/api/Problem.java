package gov.nersc.huggingnersc.api;

import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.errors.MessageText;

/**
 * One thing wrong with (or, as a warning, worth knowing about) a metadata file.
 *
 * @param file the file, as the user named it
 * @param pointer the JSON pointer of the value ({@code ""} for the whole file)
 * @param value the offending value, or {@code null} when it is missing or the file did not parse
 * @param message the whole problem in one line: file, pointer, what was wrong, what is allowed and
 *     the nearest allowed value
 * @param allowed what is allowed there, or {@code null}
 * @param suggestion the nearest allowed value, or {@code null}
 */
public record Problem(String file, String pointer, JsonNode value, String message, String allowed, String suggestion) {

    /** Values are shown up to this many characters, so that a message stays one readable line. */
    private static final int SHOWN = 80;

    /**
     * A problem whose message is built from its parts: {@code FILE: POINTER: DETAIL; allowed:
     * ALLOWED; did you mean SUGGESTION?}.
     */
    public static Problem of(
            String file, String pointer, JsonNode value, String detail, String allowed, String suggestion) {
        StringBuilder m = new StringBuilder(file).append(": ");
        if (!pointer.isEmpty()) {
            m.append(MessageText.oneLine(pointer)).append(": ");
        }
        m.append(detail);
        if (allowed != null) {
            m.append("; allowed: ").append(allowed);
        }
        if (suggestion != null) {
            m.append("; did you mean ").append(suggestion).append('?');
        }
        return new Problem(file, pointer, value, m.toString(), allowed, suggestion);
    }

    /** A JSON value as a message shows it: strings in single quotes, one line, shortened. */
    public static String show(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "(missing)";
        }
        return value.isTextual() ? show(value.asText()) : shorten(MessageText.oneLine(value.toString()));
    }

    /** A string as a message shows it: in single quotes, one line, shortened. */
    public static String show(String text) {
        return "'" + shorten(MessageText.oneLine(text)) + "'";
    }

    private static String shorten(String s) {
        return s.length() <= SHOWN ? s : s.substring(0, SHOWN - 3) + "...";
    }
}
