package gov.nersc.huggingnersc.localhub;

import java.util.ArrayList;
import java.util.List;

/**
 * A glob as git matches paths against {@code .gitattributes} and {@code .gitignore} patterns
 * (and the {@code datasets} library against {@code data_files}): {@code *} and {@code ?} stay
 * within one folder, {@code [a-z]}, {@code [!x]} and {@code [[:space:]]} are one character of a
 * class, a backslash makes the next character literal, a {@code **} segment spans folders
 * ({@code **}{@code /} any number of them, none too; a trailing {@code /**} all that is inside).
 *
 * <p>Matched by stepping through the path once with the set of pattern positions still alive, so a
 * match costs at most (path length × pattern length) steps, whatever the pattern: a regex with
 * many wildcards backtracks exponentially. {@link Budget} caps the steps a request may spend.
 */
final class GitGlob {
    private enum Kind {
        LITERAL,
        ONE,
        CLASS,
        STAR,
        FOLDERS,
        REST
    }

    /** One element of the pattern; {@code chars} holds the literal or the class body. */
    private record Token(Kind kind, char literal, String chars, boolean negated) {
        boolean accepts(char c) {
            return switch (kind) {
                case LITERAL -> c == literal;
                case ONE -> c != '/';
                case CLASS -> c != '/' && inClass(chars, c) != negated;
                default -> false;
            };
        }
    }

    /** Steps one request may spend matching; past it the request is refused rather than slowed. */
    static final class Budget {
        private long left;

        Budget(long steps) {
            this.left = steps;
        }

        void spend(long steps) {
            left -= steps;
            if (left < 0) {
                throw HubError.badRequest("these patterns are too costly to match against these paths; use fewer"
                        + " or simpler patterns (fewer wildcards, shorter lines)");
            }
        }
    }

    private final List<Token> tokens;
    private final String literal;

    private GitGlob(List<Token> tokens, String literal) {
        this.tokens = tokens;
        this.literal = literal;
    }

    /** The glob of {@code pattern} (without git's leading {@code /}, trailing {@code /} or {@code !}). */
    static GitGlob of(String pattern) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        boolean wild = false;
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                int run = i;
                while (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i++;
                }
                boolean segmentStart = run == 0 || pattern.charAt(run - 1) == '/';
                boolean segmentEnd = i + 1 == n || pattern.charAt(i + 1) == '/';
                if (i > run && segmentStart && segmentEnd && i + 1 < n) {
                    tokens.add(new Token(Kind.FOLDERS, '\0', null, false));
                    i++; // the slash is part of "**/"
                } else if (i > run && segmentStart && segmentEnd) {
                    tokens.add(new Token(Kind.REST, '\0', null, false));
                } else {
                    tokens.add(new Token(Kind.STAR, '\0', null, false));
                }
                wild = true;
            } else if (c == '?') {
                tokens.add(new Token(Kind.ONE, '\0', null, false));
                wild = true;
            } else if (c == '[' && classEnd(pattern, i) > 0) {
                int end = classEnd(pattern, i);
                boolean negated = pattern.charAt(i + 1) == '!' || pattern.charAt(i + 1) == '^';
                tokens.add(new Token(Kind.CLASS, '\0', pattern.substring(negated ? i + 2 : i + 1, end), negated));
                i = end;
                wild = true;
            } else {
                if (c == '\\' && i + 1 < n) {
                    c = pattern.charAt(++i);
                }
                tokens.add(new Token(Kind.LITERAL, c, null, false));
                plain.append(c);
            }
        }
        return new GitGlob(List.copyOf(tokens), wild ? null : plain.toString());
    }

    /** Whether the glob matches all of {@code text}; the steps it takes are spent from {@code budget}. */
    boolean matches(String text, Budget budget) {
        if (literal != null) {
            budget.spend(1);
            return literal.equals(text);
        }
        int t = tokens.size();
        budget.spend((long) (text.length() + 1) * (t + 1));
        boolean[] alive = new boolean[t + 1];
        boolean[] next = new boolean[t + 1];
        alive[0] = true;
        close(alive);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            java.util.Arrays.fill(next, false);
            boolean any = false;
            for (int s = 0; s < t; s++) {
                if (!alive[s]) {
                    continue;
                }
                Token k = tokens.get(s);
                switch (k.kind()) {
                    case STAR -> next[s] |= c != '/';
                    case FOLDERS -> {
                        next[s] = true;
                        next[s + 1] |= c == '/';
                    }
                    case REST -> next[s] = true;
                    default -> next[s + 1] |= k.accepts(c);
                }
                any = true;
            }
            if (!any) {
                return false;
            }
            boolean[] swap = alive;
            alive = next;
            next = swap;
            close(alive);
        }
        return alive[t];
    }

    /** Adds the positions reachable without taking a character: past a star, past "**" and "**}/". */
    private void close(boolean[] alive) {
        for (int s = 0; s < tokens.size(); s++) {
            Kind k = tokens.get(s).kind();
            if (alive[s] && (k == Kind.STAR || k == Kind.FOLDERS || k == Kind.REST)) {
                alive[s + 1] = true;
            }
        }
    }

    /** Where the class starting at {@code open} ends ({@code ]}), or -1 when it is not a class. */
    private static int classEnd(String p, int open) {
        int i = open + 1;
        if (i < p.length() && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
            i++;
        }
        if (i < p.length() && p.charAt(i) == ']') {
            i++; // a ']' first is literal
        }
        for (; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
                int close = p.indexOf(":]", i + 2);
                if (close < 0) {
                    return -1;
                }
                i = close + 1;
            } else if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code c} is in the class body {@code body} (ranges, escapes, POSIX classes). */
    private static boolean inClass(String body, char c) {
        for (int i = 0; i < body.length(); i++) {
            char a = body.charAt(i);
            if (a == '[' && i + 1 < body.length() && body.charAt(i + 1) == ':') {
                int close = body.indexOf(":]", i + 2);
                if (posix(body.substring(i + 2, close), c)) {
                    return true;
                }
                i = close + 1;
                continue;
            }
            if (a == '\\' && i + 1 < body.length()) {
                a = body.charAt(++i);
            }
            if (i + 2 < body.length() && body.charAt(i + 1) == '-' && body.charAt(i + 2) != ']') {
                char b = body.charAt(i + 2);
                if (b == '\\' && i + 3 < body.length()) {
                    b = body.charAt(i + 3);
                    i++;
                }
                if (a <= c && c <= b) {
                    return true;
                }
                i += 2;
            } else if (a == c) {
                return true;
            }
        }
        return false;
    }

    private static boolean posix(String name, char c) {
        return switch (name) {
            case "alnum" -> Character.isLetterOrDigit(c) && c < 128;
            case "alpha" -> Character.isLetter(c) && c < 128;
            case "digit" -> c >= '0' && c <= '9';
            case "lower" -> c >= 'a' && c <= 'z';
            case "upper" -> c >= 'A' && c <= 'Z';
            case "space" -> c == ' ' || (c >= '\t' && c <= '\r');
            case "blank" -> c == ' ' || c == '\t';
            case "punct" -> c > 32 && c < 127 && !Character.isLetterOrDigit(c);
            case "xdigit" -> Character.digit(c, 16) >= 0 && c < 128;
            case "print" -> c >= 32 && c < 127;
            case "graph" -> c > 32 && c < 127;
            case "cntrl" -> c < 32 || c == 127;
            default -> false;
        };
    }
}
