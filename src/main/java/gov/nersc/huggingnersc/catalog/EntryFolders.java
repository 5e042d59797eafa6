package gov.nersc.huggingnersc.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.AtomicFile;
import gov.nersc.huggingnersc.files.FileTree;
import gov.nersc.huggingnersc.files.StrictText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The entry folders of a catalog on disk: writing one atomically (a hidden folder renamed into place),
 * recovering from a write a crash interrupted, and reading an entry's files as strict UTF-8 text.
 */
final class EntryFolders {
    private final Path root;
    private final EntryLocks locks;

    /** The folders under {@code root}, whose recovery takes {@code locks}. */
    EntryFolders(Path root, EntryLocks locks) {
        this.root = root;
        this.locks = locks;
    }

    /**
     * Writes an entry atomically, its lock held: into a hidden folder beside its place, then renamed in
     * (the old one set aside and deleted when replacing), telling {@code hook} at each step.
     *
     * @return the entry's folder
     */
    Path install(EntryFiles files, Catalog.StepHook hook) {
        String nickname = files.entry().nickname();
        Path target = root.resolve(nickname);
        recover(nickname);
        Path temp = null;
        try {
            Files.createDirectories(root);
            deleteLeftovers(nickname, ".tmp-");
            temp = root.resolve("." + nickname + ".tmp-" + AtomicFile.randomHex());
            writeInto(keepManifest(files, target), Files.createDirectory(temp));
            carryOverManifests(nickname, target, temp);
            AtomicFile.syncDirectory(root);
            hook.reached(Catalog.Step.TEMP_WRITTEN);
            if (Files.exists(target)) {
                Path old = root.resolve("." + nickname + ".old-" + AtomicFile.randomHex());
                AtomicFile.rename(target, old);
                hook.reached(Catalog.Step.OLD_MOVED_ASIDE);
                AtomicFile.rename(temp, target);
                temp = null;
                // a manifest build (which does not hold the lock for its hours of hashing) may have moved its
                // file into the old folder after the first carry-over: bring it along too
                carryOverManifests(nickname, old, target);
                AtomicFile.syncDirectory(root);
                hook.reached(Catalog.Step.NEW_MOVED_IN);
                FileTree.delete(old);
            } else {
                AtomicFile.rename(temp, target);
                temp = null;
                AtomicFile.syncDirectory(root);
                hook.reached(Catalog.Step.NEW_MOVED_IN);
            }
            return target;
        } catch (IOException e) {
            throw failed("cannot write the catalog entry " + target, e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * The files to write, with the replaced entry's manifest record when the new entry has none: the
     * manifest file stays in the folder (see {@link #carryOverManifests}), so its record stays too.
     */
    private static EntryFiles keepManifest(EntryFiles files, Path target) {
        CatalogEntry e = files.entry();
        Path info = target.resolve(e.infoFileName());
        if (e.manifest().isPresent() || !Files.isRegularFile(info)) {
            return files;
        }
        try {
            ObjectNode old = InfoJson.parseObject(readText(info), info);
            if (!old.path("manifest").isObject()) {
                return files;
            }
            ObjectNode fresh = InfoJson.parseObject(files.files().get(e.infoFileName()), info);
            fresh.set("manifest", old.get("manifest"));
            Map<String, String> all = new LinkedHashMap<>(files.files());
            all.put(e.infoFileName(), InfoJson.write(fresh));
            return new EntryFiles(e, all);
        } catch (IOException | InvalidInputException damaged) {
            return files; // a damaged old info JSON is being replaced; its manifest record goes with it
        }
    }

    /** Hard-links (or, across file systems, copies) the manifest and its parts into the new folder. */
    private static void carryOverManifests(String nickname, Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) {
                String name = f.getFileName().toString();
                if (Catalog.isManifestFile(nickname, name)
                        && Files.isRegularFile(f)
                        && !Files.exists(to.resolve(name))) {
                    try {
                        Files.createLink(to.resolve(name), f);
                    } catch (UnsupportedOperationException | IOException noLink) {
                        Files.copy(f, to.resolve(name));
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    // --- recovery after a crash -----------------------------------------------------------------

    /** An entry's files, not hidden ones, sorted by name (none when there is no entry); recovers it first. */
    List<Path> visibleFiles(String nickname) {
        recover(nickname);
        Path dir = root.resolve(nickname);
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                if (!f.getFileName().toString().startsWith(".") && Files.isRegularFile(f)) {
                    out.add(f);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw failed("cannot list " + dir, e);
        }
        return out;
    }

    /**
     * The names of the folders under the root that hold an info JSON, sorted, after recovering every
     * replacement a crash interrupted; the root must be a folder.
     */
    List<String> entryNames() {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    recoverLeftover(name);
                }
            }
        } catch (IOException e) {
            throw failed("cannot list the catalog root " + root, e);
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(p.resolve(CatalogEntry.infoFileName(name)))) {
                    out.add(name);
                }
            }
        } catch (IOException e) {
            throw failed("cannot list the catalog root " + root, e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    /**
     * Finishes or undoes a replacement that a crash interrupted: when the entry is missing but an old
     * copy was set aside, the old copy comes back; when both exist, the old copy is deleted.
     */
    void recover(String nickname) {
        if (!Files.isDirectory(root)) {
            return;
        }
        if (leftovers(nickname, ".old-").isEmpty()) {
            return;
        }
        // a writer half-way through a replacement has set the old folder aside too: wait for it
        try (Catalog.EntryLock held = locks.lock(nickname, "recovery")) {
            recoverLocked(nickname);
        }
    }

    private void recoverLocked(String nickname) {
        List<Path> olds = leftovers(nickname, ".old-");
        if (olds.isEmpty()) {
            return;
        }
        try {
            Path target = root.resolve(nickname);
            if (!Files.exists(target)) {
                AtomicFile.rename(olds.get(0), target);
                AtomicFile.syncDirectory(root);
                olds = olds.subList(1, olds.size());
            }
            for (Path old : olds) {
                FileTree.delete(old);
            }
        } catch (NoSuchFileException | FileAlreadyExistsException raced) {
            // another process recovered or wrote it at the same moment: its result stands
        } catch (IOException e) {
            throw failed(
                    "cannot recover the catalog entry " + root.resolve(nickname) + " after an interrupted write", e);
        }
    }

    private void recoverLeftover(String hiddenName) {
        int old = hiddenName.lastIndexOf(".old-");
        if (old > 1) {
            recover(hiddenName.substring(1, old));
        }
    }

    /** Hidden folders {@code .<nickname><kind><random>}, newest first. */
    private List<Path> leftovers(String nickname, String kind) {
        String prefix = "." + nickname + kind;
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root, p -> {
            String n = p.getFileName().toString();
            // the random part has no dot, so nickname "a" never claims the leftovers of "a.old-x"
            return n.startsWith(prefix) && n.indexOf('.', prefix.length()) < 0;
        })) {
            s.forEach(out::add);
        } catch (IOException e) {
            throw failed("cannot list the catalog root " + root, e);
        }
        out.sort(Comparator.comparing(EntryFolders::modifiedTime).reversed());
        return out;
    }

    private void deleteLeftovers(String nickname, String kind) throws IOException {
        for (Path p : leftovers(nickname, kind)) {
            FileTree.delete(p);
        }
    }

    private static Instant modifiedTime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    // --- file system ------------------------------------------------------------------------------

    private static void writeInto(EntryFiles files, Path folder) throws IOException {
        for (Map.Entry<String, String> f : files.files().entrySet()) {
            AtomicFile.writeNew(folder.resolve(f.getKey()), f.getValue());
        }
        AtomicFile.syncDirectory(folder);
    }

    private static void deleteQuietly(Path p) {
        try {
            FileTree.delete(p);
        } catch (IOException ignored) {
            // a leftover hidden folder is invisible and removed by the next write of this nickname
        }
    }

    /** The text of an entry's file, which must be UTF-8. */
    static String readText(Path file) throws IOException {
        try {
            return StrictText.read(file);
        } catch (StrictText.NotUtf8 e) {
            throw new InvalidInputException(file + ": not UTF-8 text; the catalog entry is damaged");
        }
    }

    /** The text of an entry's file, or empty when it is not UTF-8 text. */
    static String readTextOrEmpty(Path file) throws IOException {
        try {
            return readText(file);
        } catch (InvalidInputException notText) {
            return "";
        }
    }

    /** An operation on the catalog that failed with {@code e}, said with what was being done. */
    static OperationFailedException failed(String what, Exception e) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        return new OperationFailedException(what + ": " + describe(cause), cause);
    }

    private static String describe(Throwable e) {
        String name = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? name : name + " " + e.getMessage();
    }
}
