package gov.nersc.huggingnersc.publish;

import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.hub.RepoId;
import gov.nersc.huggingnersc.hub.TreeEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A catalog entry's {@link RepoFiles} against what its Hub repo holds, decided from the repo's tree
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

  /** The comparison with a repo that does not exist: every file is missing. */
  public static RepoComparison noRepo(RepoFiles wanted) {
    return new RepoComparison(null, wanted.paths(), List.of(), List.of());
  }

  /** {@code wanted} against the repo {@code repo} at {@code commit}: one request, for its recursive tree. */
  public static RepoComparison at(HubClient hub, RepoId repo, String commit, RepoFiles wanted) {
    List<TreeEntry> tree = new ArrayList<>();
    hub.listTree(repo, commit, null, true).forEach(tree::add);
    return of(commit, wanted, tree);
  }

  /** {@code wanted} against the files of {@code tree} (the repo's recursive tree at {@code head}). */
  public static RepoComparison of(String head, RepoFiles wanted, List<TreeEntry> tree) {
    Map<String, TreeEntry> there = new java.util.HashMap<>();
    List<String> extra = new ArrayList<>();
    for (TreeEntry e : tree) {
      if (!e.isFile()) {
        continue;
      }
      if (wanted.files().containsKey(e.path())) {
        there.put(e.path(), e);
      } else if (!e.path().equals(GITATTRIBUTES)) {
        extra.add(e.path());
      }
    }
    List<String> missing = new ArrayList<>();
    List<String> differing = new ArrayList<>();
    for (String path : wanted.paths()) {
      TreeEntry e = there.get(path);
      if (e == null) {
        missing.add(path);
      } else if (!(e.lfs() != null ? wanted.sha256(path).equals(e.lfs().oid()) : wanted.blobId(path).equals(e.oid()))) {
        differing.add(path);
      }
    }
    extra.sort(null);
    return new RepoComparison(head, missing, differing, extra);
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
