package gov.nersc.huggingnersc.localhub;

import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.files.FileTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * The dataset repos on disk: {@code DIR/datasets/<ns>/<name>.git}, one bare git repository each,
 * so that {@code git clone DIR/datasets/ns/name.git} works. One writer per repo at a time: callers
 * hold {@link #lock(RepoId)} around every write.
 */
final class RepoStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path root;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    RepoStore(Path dir) throws IOException {
        // The repos are read without the machine's system git config (/etc/gitconfig: credential helpers,
        // checkout filters, nothing a bare repo on a server needs); finding it made JGit run `git` twice,
        // 60 to 120 ms of the first request (BENCHMARKS.md). The user's ~/.gitconfig is still read.
        FS.DETECTED.setGitSystemConfig(null);
        this.root = Files.createDirectories(dir.resolve("datasets"));
    }

    Path gitDir(RepoId id) {
        return root.resolve(id.namespace()).resolve(id.name() + ".git");
    }

    boolean exists(RepoId id) {
        return Files.isRegularFile(gitDir(id).resolve(Constants.HEAD));
    }

    /** The lock every writer of this repo holds. */
    ReentrantLock lock(RepoId id) {
        return locks.computeIfAbsent(id.toString(), k -> new ReentrantLock());
    }

    /**
     * The repo {@code opened} stood for, opened again now that its lock is held: a writer that
     * opened it earlier (and stored blobs while reading its request) must not write into a repo that
     * was deleted, or deleted and created again, meanwhile. 409 if it was.
     */
    DatasetRepo reopenLocked(DatasetRepo opened) throws IOException {
        if (!lock(opened.id).isHeldByCurrentThread()) {
            throw new IllegalStateException("reopenLocked needs the repo's lock");
        }
        DatasetRepo now;
        try {
            now = open(opened.id);
        } catch (HubError gone) {
            throw replaced(opened.id);
        }
        if (!java.util.Objects.equals(now.identity, opened.identity)) {
            now.close();
            throw replaced(opened.id);
        }
        return now;
    }

    private static HubError replaced(RepoId id) {
        return new HubError(
                409,
                null,
                "Repository " + id + " was deleted or created again while this request"
                        + " was under way; nothing was written. Send it again.");
    }

    /** What a listing reads of one repo; null leaves the repo out. */
    interface RepoReader<T> {
        T read(DatasetRepo repo) throws IOException;
    }

    /**
     * {@code reader}'s answer for each repo in turn. A repo deleted (or deleted and created again)
     * while it is read is left out, as if the listing had come a moment later.
     */
    <T> List<T> readEach(List<RepoId> ids, RepoReader<T> reader) throws IOException {
        List<T> out = new ArrayList<>();
        for (RepoId id : ids) {
            try (DatasetRepo repo = open(id)) {
                try {
                    T t = reader.read(repo);
                    if (t != null) {
                        out.add(t);
                    }
                } catch (HubError unreadable) {
                    // deleted meanwhile, or without a commit to show: not part of the listing
                } catch (IOException | RuntimeException e) {
                    if (stillThere(repo)) {
                        throw e;
                    }
                }
            } catch (HubError gone) {
                // deleted before it could be opened
            }
        }
        return out;
    }

    /** Whether the repo on disk is still the one {@code repo} opened. */
    private boolean stillThere(DatasetRepo repo) {
        try (DatasetRepo now = open(repo.id)) {
            return java.util.Objects.equals(now.identity, repo.identity);
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** Opens an existing repo; 404 RepoNotFound if there is none. */
    DatasetRepo open(RepoId id) throws IOException {
        if (!exists(id)) {
            throw HubError.repoNotFound(id.toString());
        }
        try {
            return new DatasetRepo(
                    id,
                    new FileRepositoryBuilder()
                            .setGitDir(gitDir(id).toFile())
                            .setMustExist(true)
                            .build());
        } catch (org.eclipse.jgit.errors.RepositoryNotFoundException deletedMeanwhile) {
            throw HubError.repoNotFound(id.toString());
        }
    }

    /**
     * Creates a repo whose first commit holds {@code initialFiles} (the Hub's default
     * {@code .gitattributes} unless they bring their own). Built in a temporary folder and renamed
     * into place, so a repo either fully exists or not at all. 409 (naming {@code url}) if it exists.
     */
    RepoSettings create(RepoId id, boolean isPrivate, Map<String, byte[]> initialFiles, String url) throws IOException {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            if (exists(id)) {
                throw new HubError(409, null, "You already created this dataset repo", Map.of("url", url));
            }
            Path target = gitDir(id);
            Path tmp = target.resolveSibling("." + id.name() + ".git.tmp-" + UUID.randomUUID());
            Files.createDirectories(target.getParent());
            byte[] idBytes = new byte[12];
            RANDOM.nextBytes(idBytes);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            RepoSettings settings = new RepoSettings(HexFormat.of().formatHex(idBytes), isPrivate, "false", now);
            try {
                try (Git g = Git.init()
                                .setBare(true)
                                .setInitialBranch("main")
                                .setDirectory(tmp.toFile())
                                .call();
                        DatasetRepo repo = new DatasetRepo(id, g.getRepository())) {
                    repo.save(settings);
                    SortedMap<String, ObjectId> files = new TreeMap<>();
                    Map<String, byte[]> content = new TreeMap<>(initialFiles);
                    content.putIfAbsent(".gitattributes", defaultGitattributes());
                    try (ObjectInserter ins = repo.git.newObjectInserter()) {
                        for (Map.Entry<String, byte[]> f : content.entrySet()) {
                            files.put(f.getKey(), ins.insert(Constants.OBJ_BLOB, f.getValue()));
                        }
                        ins.flush();
                    }
                    repo.commit("refs/heads/main", null, null, files, "initial commit", now);
                }
                // before it is in place, so no other user ever finds a private repo readable
                protect(tmp, isPrivate);
                Files.move(tmp, target);
                Files.deleteIfExists(movedNote(id));
            } catch (GitAPIException e) {
                throw new IOException("cannot create the git repository of " + id, e);
            } finally {
                FileTree.delete(tmp);
            }
            return settings;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Who may read a repo's folder on disk: a private repo its owner only (0700), so that no other
     * user of the machine can {@code git clone} it from there; a public one as its namespace folder
     * (made under the server's umask).
     */
    void protect(RepoId id, boolean isPrivate) throws IOException {
        protect(gitDir(id), isPrivate);
    }

    private static void protect(Path dir, boolean isPrivate) throws IOException {
        try {
            Files.setPosixFilePermissions(
                    dir,
                    isPrivate
                            ? PosixFilePermissions.fromString("rwx------")
                            : Files.getPosixFilePermissions(dir.getParent()));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX modes: the hub folder's own protection applies
        }
    }

    /** Deletes a repo and its history; 404 RepoNotFound if there is none. */
    void delete(RepoId id) throws IOException {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            if (!exists(id)) {
                throw HubError.repoNotFound(id.toString());
            }
            Path target = gitDir(id);
            Path trash = target.resolveSibling("." + id.name() + ".git.deleted-" + UUID.randomUUID());
            Files.move(target, trash);
            FileTree.delete(trash);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Renames a repo, as the Hub's {@code move_repo}: its folder moves, and the old name keeps a
     * note of the new one ({@code <name>.moved}) so that requests to it are redirected until a repo
     * of that name is created again. 404 if {@code from} is missing, 409 if {@code to} exists.
     */
    void move(RepoId from, RepoId to) throws IOException {
        boolean fromFirst = from.toString().compareTo(to.toString()) < 0;
        ReentrantLock first = lock(fromFirst ? from : to);
        ReentrantLock second = lock(fromFirst ? to : from);
        first.lock();
        second.lock();
        try {
            if (!exists(from)) {
                throw HubError.repoNotFound(from.toString());
            }
            if (exists(to)) {
                throw new HubError(409, null, "You already created this dataset repo: " + to);
            }
            Files.createDirectories(gitDir(to).getParent());
            Files.move(gitDir(from), gitDir(to));
            Files.deleteIfExists(movedNote(to));
            Files.writeString(movedNote(from), to.toString());
        } finally {
            second.unlock();
            first.unlock();
        }
    }

    /** Where the repo that was called {@code id} went, when it was renamed and the name is free. */
    Optional<RepoId> movedTo(RepoId id) throws IOException {
        RepoId at = id;
        for (int hops = 0; hops < 10 && !exists(at); hops++) {
            Path note = movedNote(at);
            if (!Files.isRegularFile(note)) {
                return Optional.empty();
            }
            at = RepoId.parse(Files.readString(note).strip());
        }
        return at.equals(id) || !exists(at) ? Optional.empty() : Optional.of(at);
    }

    private Path movedNote(RepoId id) {
        return root.resolve(id.namespace()).resolve(id.name() + ".moved");
    }

    /** Every repo on disk, sorted by id. */
    List<RepoId> list() throws IOException {
        List<RepoId> out = new ArrayList<>();
        try (var namespaces = Files.list(root)) {
            for (Path ns : namespaces.sorted().toList()) {
                if (!Files.isDirectory(ns) || ns.getFileName().toString().startsWith(".")) {
                    continue;
                }
                List<Path> inNamespace;
                try (var repos = Files.list(ns)) {
                    inNamespace = repos.sorted().toList();
                } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException deletedMeanwhile) {
                    continue;
                }
                for (Path r : inNamespace) {
                    String file = r.getFileName().toString();
                    if (file.endsWith(".git") && !file.startsWith(".")) {
                        try {
                            RepoId id = new RepoId(ns.getFileName().toString(), file.substring(0, file.length() - 4));
                            if (exists(id)) {
                                out.add(id);
                            }
                        } catch (RuntimeException notARepoName) {
                            // a folder someone else put there; not ours to list
                        }
                    }
                }
            }
        }
        return out;
    }

    static byte[] defaultGitattributes() {
        try (InputStream in = RepoStore.class.getResourceAsStream("dataset.gitattributes")) {
            if (in == null) {
                throw new IllegalStateException("missing resource dataset.gitattributes");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
