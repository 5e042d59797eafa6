package gov.nersc.huggingnersc.localhub;

import java.nio.charset.StandardCharsets;

/**
 * The {@code filter=lfs} patterns of a {@code .gitattributes} file: which paths git (and the Hub)
 * store through LFS, matched as git matches them ({@link GitPatterns}), within a budget.
 */
final class LfsPatterns {
    private final GitPatterns attributes;

    private LfsPatterns(GitPatterns attributes) {
        this.attributes = attributes;
    }

    static LfsPatterns parse(byte[] gitattributes) {
        return new LfsPatterns(GitPatterns.attributes(gitattributes));
    }

    static LfsPatterns parse(String gitattributes) {
        return parse(gitattributes.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code path} is stored through LFS: the last rule that sets {@code filter} decides. */
    boolean tracks(String path, GitGlob.Budget budget) {
        return "lfs".equals(attributes.attribute(path, "filter", budget));
    }

    /** The line that makes git track exactly {@code path} through LFS. */
    static String lineFor(String path) {
        StringBuilder p = new StringBuilder();
        for (char c : path.toCharArray()) {
            switch (c) {
                case ' ' -> p.append("[[:space:]]");
                case '*', '?', '[', ']', '!', '#' -> p.append('\\').append(c);
                default -> p.append(c);
            }
        }
        return p + " filter=lfs diff=lfs merge=lfs -text";
    }
}
