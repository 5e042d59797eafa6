package gov.nersc.huggingnersc.localhub;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code data_files} path of a card's {@code configs}, matched against a repo's files as the
 * Hub's {@code datasets} library does: relative to the repo root; {@code *} and {@code ?} stay
 * within one folder, a {@code **} segment spans any number of folders (none too), {@code [abc]}
 * is one of the characters. A pattern with wildcards skips hidden files and folders (a name
 * starting with a dot or {@code __}), which the library leaves out as well. Matched by
 * {@link GitGlob}, whose cost is bounded whatever the card's pattern.
 */
final class RepoGlob {
    private static final Pattern WILDCARD = Pattern.compile("[*?\\[]");
    private static final Pattern HIDDEN = Pattern.compile("(?:^|/)(?:\\.|__)");

    private RepoGlob() {}

    /** The files matching {@code pattern}, sorted by path; {@code budget} bounds the matching. */
    static List<String> matches(String pattern, List<String> files, GitGlob.Budget budget) {
        String p = pattern.strip();
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (!WILDCARD.matcher(p).find()) {
            String exact = p;
            return files.stream().filter(exact::equals).toList();
        }
        GitGlob glob = GitGlob.of(p);
        return files.stream()
                .filter(f -> !HIDDEN.matcher(f).find() && glob.matches(f, budget))
                .sorted()
                .toList();
    }
}
