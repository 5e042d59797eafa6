package gov.nersc.huggingnersc.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A catalog entry's repo files against what its Hub repo holds, decided from the repo's tree
 * without downloading: regular files by git blob id, LFS files by sha256.
 *
 * @param head the commit compared against, or null when the repo does not exist
 * @param missing our paths the repo does not have
 * @param differing our paths the repo has with other content
 * @param extra the repo's files that are not ours ({@code .gitattributes} aside), e.g. data or
 *     files others added; publishing leaves them alone
 */
public record RepoComparison(String head, List<String> missing, List<String> differing, List<String> extra) {
    /** Every Hub repo starts with this file; it is nobody's content. */
    public static final String GITATTRIBUTES = ".gitattributes";

    public RepoComparison {
        missing = List.copyOf(missing);
        differing = List.copyOf(differing);
        extra = List.copyOf(extra);
    }

    /**
     * This comparison with {@code path}, which the repo has, found {@code same} as ours or differing:
     * for a file settled after the tree was read (our card, once merged onto the repo's).
     */
    public RepoComparison with(String path, boolean same) {
        List<String> d = new ArrayList<>(differing);
        d.remove(path);
        if (!same) {
            d.add(path);
        }
        return new RepoComparison(head, missing, d, extra);
    }

    /** True when the repo exists. */
    public boolean repoExists() {
        return head != null;
    }

    /**
     * True when the repo holds every file of the entry with the same content. Extra files (data,
     * files others added) do not count against it.
     */
    public boolean agrees() {
        return repoExists() && missing.isEmpty() && differing.isEmpty();
    }

    /**
     * True when the repo exists and holds nothing but {@code .gitattributes} and files identical to
     * ours: a new repo, or what an earlier, interrupted attempt at this entry left.
     */
    public boolean holdsOnlyOurs() {
        return repoExists() && extra.isEmpty() && differing.isEmpty();
    }
}
