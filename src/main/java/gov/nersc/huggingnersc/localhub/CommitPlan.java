package gov.nersc.huggingnersc.localhub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * A commit as the NDJSON body of {@code POST .../commit/{rev}} describes it: the header and the
 * file operations in order. Reading it stores the new blobs in the repo's object database (loose
 * objects nothing points to yet); {@link #applyTo} then works out the new file list.
 */
final class CommitPlan {
    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{7,40}");
    static final int MAX_PATH = 1000;

    enum Kind {
        FILE,
        LFS_FILE,
        DELETE_FILE,
        DELETE_FOLDER,
        DELETE_ENTRY
    }

    /** One operation; {@code blob} is set for additions. */
    record Op(Kind kind, String path, ObjectId blob) {}

    String summary;
    String description = "";
    String parentCommit;
    final List<Op> ops = new ArrayList<>();
    final List<String> lfsPaths = new ArrayList<>();

    /** Reads the NDJSON body; 400 with the line number for anything malformed. */
    static CommitPlan read(InputStream body, DatasetRepo repo, LfsStore lfs) throws IOException {
        CommitPlan plan = new CommitPlan();
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        int n = 0;
        try (ObjectInserter ins = repo.git.newObjectInserter()) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                n++;
                JsonNode obj;
                try {
                    obj = HubExchange.JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw HubError.badRequest("commit line " + n + " is not JSON: " + e.getOriginalMessage());
                }
                String key = obj.path("key").asText("");
                JsonNode value = obj.path("value");
                if (!value.isObject()) {
                    throw HubError.badRequest("commit line " + n + ": expected {\"key\": ..., \"value\": {...}}");
                }
                if (n == 1 != key.equals("header")) {
                    throw HubError.badRequest(
                            "commit line " + n + ": the first line, and only it, must have the key header");
                }
                switch (key) {
                    case "header" -> plan.header(value);
                    case "file" -> {
                        String path = checkNewPath(RepoRoutes.text(value, "path", null));
                        String content = RepoRoutes.text(value, "content", "");
                        byte[] bytes = "base64".equals(RepoRoutes.text(value, "encoding", "utf-8"))
                                ? Base64.getDecoder().decode(content)
                                : content.getBytes(StandardCharsets.UTF_8);
                        checkRegularFile(path, bytes, lfs);
                        plan.ops.add(new Op(Kind.FILE, path, ins.insert(Constants.OBJ_BLOB, bytes)));
                    }
                    case "lfsFile" -> plan.addLfsFile(value, lfs, ins);
                    case "deletedFile" ->
                        plan.ops.add(new Op(Kind.DELETE_FILE, checkPath(RepoRoutes.text(value, "path", null)), null));
                    case "deletedFolder" ->
                        plan.ops.add(new Op(
                                Kind.DELETE_FOLDER,
                                checkPath(stripTrailingSlash(RepoRoutes.text(value, "path", null))),
                                null));
                    case "deletedEntry" ->
                        plan.ops.add(new Op(
                                Kind.DELETE_ENTRY,
                                checkPath(stripTrailingSlash(RepoRoutes.text(value, "path", null))),
                                null));
                    default ->
                        throw HubError.badRequest("commit line " + n + ": unknown key '" + key
                                + "'; allowed: header, file, lfsFile, deletedFile, deletedFolder, deletedEntry");
                }
            }
            ins.flush();
        }
        if (n == 0) {
            throw HubError.badRequest("the commit body is empty; send a header line, then one line per file");
        }
        if (plan.ops.isEmpty()) {
            throw HubError.badRequest("Add a line with the key lfsFile, file or deletedFile");
        }
        return plan;
    }

    /** An {@code lfsFile} line: a pointer to an object the hub has, at its size. */
    private void addLfsFile(JsonNode value, LfsStore lfs, ObjectInserter ins) throws IOException {
        String path = checkNewPath(RepoRoutes.text(value, "path", null));
        String oid = RepoRoutes.text(value, "oid", null);
        LfsStore.checkOid(oid);
        String algo = RepoRoutes.text(value, "algo", "sha256");
        if (!algo.equals("sha256")) {
            throw HubError.badRequest("lfsFile " + path + ": algo '" + algo + "'; only sha256 is supported");
        }
        long stored = lfs.size(oid)
                .orElseThrow(() -> HubError.badRequest("lfsFile " + path + ": the LFS object " + oid
                        + " was never uploaded; upload it through the LFS batch API first"));
        if (value.has("size") && value.get("size").asLong(-1) != stored) {
            throw HubError.badRequest("lfsFile " + path + ": size "
                    + value.get("size").asText() + " differs from the stored object's " + stored + " bytes");
        }
        lfsPaths.add(path);
        ops.add(new Op(Kind.LFS_FILE, path, ins.insert(Constants.OBJ_BLOB, new LfsPointer(oid, stored).bytes())));
    }

    /**
     * 400 for the content of a regular file the hub must not take: a card (README.md) the Hub would
     * refuse, or cannot read; a Git LFS pointer to an object this hub does not have, or that claims
     * another size than the stored object's (its downloads would promise bytes that are not there).
     */
    static void checkRegularFile(String path, byte[] bytes, LfsStore lfs) {
        if (path.equals("README.md")) {
            List<String> problems =
                    CardMetadata.read(new String(bytes, StandardCharsets.UTF_8)).problems();
            if (!problems.isEmpty()) {
                throw HubError.badRequest(String.join("; ", problems));
            }
        }
        Optional<LfsPointer> pointer = LfsPointer.parse(bytes);
        if (pointer.isPresent()) {
            String oid = pointer.get().oid();
            long stored = lfs.size(oid)
                    .orElseThrow(() -> HubError.badRequest(path + " is a Git LFS pointer to object "
                            + oid
                            + ", which this hub does not have; upload the object through the LFS batch API and commit it as an"
                            + " lfsFile"));
            if (stored != pointer.get().size()) {
                throw HubError.badRequest(path + " is a Git LFS pointer that claims "
                        + pointer.get().size() + " bytes, but the stored object " + oid + " has " + stored);
            }
        }
    }

    private void header(JsonNode value) {
        summary = RepoRoutes.text(value, "summary", "");
        if (summary.isBlank()) {
            throw HubError.badRequest("header: summary is required and must not be empty");
        }
        description = RepoRoutes.text(value, "description", "");
        parentCommit = RepoRoutes.text(value, "parentCommit", null);
        if (parentCommit != null && !COMMIT_ID.matcher(parentCommit).matches()) {
            throw HubError.badRequest(
                    "header: parentCommit '" + parentCommit + "' is not a commit id (7 to 40 hex digits)");
        }
    }

    /**
     * 409 unless every blob this commit adds is in {@code repo}: they were stored while the body was
     * read, before the lock, into the repo as it was then.
     */
    void requireBlobsIn(DatasetRepo repo) throws IOException {
        for (Op op : ops) {
            if (op.blob() != null && !repo.git.getObjectDatabase().has(op.blob())) {
                throw new HubError(
                        409,
                        null,
                        "Repository " + repo.id + " changed while this commit was being sent;"
                                + " nothing was written. Send it again.");
            }
        }
    }

    String message() {
        return description == null || description.isBlank() ? summary : summary + "\n\n" + description;
    }

    /**
     * Applies the operations in order to {@code files} (path → blob), then tracks every LFS path
     * that no {@code .gitattributes} pattern covers yet. 404 EntryNotFound for a deletion of
     * nothing; 400 when a file would sit where a folder is, or inside a file.
     */
    void applyTo(SortedMap<String, ObjectId> files, DatasetRepo repo) throws IOException {
        for (Op op : ops) {
            switch (op.kind()) {
                case FILE, LFS_FILE -> files.put(op.path(), op.blob());
                case DELETE_FILE -> {
                    if (files.remove(op.path()) == null) {
                        throw new HubError(404, "EntryNotFound", "A file with this name doesn't exist: " + op.path());
                    }
                }
                case DELETE_FOLDER, DELETE_ENTRY -> {
                    boolean removed = op.kind() == Kind.DELETE_ENTRY && files.remove(op.path()) != null;
                    var inside = files.subMap(op.path() + "/", op.path() + "0");
                    removed |= !inside.isEmpty();
                    inside.clear();
                    if (!removed) {
                        throw new HubError(404, "EntryNotFound", "A folder with this name doesn't exist: " + op.path());
                    }
                }
            }
        }
        for (String path : files.keySet()) {
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                if (files.containsKey(path.substring(0, slash))) {
                    throw HubError.badRequest(
                            path + ": " + path.substring(0, slash) + " is a file, so it cannot hold other files");
                }
            }
        }
        if (!lfsPaths.isEmpty()) {
            ObjectId attrs = files.get(".gitattributes");
            byte[] text = attrs == null ? new byte[0] : repo.read(attrs);
            LfsPatterns patterns = LfsPatterns.parse(text);
            GitGlob.Budget budget = new GitGlob.Budget(CommitRoutes.GLOB_STEPS);
            StringBuilder added = new StringBuilder();
            for (String path : lfsPaths) {
                if (files.containsKey(path) && !patterns.tracks(path, budget)) {
                    added.append(LfsPatterns.lineFor(path)).append('\n');
                }
            }
            if (added.length() > 0) {
                String old = new String(text, StandardCharsets.UTF_8);
                String updated = old + (old.isEmpty() || old.endsWith("\n") ? "" : "\n") + added;
                try (ObjectInserter ins = repo.git.newObjectInserter()) {
                    files.put(
                            ".gitattributes", ins.insert(Constants.OBJ_BLOB, updated.getBytes(StandardCharsets.UTF_8)));
                    ins.flush();
                }
            }
        }
    }

    /**
     * A path in the repo as a commit may name it; 400 for anything that could escape the repo or
     * reach git's own files: empty, leading {@code /}, {@code ..} or {@code .} segments, {@code .git},
     * backslashes, NUL, empty segments.
     */
    static String checkPath(String path) {
        if (path == null || path.isEmpty()) {
            throw HubError.badRequest("path: missing; every file operation needs a path inside the repo");
        }
        String shown = path.replace("\0", "\\0");
        if (path.length() > MAX_PATH) {
            throw HubError.badRequest(
                    "path '" + shown.substring(0, 80) + "...' is longer than " + MAX_PATH + " characters");
        }
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            throw HubError.badRequest("path '" + shown + "' contains a backslash or NUL; use / between folders");
        }
        if (path.startsWith("/")) {
            throw HubError.badRequest("path '" + shown + "' starts with /; paths are relative to the repo root");
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw HubError.badRequest("path '" + shown + "' has an empty, '.' or '..' segment");
            }
            if (seg.equalsIgnoreCase(".git")) {
                throw HubError.badRequest("path '" + shown + "' reaches into .git, which is git's own folder");
            }
        }
        return path;
    }

    /**
     * The path of a file a commit adds: as {@link #checkPath}, and one git accepts on every system a
     * clone may land on ({@link GitSafety}); deletions take any path, so old names can be removed.
     */
    static String checkNewPath(String path) {
        GitSafety.checkPath(checkPath(path));
        return path;
    }

    private static String stripTrailingSlash(String p) {
        return p != null && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
