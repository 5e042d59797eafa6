package gov.nersc.huggingnersc.hub;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import java.util.Optional;

/** The rules for a path inside a repo, checked before anything is sent. */
public final class RepoPaths {
    private RepoPaths() {}

    /** The path with a leading {@code ./} or {@code /} removed, or an InvalidInputException. */
    static String check(String path) {
        if (path == null || path.isBlank()) {
            throw new InvalidInputException("path in repo: empty; expected a relative path such as data/train.csv");
        }
        String p = path;
        while (p.startsWith("./") || p.startsWith("/")) {
            p = p.substring(p.startsWith("/") ? 1 : 2);
        }
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        Optional<String> problem = problem(p);
        if (problem.isPresent()) {
            throw new InvalidInputException("path in repo " + MessageText.quoted(path) + ": " + problem.get());
        }
        return p;
    }

    /**
     * What is wrong with {@code path} as a relative path in a repo, parts separated by {@code /}: an
     * empty, {@code .}, {@code ..} or {@code .git} part, a backslash, or a control character (NUL,
     * line breaks, tabs, escapes); empty when nothing is.
     */
    public static Optional<String> problem(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\') {
                return Optional.of("a backslash is not allowed; use '/' between folders");
            }
            if (MessageText.isControl(c)) {
                return Optional.of(
                        "a control character (" + MessageText.oneLine(String.valueOf(c)) + ") is not allowed");
            }
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.equals(".git")) {
                return Optional.of("empty, '.', '..' and '.git' parts are not allowed");
            }
        }
        return Optional.empty();
    }
}
