package gov.nersc.huggingnersc.api;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.util.regex.Pattern;

/**
 * A Hub repository id {@code namespace/name}, checked by the Hub's own rules: each part 1–96
 * characters of {@code A-Za-z0-9._-}, starting and ending with a letter, digit or underscore, no
 * {@code --} or {@code ..}, and the name not ending in {@code .git}.
 */
public record RepoId(String namespace, String name) {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?");

    public RepoId {
        checkPart("namespace", namespace);
        checkPart("name", name);
    }

    /** Parses {@code ns/name}. */
    public static RepoId parse(String id) {
        if (id == null) {
            throw new InvalidInputException("repo id: missing; expected namespace/name");
        }
        int slash = id.indexOf('/');
        if (slash < 0 || id.indexOf('/', slash + 1) >= 0) {
            throw new InvalidInputException("repo id '" + id + "': expected exactly one '/', as in namespace/name");
        }
        return new RepoId(id.substring(0, slash), id.substring(slash + 1));
    }

    /**
     * Why {@code part} is not a valid repo name (or namespace), or {@code null} when it is valid.
     * Used to check a nickname before anything is written.
     */
    public static String problemWithName(String part) {
        if (part == null || part.isEmpty()) {
            return "is empty; allowed: 1 to 96 characters of A-Z a-z 0-9 . _ -";
        }
        if (part.length() > 96) {
            return "is " + part.length() + " characters long; at most 96 are allowed";
        }
        if (!PART.matcher(part).matches()) {
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '.'
                        || c == '_'
                        || c == '-';
                if (!ok) {
                    return "contains '" + new String(Character.toChars(part.codePointAt(i)))
                            + "'; allowed: A-Z a-z 0-9 . _ -";
                }
            }
            return "must not start or end with '-' or '.'";
        }
        if (part.contains("--") || part.contains("..")) {
            return "must not contain '--' or '..'";
        }
        if (part.endsWith(".git")) {
            return "must not end in '.git'";
        }
        return null;
    }

    private static void checkPart(String what, String part) {
        String problem = problemWithName(part);
        if (problem != null) {
            throw new InvalidInputException("repo " + what + " '" + part + "' " + problem);
        }
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
