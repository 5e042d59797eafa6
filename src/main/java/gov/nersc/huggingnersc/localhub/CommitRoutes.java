package gov.nersc.huggingnersc.localhub;

import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.api.RepoId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;

/** Routes that write: preupload (regular or LFS) and commit. */
final class CommitRoutes {
    private static final String REPO = "/api/datasets/([^/]+)/([^/]+)";
    /** Steps of pattern matching one request may spend (see {@link GitGlob}): a fraction of a second. */
    static final long GLOB_STEPS = 30_000_000;

    static final String STALE_PARENT =
            "The branch was updated since you opened this page. Please refresh and try again.";

    List<HubHandler.Route> routes() {
        return List.of(
                HubHandler.Route.of("POST", REPO + "/preupload/(.+)", this::preupload),
                HubHandler.Route.of("POST", REPO + "/commit/(.+)", this::commit));
    }

    /**
     * Tells for each file whether it goes through LFS: an LFS pattern of the effective
     * {@code .gitattributes}, a binary sample (a NUL byte), or a size at or above the threshold.
     */
    private void preupload(HubExchange ex, Matcher m) throws IOException {
        String rev = RequestText.decodePath(m.group(3));
        try (DatasetRepo repo = ex.openWritable(HubHandler.repoId(m))) {
            JsonNode body = ex.json();
            RevCommit commit = repo.resolve(rev).commit();
            String attrs = RepoRoutes.text(body, "gitAttributes", null);
            LfsPatterns lfs = LfsPatterns.parse(
                    attrs != null ? attrs.getBytes(StandardCharsets.UTF_8) : fileAt(repo, commit, ".gitattributes"));
            String ignoreText = RepoRoutes.text(body, "gitIgnore", null);
            byte[] ignoreBytes = ignoreText != null
                    ? ignoreText.getBytes(StandardCharsets.UTF_8)
                    : fileAt(repo, commit, ".gitignore");
            GitPatterns ignore = GitPatterns.ignore(ignoreBytes);
            GitGlob.Budget budget = new GitGlob.Budget(GLOB_STEPS);
            if (!body.path("files").isArray()) {
                throw HubError.badRequest("files: expected a list of {path, size, sample}");
            }
            List<Map<String, Object>> files = new ArrayList<>();
            for (JsonNode f : body.path("files")) {
                String path = CommitPlan.checkPath(RepoRoutes.text(f, "path", null));
                long size = f.path("size").asLong(0);
                byte[] sample = Base64.getMimeDecoder().decode(RepoRoutes.text(f, "sample", ""));
                boolean binary = false;
                for (byte b : sample) {
                    binary |= b == 0;
                }
                boolean useLfs = size > 0
                        && (lfs.tracks(path, budget)
                                || binary
                                || size >= ex.hub.options().lfsThresholdBytes());
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("path", path);
                out.put("uploadMode", useLfs ? "lfs" : "regular");
                out.put("shouldIgnore", ignore.ignores(path, budget));
                Optional<DatasetRepo.Entry> existing = repo.entry(commit, path);
                if (existing.isPresent() && !existing.get().directory()) {
                    DatasetRepo.Entry e = existing.get();
                    out.put("oid", e.lfs() != null ? e.lfs().oid() : e.oid().name());
                }
                files.add(out);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("files", files);
            out.put("commitOid", commit.name());
            ex.respondJson(200, out);
        }
    }

    private static byte[] fileAt(DatasetRepo repo, RevCommit commit, String path) throws IOException {
        Optional<DatasetRepo.Entry> e = repo.entry(commit, path);
        return e.isPresent() && !e.get().directory() ? repo.read(e.get().oid()) : null;
    }

    private void commit(HubExchange ex, Matcher m) throws IOException {
        RepoId id = HubHandler.repoId(m);
        String rev = RequestText.decodePath(m.group(3));
        boolean createPr = ex.flag("create_pr");
        Written written;
        try (DatasetRepo opened = ex.openWritable(id)) {
            String type = Optional.ofNullable(ex.header("Content-Type")).orElse("");
            if (type.startsWith("application/json")) {
                throw HubError.badRequest("the local hub takes commits as NDJSON (Content-Type: application/x-ndjson)");
            }
            // Reading the body stores the new blobs; the lock is held only to move the branch.
            CommitPlan plan = CommitPlan.read(ex.body(ex.hub.options().maxCommitBytes()), opened, ex.hub.lfs());
            ReentrantLock lock = ex.hub.repos().lock(id);
            lock.lock();
            try (DatasetRepo repo = ex.hub.repos().reopenLocked(opened)) {
                plan.requireBlobsIn(repo);
                written = write(repo, plan, rev, createPr);
            } finally {
                lock.unlock();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", true);
        out.put("commitOid", written.commit().name());
        out.put("commitUrl", ex.repoUrl(id) + "/commit/" + written.commit().name());
        out.put("hookOutput", "");
        if (createPr) {
            out.put(
                    "pullRequestUrl",
                    ex.repoUrl(id) + "/discussions/" + written.ref().substring("refs/pr/".length()));
        }
        ex.respondJson(200, out);
    }

    /** A commit made, and the ref it is on. */
    private record Written(RevCommit commit, String ref) {}

    /** Writes the commit onto branch {@code rev} (or a new PR ref); the caller holds the repo's lock. */
    private static Written write(DatasetRepo repo, CommitPlan plan, String rev, boolean createPr) throws IOException {
        String branch = repo.branchRef(rev);
        RevCommit head = repo.resolve(branch).commit();
        RevCommit base = head;
        if (plan.parentCommit != null) {
            if (createPr) {
                base = repo.resolve(plan.parentCommit).commit();
            } else if (!head.name().startsWith(plan.parentCommit)) {
                throw new HubError(412, null, STALE_PARENT);
            }
        }
        ObjectId expected = head;
        String target = branch;
        if (createPr) {
            int next = repo.refs("refs/pr/").keySet().stream()
                            .filter(k -> k.matches("\\d+"))
                            .mapToInt(Integer::parseInt)
                            .max()
                            .orElse(0)
                    + 1;
            target = "refs/pr/" + next;
            expected = null;
        }
        SortedMap<String, ObjectId> files = repo.files(base);
        plan.applyTo(files, repo);
        return new Written(repo.commit(target, expected, base, files, plan.message(), Instant.now()), target);
    }
}
