package gov.nersc.huggingnersc.localhub;

import gov.nersc.huggingnersc.api.RepoId;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * One dataset repo: a bare git repository read and written with JGit. Callers close it.
 * Writes ({@link #commit}) must hold the repo's lock from {@link RepoStore#lock}.
 */
final class DatasetRepo implements AutoCloseable {
    static final String SECTION = "huggingnersc";
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHORT_ID = Pattern.compile("[0-9a-f]{7,39}");

    /**
     * A resolved revision.
     *
     * @param ref the full ref name it came from ({@code refs/heads/main}), or null for a commit id
     */
    record Revision(String ref, RevCommit commit) {}

    /**
     * A file or folder of a commit's tree.
     *
     * @param oid git blob (or tree) id
     * @param size content size: the LFS object's size for LFS files, 0 for folders
     * @param lfs the pointer, for LFS files
     */
    record Entry(String path, boolean directory, ObjectId oid, long size, LfsPointer lfs) {}

    final RepoId id;
    final Repository git;
    /** The repo's own id when it was opened: a repo deleted and created again under its name has another. */
    final String identity;

    DatasetRepo(RepoId id, Repository git) {
        this.id = id;
        this.git = git;
        this.identity = git.getConfig().getString(SECTION, null, "id");
    }

    RepoSettings settings() {
        StoredConfig c = git.getConfig();
        String created = c.getString(SECTION, null, "createdAt");
        return new RepoSettings(
                c.getString(SECTION, null, "id"),
                c.getBoolean(SECTION, null, "private", false),
                Optional.ofNullable(c.getString(SECTION, null, "gated")).orElse("false"),
                created == null ? Instant.EPOCH : Instant.parse(created));
    }

    void save(RepoSettings s) throws IOException {
        StoredConfig c = git.getConfig();
        c.setString(SECTION, null, "id", s.id());
        c.setBoolean(SECTION, null, "private", s.isPrivate());
        c.setString(SECTION, null, "gated", s.gated());
        c.setString(SECTION, null, "createdAt", s.createdAt().toString());
        c.save();
    }

    /**
     * Resolves {@code HEAD}, a branch, a tag, a full ref ({@code refs/pr/1}), a 40-hex commit id or,
     * as the Hub does, a unique hex prefix of 7 to 39 characters of one; 400 if the prefix names
     * more than one commit, 404 RevisionNotFound otherwise.
     */
    Revision resolve(String rev) throws IOException {
        if (rev == null || rev.isEmpty()) {
            throw HubError.revisionNotFound(String.valueOf(rev));
        }
        try (RevWalk walk = new RevWalk(git)) {
            if (COMMIT_ID.matcher(rev).matches()) {
                try {
                    return new Revision(null, walk.parseCommit(ObjectId.fromString(rev)));
                } catch (MissingObjectException | IncorrectObjectTypeException e) {
                    throw HubError.revisionNotFound(rev);
                }
            }
            List<String> candidates = rev.equals(Constants.HEAD)
                    ? List.of(Constants.HEAD)
                    : rev.startsWith("refs/") ? List.of(rev) : List.of("refs/heads/" + rev, "refs/tags/" + rev);
            for (String name : candidates) {
                if (!name.equals(Constants.HEAD) && RefNames.problem(name) != null) {
                    continue;
                }
                Ref ref = git.exactRef(name);
                if (ref != null && ref.getObjectId() != null) {
                    RevObject target = walk.peel(walk.parseAny(ref.getObjectId()));
                    if (target instanceof RevCommit commit) {
                        return new Revision(ref.getTarget().getName(), commit);
                    }
                }
            }
            if (SHORT_ID.matcher(rev).matches()) {
                return new Revision(null, walk.parseCommit(shortCommitId(rev)));
            }
        }
        throw HubError.revisionNotFound(rev);
    }

    /** The one commit whose id starts with {@code prefix}; 400 if several do, 404 if none. */
    private ObjectId shortCommitId(String prefix) throws IOException {
        List<ObjectId> commits = new ArrayList<>();
        try (ObjectReader reader = git.newObjectReader()) {
            for (ObjectId id : reader.resolve(AbbreviatedObjectId.fromString(prefix))) {
                if (reader.open(id).getType() == Constants.OBJ_COMMIT) {
                    commits.add(id);
                }
            }
        }
        if (commits.size() > 1) {
            throw HubError.badRequest("Invalid rev id: " + prefix + " is ambiguous: " + commits.size()
                    + " commits start with it; give more of the commit id (up to all 40 hex digits)");
        }
        if (commits.isEmpty()) {
            throw HubError.revisionNotFound(prefix);
        }
        return commits.get(0);
    }

    /** The branch (or PR ref) named {@code rev}, for writing; 404 RevisionNotFound if it is not one. */
    String branchRef(String rev) throws IOException {
        String name = rev.startsWith("refs/pr/") ? rev : "refs/heads/" + rev;
        if (RefNames.problem(name) != null || git.exactRef(name) == null) {
            throw new HubError(404, "RevisionNotFound", "Invalid rev id: " + rev + " is not a branch");
        }
        return name;
    }

    /** The file or folder at {@code path} ("" is the root folder). */
    Optional<Entry> entry(RevCommit commit, String path) throws IOException {
        if (path.isEmpty()) {
            return Optional.of(new Entry("", true, commit.getTree(), 0, null));
        }
        try (TreeWalk tw = TreeWalk.forPath(git, path, commit.getTree())) {
            if (tw == null) {
                return Optional.empty();
            }
            return Optional.of(entryOf(tw.getObjectReader(), path, tw.getObjectId(0), tw.isSubtree()));
        }
    }

    /** The entries of folder {@code dir} (all descendants if recursive), folders before their content. */
    List<Entry> list(RevCommit commit, String dir, boolean recursive) throws IOException {
        Entry folder = entry(commit, dir).orElseThrow(() -> HubError.entryNotFound(dir));
        if (!folder.directory()) {
            throw new HubError(404, "EntryNotFound", "Entry " + dir + " is a file, not a folder");
        }
        List<Entry> out = new ArrayList<>();
        String prefix = dir.isEmpty() ? "" : dir + "/";
        try (TreeWalk tw = new TreeWalk(git)) {
            tw.addTree(folder.oid());
            tw.setRecursive(false);
            while (tw.next()) {
                out.add(entryOf(tw.getObjectReader(), prefix + tw.getPathString(), tw.getObjectId(0), tw.isSubtree()));
                if (recursive && tw.isSubtree()) {
                    tw.enterSubtree();
                }
            }
        }
        return out;
    }

    private Entry entryOf(ObjectReader reader, String path, ObjectId oid, boolean dir) throws IOException {
        if (dir) {
            return new Entry(path, true, oid, 0, null);
        }
        long size = reader.getObjectSize(oid, Constants.OBJ_BLOB);
        if (size <= LfsPointer.MAX_POINTER_SIZE) {
            Optional<LfsPointer> lfs = LfsPointer.parse(reader.open(oid).getBytes());
            if (lfs.isPresent()) {
                return new Entry(path, false, oid, lfs.get().size(), lfs.get());
            }
        }
        return new Entry(path, false, oid, size, null);
    }

    byte[] read(ObjectId blob) throws IOException {
        return git.open(blob, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
    }

    /** The blob's bytes as a stream, for reading only the start of a big one. */
    java.io.InputStream stream(ObjectId blob) throws IOException {
        return git.open(blob, Constants.OBJ_BLOB).openStream();
    }

    /** Every file of the commit: path → blob id, in git order. */
    SortedMap<String, ObjectId> files(RevCommit commit) throws IOException {
        SortedMap<String, ObjectId> out = new TreeMap<>();
        try (TreeWalk tw = new TreeWalk(git)) {
            tw.addTree(commit.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                out.put(tw.getPathString(), tw.getObjectId(0));
            }
        }
        return out;
    }

    /**
     * Up to {@code max} commits reachable from {@code start}, newest first, after skipping
     * {@code skip}; one more than asked tells the caller there is a next page.
     */
    List<RevCommit> log(RevCommit start, int skip, int max) throws IOException {
        List<RevCommit> out = new ArrayList<>();
        try (RevWalk walk = new RevWalk(git)) {
            walk.markStart(walk.parseCommit(start));
            int seen = 0;
            for (RevCommit c : walk) {
                if (seen++ < skip) {
                    continue;
                }
                out.add(c);
                if (out.size() >= max) {
                    break;
                }
            }
        }
        return out;
    }

    /** The newest commit reachable from {@code start} that changed {@code path}. */
    RevCommit lastCommit(RevCommit start, String path) throws IOException {
        try (RevWalk walk = new RevWalk(git)) {
            walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
            walk.markStart(walk.parseCommit(start));
            RevCommit c = walk.next();
            return c != null ? c : start;
        }
    }

    /** Refs under {@code prefix} (e.g. {@code refs/heads/}): short name → commit. */
    Map<String, ObjectId> refs(String prefix) throws IOException {
        Map<String, ObjectId> out = new LinkedHashMap<>();
        try (RevWalk walk = new RevWalk(git)) {
            for (Ref r : git.getRefDatabase().getRefsByPrefix(prefix)) {
                out.put(
                        r.getName().substring(prefix.length()),
                        walk.peel(walk.parseAny(r.getObjectId())).getId());
            }
        }
        return out;
    }

    /**
     * Writes a commit with exactly {@code files} on top of {@code parent} (null for the first), then
     * moves {@code ref} from {@code expectedOld} to it (compare-and-set; null creates the ref).
     */
    RevCommit commit(
            String ref,
            ObjectId expectedOld,
            RevCommit parent,
            SortedMap<String, ObjectId> files,
            String message,
            Instant when)
            throws IOException {
        ObjectId commitId;
        try (ObjectInserter ins = git.newObjectInserter();
                ObjectReader reader = git.newObjectReader()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder b = index.builder();
            for (Map.Entry<String, ObjectId> f : files.entrySet()) {
                DirCacheEntry e = new DirCacheEntry(f.getKey());
                e.setFileMode(FileMode.REGULAR_FILE);
                e.setObjectId(f.getValue());
                b.add(e);
            }
            b.finish();
            ObjectId tree = index.writeTree(GitSafety.checking(ins, reader));
            PersonIdent who =
                    new PersonIdent(LocalHub.USER, LocalHub.USER + "@localhost", when, java.time.ZoneOffset.UTC);
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            if (parent != null) {
                cb.setParentId(parent);
            }
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage(message.endsWith("\n") ? message : message + "\n");
            commitId = ins.insert(cb);
            ins.flush();
        }
        RefUpdate.Result r;
        try (WriterLock held = WriterLock.take(git.getDirectory().toPath(), ref)) {
            RefUpdate u = git.updateRef(ref);
            u.setExpectedOldObjectId(expectedOld == null ? ObjectId.zeroId() : expectedOld);
            u.setNewObjectId(commitId);
            u.setForceUpdate(true);
            r = u.update();
        }
        switch (r) {
            case NEW, FAST_FORWARD, FORCED, NO_CHANGE -> {}
            case LOCK_FAILURE ->
                throw new HubError(
                        412, null, "The branch was updated since you opened this page. Please refresh and try again.");
            default -> throw new IOException("cannot move " + ref + " of " + id + ": " + r);
        }
        try (RevWalk walk = new RevWalk(git)) {
            return walk.parseCommit(commitId);
        }
    }

    /** Points {@code ref} at {@code target}; 409 if it, or a ref it would sit inside or around, exists. */
    void createRef(String ref, ObjectId target) throws IOException {
        String problem = RefNames.problem(ref);
        if (problem != null) {
            throw HubError.badRequest(problem);
        }
        if (git.exactRef(ref) == null) {
            // refs are files: refs/heads/a/b cannot be beside refs/heads/a, nor a beside a/b
            for (String other : git.getRefDatabase().getConflictingNames(ref)) {
                throw new HubError(409, null, "Reference " + ref + " conflicts with the existing " + other);
            }
        }
        RefUpdate.Result r;
        try (WriterLock held = WriterLock.take(git.getDirectory().toPath(), ref)) {
            RefUpdate u = git.updateRef(ref);
            u.setExpectedOldObjectId(ObjectId.zeroId());
            u.setNewObjectId(target);
            r = u.update();
        }
        if (r != RefUpdate.Result.NEW) {
            throw new HubError(409, null, "Reference " + ref + " already exists");
        }
    }

    void deleteRef(String ref) throws IOException {
        if (RefNames.problem(ref) != null || git.exactRef(ref) == null) {
            throw new HubError(404, "RevisionNotFound", "Invalid rev id: " + ref);
        }
        RefUpdate.Result r;
        try (WriterLock held = WriterLock.take(git.getDirectory().toPath(), ref)) {
            RefUpdate u = git.updateRef(ref);
            u.setForceUpdate(true);
            r = u.delete();
        }
        if (r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("cannot delete " + ref + ": " + r);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
