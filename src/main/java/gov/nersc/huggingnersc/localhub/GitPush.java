package gov.nersc.huggingnersc.localhub;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * What a {@code git push} must pass before its refs move, the rules of a commit through the API:
 * only branches ({@code refs/heads/}) and tags ({@code refs/tags/}) are written, never the hub's
 * own refs ({@code refs/pr/}, {@code refs/convert/}); {@code main} is not deleted; branches point
 * at commits; every file each new commit adds or changes is a regular file that passes the
 * commit's checks (a card the Hub would take, an LFS pointer to an object this hub has with its
 * size, a path git checks out everywhere). Non-fast-forward updates are refused by the
 * {@link ReceivePack} itself. The hook takes the repo's lock (in-process and across processes)
 * and keeps it until {@link #release()}, after the refs moved.
 */
final class GitPush implements PreReceiveHook {
    private final RepoStore repos;
    private final DatasetRepo opened;
    private final LfsStore lfs;
    private final ReentrantLock lock;
    private WriterLock writer;

    /** The guard of a push into {@code opened}, a repo of {@code repos}. */
    GitPush(RepoStore repos, DatasetRepo opened, LfsStore lfs) {
        this.repos = repos;
        this.opened = opened;
        this.lfs = lfs;
        this.lock = repos.lock(opened.id);
    }

    @Override
    public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
        if (commands.isEmpty()) {
            return; // ReceivePack refused them all already (non-fast-forward)
        }
        Repository git = rp.getRepository();
        try {
            lock.lock();
            writer = WriterLock.take(
                    git.getDirectory().toPath(), commands.iterator().next().getRefName());
            repos.reopenLocked(opened).close(); // 409 if the repo was deleted, or created again, since the push began
            try (RevWalk walk = new RevWalk(git)) {
                for (ReceiveCommand c : commands) {
                    String problem = refProblem(c);
                    if (problem == null && c.getType() != ReceiveCommand.Type.DELETE) {
                        problem = contentProblem(git, walk, c);
                    }
                    if (problem != null) {
                        c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, problem);
                    }
                }
            }
        } catch (HubError e) {
            commands.forEach(c -> c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, e.getMessage()));
        } catch (IOException e) {
            commands.forEach(c -> c.setResult(
                    ReceiveCommand.Result.REJECTED_OTHER_REASON, "the local hub could not read the pushed commits"));
        }
        if (commands.stream().anyMatch(c -> c.getResult() != ReceiveCommand.Result.NOT_ATTEMPTED)) {
            // all or nothing, as a commit through the API
            ReceiveCommand.abort(commands);
        }
    }

    /** Lets go of the repo's lock, if the hook took it. */
    void release() throws IOException {
        try {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        } finally {
            if (lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }
    }

    private static String refProblem(ReceiveCommand c) {
        String ref = c.getRefName();
        if (!ref.startsWith(Constants.R_HEADS) && !ref.startsWith(Constants.R_TAGS)) {
            return "the local hub takes pushes to branches (refs/heads/) and tags (refs/tags/) only";
        }
        String problem = RefNames.problem(ref);
        if (problem != null) {
            return problem;
        }
        if (c.getType() == ReceiveCommand.Type.DELETE && ref.equals(Constants.R_HEADS + "main")) {
            return "the main branch cannot be deleted";
        }
        return null;
    }

    /** Why a commit that {@code c} brings in cannot be taken, or null. */
    private String contentProblem(Repository git, RevWalk walk, ReceiveCommand c) throws IOException {
        RevObject target = walk.peel(walk.parseAny(c.getNewId()));
        if (!(target instanceof RevCommit tip)) {
            return c.getRefName() + " must point at a commit";
        }
        walk.reset();
        walk.markStart(tip);
        for (ObjectId have : git.getRefDatabase().getRefs().stream()
                .map(r -> r.getObjectId())
                .toList()) {
            RevObject o = walk.peel(walk.parseAny(have));
            if (o instanceof RevCommit known) {
                walk.markUninteresting(known);
            }
        }
        for (RevCommit commit : walk) {
            String problem = filesProblem(git, commit);
            if (problem != null) {
                return "commit " + commit.abbreviate(7).name() + ": " + problem;
            }
        }
        return null;
    }

    /** Why a file that {@code commit} adds or changes against its first parent cannot be taken, or null. */
    private String filesProblem(Repository git, RevCommit commit) throws IOException {
        try (TreeWalk tw = new TreeWalk(git);
                ObjectReader reader = git.newObjectReader()) {
            if (commit.getParentCount() > 0) {
                tw.addTree(git.parseCommit(commit.getParent(0)).getTree());
            } else {
                tw.addTree(new EmptyTreeIterator());
            }
            tw.addTree(commit.getTree());
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                FileMode mode = tw.getFileMode(1);
                String path = tw.getPathString();
                if (mode == FileMode.MISSING) {
                    continue;
                }
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    return path + " is a symbolic link or a submodule; the hub holds regular files only";
                }
                ObjectId blob = tw.getObjectId(1);
                try {
                    CommitPlan.checkNewPath(path);
                    long size = reader.getObjectSize(blob, Constants.OBJ_BLOB);
                    if (path.equals("README.md") || size <= LfsPointer.MAX_POINTER_SIZE) {
                        // a card, or maybe an LFS pointer
                        CommitPlan.checkRegularFile(path, reader.open(blob).getCachedBytes(Integer.MAX_VALUE), lfs);
                    }
                } catch (HubError refused) {
                    return refused.getMessage();
                }
            }
        }
        return null;
    }
}
