package gov.nersc.huggingnersc.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.CatalogContents;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.EntryManifest;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.files.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The catalog: one folder per dataset under a root directory, {@code <root>/<nickname>/}, holding
 * the card ({@code README.md}), the notebook, the loader and batch scripts, and {@code
 * <nickname>_info.json}. Reads entries written by this tool and by the earlier Python tool.
 *
 * <p>Writes are atomic: an entry is rendered into a hidden folder {@code .<nickname>.tmp-<random>}
 * beside its place, flushed to disk, then renamed into place. Replacing an entry renames the old
 * folder aside ({@code .<nickname>.old-<random>}), the new one in, then deletes the old one; if a
 * crash stops this half-way, the next read puts the old folder back. So after a failure or a kill
 * either the old entry or the new one is visible, never a part of one.
 */
public final class Catalog {
    /** Steps of a write, where a test can make it fail as a crash would. */
    enum Step {
        /** The new entry is complete in its hidden folder, nothing visible has changed. */
        TEMP_WRITTEN,
        /** Replacing: the old entry has been renamed aside, the new one is not in place yet. */
        OLD_MOVED_ASIDE,
        /** The new entry is in place; the old one (when replacing) is not deleted yet. */
        NEW_MOVED_IN
    }

    /** Called at each step of a write; a test seam that simulates a crash by throwing. */
    interface StepHook {
        void reached(Step step) throws IOException;
    }

    /** How long a writer waits for another one that is changing the same entry. */
    public static final Duration LOCK_PATIENCE = Duration.ofSeconds(60);
    /** How long recording a finished manifest waits for another process changing the entry. */
    static final Duration MANIFEST_RECORD_PATIENCE = Duration.ofMinutes(30);

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The folder of the entries' locks, {@code <root>/.locks/<nickname>.lock}. */
    public static final String LOCKS = ".locks";

    private final Path root;
    private final StepHook hook;
    private final EntryLocks locks;
    private final EntryFolders folders;

    /** The catalog at {@code root} (which need not exist until the first write). */
    public Catalog(Path root) {
        this(root, step -> {}, notice -> {}, LOCK_PATIENCE);
    }

    /**
     * The same catalog, telling {@code waiting} when a write waits for another process that is
     * changing the same entry, and waiting at most {@code patience} for it.
     */
    public Catalog withLockWaits(Consumer<String> waiting, Duration patience) {
        return new Catalog(root, hook, waiting, patience);
    }

    Catalog(Path root, StepHook hook) {
        this(root, hook, notice -> {}, LOCK_PATIENCE);
    }

    private Catalog(Path root, StepHook hook, Consumer<String> waiting, Duration patience) {
        this.root = root.toAbsolutePath().normalize();
        this.hook = hook;
        this.locks = new EntryLocks(this.root, waiting, patience);
        this.folders = new EntryFolders(this.root, locks);
    }

    /** An entry's lock, held while one process changes the entry; see {@link #lock}. */
    public interface EntryLock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the entry's lock: whoever changes an entry (reads it, changes its repo, writes it back)
     * holds it throughout, so two processes (or threads) changing the same entry take turns and the
     * second one starts from what the first one wrote. Re-entrant; the operating system releases it
     * when its holder dies. Every write of this class takes it too.
     *
     * @param what what the holder does, shown to whoever waits ("update-dataset")
     * @throws ConflictException when another process still holds it after the patience
     *     ({@link #LOCK_PATIENCE}); nothing has been changed
     */
    public EntryLock lock(String nickname, String what) {
        return locks.lock(nickname, what);
    }

    /** The catalog root. */
    public Path root() {
        return root;
    }

    /** The folder of an entry, {@code <root>/<nickname>}, whether or not it exists. */
    public Path dir(String nickname) {
        return root.resolve(nickname);
    }

    /** True when an entry with this nickname exists (of this tool or of the earlier one). */
    public boolean exists(String nickname) {
        folders.recover(nickname);
        return Files.isRegularFile(dir(nickname).resolve(CatalogEntry.infoFileName(nickname)));
    }

    /**
     * The entry with this nickname, written by this tool or by the earlier one; empty when there is
     * none.
     *
     * @throws InvalidInputException when the entry's info JSON is damaged (naming the file and key)
     */
    public Optional<CatalogEntry> read(String nickname) {
        folders.recover(nickname);
        Path dir = dir(nickname);
        Path info = dir.resolve(CatalogEntry.infoFileName(nickname));
        if (!Files.isRegularFile(info)) {
            return Optional.empty();
        }
        try {
            ObjectNode json = InfoJson.parseObject(EntryFolders.readText(info), info);
            boolean hasNotebook = Files.isRegularFile(dir.resolve(CatalogEntry.notebookFileName(nickname)));
            return Optional.of(InfoJson.parse(
                    json, info, hasNotebook, Files.getLastModifiedTime(info).toInstant()));
        } catch (IOException e) {
            throw EntryFolders.failed("cannot read " + info, e);
        }
    }

    /** The names of the files in an entry's folder, sorted (empty when there is no entry). */
    public List<String> files(String nickname) {
        return folders.visibleFiles(nickname).stream()
                .map(f -> f.getFileName().toString())
                .toList();
    }

    /**
     * True for the manifest of entry {@code nickname} and its parts: files in the entry folder that
     * describe the data and may be hundreds of megabytes.
     */
    public static boolean isManifestFile(String nickname, String fileName) {
        return EntryFileRole.ofName(nickname, fileName) == EntryFileRole.MANIFEST;
    }

    /**
     * The text of each file in an entry's folder, by name, sorted. Files that are not UTF-8 text are
     * listed with an empty text: they can be compared (they differ) but not shown. The manifest and
     * its parts are left out: they are data about the data, not rendered content.
     */
    public Map<String, String> readFiles(String nickname) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path f : folders.visibleFiles(nickname)) {
            String name = f.getFileName().toString();
            if (!isManifestFile(nickname, name)) {
                try {
                    out.put(name, EntryFolders.readTextOrEmpty(f));
                } catch (IOException e) {
                    throw EntryFolders.failed("cannot read " + f, e);
                }
            }
        }
        return out;
    }

    /**
     * Refuses a catalog root that is there but is not a folder; a root not there yet is an empty
     * catalog.
     *
     * @throws InvalidInputException when the root is a file
     */
    public void requireFolderRoot() {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new InvalidInputException("catalog root " + root + ": is a file, not a folder; give a folder "
                    + "with --catalog-root or HUGGINGNERSC_CATALOG_ROOT");
        }
    }

    /**
     * The nicknames of every entry, sorted; folders without an info JSON are not entries.
     *
     * @throws InvalidInputException when the root is a file
     */
    public List<String> nicknames() {
        requireFolderRoot();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        return folders.entryNames();
    }

    /**
     * Every entry, by nickname.
     *
     * @throws InvalidInputException when an entry is damaged; {@link #readAll()} skips those instead
     */
    public List<CatalogEntry> list() {
        return nicknames().stream().map(n -> read(n).orElseThrow()).toList();
    }

    /**
     * Every readable entry, by nickname, and one line for each damaged one: a damaged info JSON (or
     * one that vanished while listing) does not hide the others.
     */
    public CatalogContents readAll() {
        List<CatalogEntry> entries = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        for (String nickname : nicknames()) {
            try {
                read(nickname).ifPresent(entries::add);
            } catch (InvalidInputException e) {
                damaged.add(e.getMessage());
            }
        }
        return new CatalogContents(entries, damaged);
    }

    /**
     * Writes an entry atomically, as a new entry or replacing the one with the same nickname: after a
     * failure or a kill, either the old entry or the new one is visible, never a mix.
     *
     * @return the entry's folder
     */
    public Path write(EntryFiles files) {
        try (EntryLock held = lock(files.entry().nickname(), "a write")) {
            return folders.install(files, hook);
        }
    }

    /**
     * Writes an entry's files into a plain folder (created if needed), replacing files of the same
     * names: a preview, as for {@code --dry-run}. Not atomic, and nothing in the catalog is touched.
     */
    public static void writePreview(EntryFiles files, Path folder) {
        try {
            Files.createDirectories(folder);
            for (Map.Entry<String, String> f : files.files().entrySet()) {
                Files.writeString(folder.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw EntryFolders.failed("cannot write into " + folder, e);
        }
    }

    /**
     * Records that the entry was published by {@code commit} at {@code time}: rewrites only the info
     * JSON, atomically (a temporary file renamed over it).
     *
     * @return the entry as now recorded
     */
    public CatalogEntry recordPublished(String nickname, String commit, Instant time) {
        return recordPublished(nickname, null, commit, time);
    }

    /**
     * Records that the entry was published on {@code endpoint} by {@code commit} at {@code time}. The
     * entry keeps one publication, the last: {@code endpoint} and {@code hf_dir} then name that Hub
     * (an entry first published to the embedded hub, then uploaded to huggingface.co, names
     * huggingface.co). Rewrites only the info JSON, atomically; an earlier-tool entry keeps its own
     * keys and gains {@code published}.
     *
     * @param endpoint the Hub published to, or null to leave the recorded one
     * @return the entry as now recorded
     */
    public CatalogEntry recordPublished(String nickname, String endpoint, String commit, Instant time) {
        return recordPublished(nickname, null, endpoint, commit, time);
    }

    /**
     * Records that the entry was published in the repo {@code repo} (under another organization than
     * before, with {@code upload-dataset --org}) on {@code endpoint} by {@code commit} at {@code time},
     * as {@link #recordPublished(String, String, String, Instant)} does; {@code repo_id} and {@code
     * hf_dir} then name that repo.
     *
     * @param repo the repo published to, or null to leave the recorded one
     * @param endpoint the Hub published to, or null to leave the recorded one
     */
    public CatalogEntry recordPublished(String nickname, RepoId repo, String endpoint, String commit, Instant time) {
        return updateInfo(nickname, "the publication", locks.patience(), (json, before) -> {
            if (repo != null && json.has("repo_id")) {
                json.put("repo_id", repo.toString());
            }
            if (endpoint != null || repo != null) {
                HubEndpoint hub = new HubEndpoint(endpoint != null ? endpoint : before.endpoint());
                if (json.has("endpoint")) {
                    json.put("endpoint", hub.url());
                }
                json.put("hf_dir", hub.repoUrl(repo != null ? repo : before.repoId()) + "/");
            }
            ObjectNode p = json.putObject("published");
            p.put("commit", commit);
            p.put("time", time.toString());
        });
    }

    /**
     * Records the entry's manifest (file name, root digest, files, bytes, time): rewrites only the
     * info JSON, atomically, as {@link #recordPublished} does.
     *
     * @return the entry as now recorded
     */
    public CatalogEntry recordManifest(String nickname, EntryManifest manifest) {
        // the manifest took hours of hashing: wait longer than a command would rather than lose its record
        return updateInfo(
                nickname,
                "the manifest",
                max(locks.patience(), MANIFEST_RECORD_PATIENCE),
                (json, before) -> InfoJson.putManifest(json.putObject("manifest"), manifest));
    }

    /** Where an entry's manifest is (or would be) kept: {@code <root>/<nickname>/<nickname>_manifest.jsonl.gz}. */
    public Path manifestFile(String nickname) {
        return dir(nickname).resolve(CatalogEntry.manifestFileName(nickname));
    }

    /** Rewrites only the info JSON, atomically, after {@code change} edited it (given the entry as it was). */
    private CatalogEntry updateInfo(
            String nickname, String what, Duration patience, BiConsumer<ObjectNode, CatalogEntry> change) {
        try (EntryLock held = locks.lock(nickname, "recording " + what, patience)) {
            return updateInfoLocked(nickname, what, change);
        }
    }

    private CatalogEntry updateInfoLocked(String nickname, String what, BiConsumer<ObjectNode, CatalogEntry> change) {
        folders.recover(nickname);
        Path info = dir(nickname).resolve(CatalogEntry.infoFileName(nickname));
        if (!Files.isRegularFile(info)) {
            throw new InvalidInputException("no catalog entry '" + nickname + "' under " + root);
        }
        CatalogEntry before = read(nickname).orElseThrow();
        try {
            ObjectNode json = InfoJson.parseObject(EntryFolders.readText(info), info);
            change.accept(json, before);
            AtomicFile.write(info, InfoJson.write(json));
        } catch (IOException e) {
            throw EntryFolders.failed("cannot record " + what + " in " + info, e);
        }
        return read(nickname).orElseThrow();
    }

    /**
     * Records one file of the entry as committed to its repo: the card merged onto the Hub's (so it
     * also holds what others added there), or {@code croissant.json} for the repo the entry moved to.
     * Rewrites only that file, atomically, as {@link #recordPublished} rewrites the info JSON.
     */
    public void recordFile(String nickname, String fileName, String text) {
        try (EntryLock held = lock(nickname, "recording " + fileName)) {
            folders.recover(nickname);
            Path file = dir(nickname).resolve(fileName);
            if (!Files.isRegularFile(dir(nickname).resolve(CatalogEntry.infoFileName(nickname)))) {
                throw new InvalidInputException("no catalog entry '" + nickname + "' under " + root);
            }
            try {
                AtomicFile.write(file, text);
            } catch (IOException e) {
                throw EntryFolders.failed("cannot record " + file, e);
            }
        }
    }
}
