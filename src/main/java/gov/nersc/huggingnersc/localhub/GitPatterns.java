package gov.nersc.huggingnersc.localhub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of a {@code .gitattributes} or {@code .gitignore} file at the root of a repo, matched
 * as git matches them: a pattern without a slash matches a file's name in any folder, one with a
 * slash the path from the root; a trailing slash matches folders only; in {@code .gitignore},
 * {@code !} re-includes and the last matching line decides, and nothing inside an ignored folder
 * can be re-included. Every match is a {@link GitGlob}, so its cost is bounded by the
 * {@link GitGlob.Budget} the caller gives.
 */
final class GitPatterns {
    /** One line: its glob, how it applies, and (for attributes) what it sets. */
    private record Rule(GitGlob glob, boolean byName, boolean foldersOnly, boolean negated, List<String> attributes) {
        boolean matches(String path, boolean folder, GitGlob.Budget budget) {
            if (foldersOnly && !folder) {
                return false;
            }
            return glob.matches(byName ? path.substring(path.lastIndexOf('/') + 1) : path, budget);
        }
    }

    private final List<Rule> rules;

    private GitPatterns(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules of a {@code .gitattributes} file (null or empty: none). */
    static GitPatterns attributes(byte[] file) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines(file)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()
                    || trimmed.startsWith("#")
                    || trimmed.startsWith("[attr]")
                    || trimmed.startsWith("!")) {
                continue; // git forbids negative patterns in attributes files and skips them
            }
            String[] parts = trimmed.split("[ \\t]+");
            Rule r = rule(parts[0], List.of(parts).subList(1, parts.length));
            if (r != null) {
                rules.add(r);
            }
        }
        return new GitPatterns(rules);
    }

    /** The rules of a {@code .gitignore} file (null or empty: none). */
    static GitPatterns ignore(byte[] file) {
        List<Rule> rules = new ArrayList<>();
        for (String line : lines(file)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            // trailing spaces do not count unless a backslash keeps one
            int end = line.length();
            while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
                end--;
            }
            Rule r = rule(line.substring(0, end), null);
            if (r != null) {
                rules.add(r);
            }
        }
        return new GitPatterns(rules);
    }

    private static Rule rule(String pattern, List<String> attributes) {
        boolean negated = attributes == null && pattern.startsWith("!");
        String p = negated ? pattern.substring(1) : pattern;
        boolean foldersOnly = p.endsWith("/");
        if (foldersOnly) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            return null;
        }
        boolean byName = p.indexOf('/') < 0;
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        return new Rule(GitGlob.of(p), byName, foldersOnly, negated, attributes);
    }

    /**
     * The value the last matching line gives attribute {@code name} for file {@code path}: its value
     * ({@code filter=lfs} gives "lfs"), "" when set without one, null when unset or never mentioned.
     */
    String attribute(String path, String name, GitGlob.Budget budget) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            Rule r = rules.get(i);
            String value = null;
            boolean mentioned = false;
            for (String a : r.attributes()) {
                String key = a.startsWith("-") || a.startsWith("!") ? a.substring(1) : a;
                int eq = key.indexOf('=');
                if ((eq < 0 ? key : key.substring(0, eq)).equals(name)) {
                    mentioned = true;
                    value = a.startsWith("-") || a.startsWith("!") ? null : eq < 0 ? "" : key.substring(eq + 1);
                }
            }
            if (mentioned && r.matches(path, false, budget)) {
                return value;
            }
        }
        return null;
    }

    /** Whether file {@code path} is ignored: it, or a folder it is in. */
    boolean ignores(String path, GitGlob.Budget budget) {
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            if (lastMatchIgnores(path.substring(0, slash), true, budget)) {
                return true;
            }
        }
        return lastMatchIgnores(path, false, budget);
    }

    private boolean lastMatchIgnores(String path, boolean folder, GitGlob.Budget budget) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (rules.get(i).matches(path, folder, budget)) {
                return !rules.get(i).negated();
            }
        }
        return false;
    }

    private static List<String> lines(byte[] file) {
        if (file == null || file.length == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return out;
    }
}
