package gov.nersc.huggingnersc.markdown;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows fenced code blocks line by line, the way CommonMark opens and closes them at the top
 * level (0 to 3 spaces of indentation, no container), so that text inside code is told apart from
 * the text around it.
 */
public final class Fence {
    private static final Pattern FENCE_LINE = Pattern.compile("^( {0,3})(`{3,}|~{3,})(.*)$");

    private String open; // the opening fence's run, or null outside code

    /** Feeds one line (without its line ending); returns true if the line is part of a code block. */
    public boolean accept(String line) {
        Matcher m = FENCE_LINE.matcher(line);
        if (open == null) {
            // a backtick fence's info string may not contain a backtick
            if (m.matches() && !(m.group(2).charAt(0) == '`' && m.group(3).contains("`"))) {
                open = m.group(2);
                return true;
            }
            return false;
        }
        if (m.matches()
                && m.group(2).charAt(0) == open.charAt(0)
                && m.group(2).length() >= open.length()
                && m.group(3).isBlank()) {
            open = null;
        }
        return true;
    }

    /** The line that closes the code block still open, if any. */
    public Optional<String> closingLine() {
        return Optional.ofNullable(open);
    }
}
