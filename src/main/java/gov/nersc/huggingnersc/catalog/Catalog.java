package gov.nersc.huggingnersc.catalog;

import gov.nersc.huggingnersc.api.CatalogContents;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.EntryManifest;
import gov.nersc.huggingnersc.files.AtomicFile;
import gov.nersc.huggingnersc.files.FileTree;
import gov.nersc.huggingnersc.files.ProcessLock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.api.RepoId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

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

  private static final SecureRandom RANDOM = new SecureRandom();

  /** How long a writer waits for another one that is changing the same entry. */
  public static final Duration LOCK_PATIENCE = Duration.ofSeconds(60);
  /** How long recording a finished manifest waits for another process changing the entry. */
  static final Duration MANIFEST_RECORD_PATIENCE = Duration.ofMinutes(30);

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** The folder of the entries' locks, {@code <root>/.locks/<nickname>.lock}. */
  public static final String LOCKS = ".locks";

  /** Catalog roots whose file system was found to have no locks (said once per process). */
  private static final java.util.Set<Path> WARNED_NO_LOCKS = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private final Path root;
  private final StepHook hook;
  private final Consumer<String> waiting;
  private final Duration patience;

  /** The catalog at {@code root} (which need not exist until the first write). */
  public Catalog(Path root) {
    this(root, step -> { }, notice -> { }, LOCK_PATIENCE);
  }

  /**
   * The same catalog, telling {@code waiting} when a write waits for another process that is
   * changing the same entry, and waiting at most {@code patience} for it.
   */
  public Catalog withLockWaits(Consumer<String> waiting, Duration patience) {
    return new Catalog(root, hook, waiting, patience);
  }

  Catalog(Path root, StepHook hook) {
    this(root, hook, notice -> { }, LOCK_PATIENCE);
  }

  private Catalog(Path root, StepHook hook, Consumer<String> waiting, Duration patience) {
    this.root = root.toAbsolutePath().normalize();
    this.hook = hook;
    this.waiting = waiting;
    this.patience = patience;
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
    return lock(nickname, what, patience);
  }

  private EntryLock lock(String nickname, String what, Duration patience) {
    Path file = root.resolve(LOCKS).resolve(nickname + ".lock");
    ProcessLock held;
    try {
      createShared(file);
      held = ProcessLock.acquire(file, what + " of '" + nickname + "'", patience, holder -> waiting.accept(
          "waiting for the catalog entry '" + nickname + "': " + holder + " is changing it"));
      if (!held.osLocked() && WARNED_NO_LOCKS.add(root)) {
        waiting.accept("warning: the file system of " + root + " cannot lock files; two processes changing the "
            + "same entry at once could lose an edit");
      }
    } catch (java.io.InterruptedIOException e) {
      throw failed("interrupted while waiting for the catalog entry '" + nickname + "'; nothing was changed", e);
    } catch (ProcessLock.Busy busy) {
      throw new ConflictException("the catalog entry '" + nickname + "' is being changed by " + busy.holder()
          + "; waited " + patience.toSeconds() + " s for it (lock " + file + "); nothing was changed: run the "
          + "same command again when it has finished");
    } catch (java.nio.file.AccessDeniedException e) {
      String group;
      try {
        group = Files.readAttributes(root, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
      } catch (IOException | UnsupportedOperationException unknown) {
        group = "<the stewards' group>";
      }
      throw new OperationFailedException("cannot change the catalog entry '" + nickname + "': its lock " + file
          + " is not writable for you (the catalog root, or a lock another steward made); the owner of "
          + root.resolve(LOCKS) + " can let every steward write it: chgrp -R " + group + " " + root.resolve(LOCKS)
          + " && chmod -R g+w " + root.resolve(LOCKS), e);
    } catch (IOException e) {
      throw failed("cannot write the catalog entry " + dir(nickname) + " (nor take its lock " + file + ")", e);
    }
    return () -> {
      try {
        held.close();
      } catch (IOException e) {
        throw failed("cannot release the lock " + file, e);
      }
    };
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
    recover(nickname);
    return Files.isRegularFile(dir(nickname).resolve(CatalogEntry.infoFileName(nickname)));
  }

  /**
   * The entry with this nickname, written by this tool or by the earlier one; empty when there is
   * none.
   *
   * @throws InvalidInputException when the entry's info JSON is damaged (naming the file and key)
   */
  public Optional<CatalogEntry> read(String nickname) {
    recover(nickname);
    Path dir = dir(nickname);
    Path info = dir.resolve(CatalogEntry.infoFileName(nickname));
    if (!Files.isRegularFile(info)) {
      return Optional.empty();
    }
    try {
      ObjectNode json = InfoJson.parseObject(readText(info), info);
      boolean hasNotebook = Files.isRegularFile(dir.resolve(CatalogEntry.notebookFileName(nickname)));
      return Optional.of(InfoJson.parse(json, info, hasNotebook, Files.getLastModifiedTime(info).toInstant()));
    } catch (IOException e) {
      throw failed("cannot read " + info, e);
    }
  }

  /** The names of the files in an entry's folder, sorted (empty when there is no entry). */
  public List<String> files(String nickname) {
    recover(nickname);
    Path dir = dir(nickname);
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.startsWith(".") && Files.isRegularFile(f)) {
          out.add(name);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw failed("cannot list " + dir, e);
    }
    return out;
  }

  /**
   * True for the manifest of entry {@code nickname} and its parts: files in the entry folder that
   * describe the data and may be hundreds of megabytes.
   */
  public static boolean isManifestFile(String nickname, String fileName) {
    String stem = CatalogEntry.manifestFileName(nickname);
    stem = stem.substring(0, stem.indexOf('.'));
    return fileName.startsWith(stem + ".") && fileName.endsWith(".jsonl.gz");
  }

  /**
   * The text of each file in an entry's folder, by name, sorted. Files that are not UTF-8 text are
   * listed with an empty text: they can be compared (they differ) but not shown. The manifest and
   * its parts are left out: they are data about the data, not rendered content.
   */
  public Map<String, String> readFiles(String nickname) {
    recover(nickname);
    Path dir = dir(nickname);
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.startsWith(".") && Files.isRegularFile(f) && !isManifestFile(nickname, name)) {
          out.put(name, readTextOrEmpty(f));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw failed("cannot list " + dir, e);
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
      return writeLocked(files);
    }
  }

  private Path writeLocked(EntryFiles files) {
    String nickname = files.entry().nickname();
    Path target = dir(nickname);
    recover(nickname);
    Path temp = null;
    try {
      Files.createDirectories(root);
      deleteLeftovers(nickname, ".tmp-");
      temp = root.resolve("." + nickname + ".tmp-" + randomSuffix());
      writeInto(keepManifest(files, target), Files.createDirectory(temp));
      carryOverManifests(nickname, target, temp);
      AtomicFile.syncDirectory(root);
      hook.reached(Step.TEMP_WRITTEN);
      if (Files.exists(target)) {
        Path old = root.resolve("." + nickname + ".old-" + randomSuffix());
        move(target, old);
        hook.reached(Step.OLD_MOVED_ASIDE);
        move(temp, target);
        temp = null;
        // a manifest build (which does not hold the lock for its hours of hashing) may have moved its
        // file into the old folder after the first carry-over: bring it along too
        carryOverManifests(nickname, old, target);
        AtomicFile.syncDirectory(root);
        hook.reached(Step.NEW_MOVED_IN);
        FileTree.delete(old);
      } else {
        move(temp, target);
        temp = null;
        AtomicFile.syncDirectory(root);
        hook.reached(Step.NEW_MOVED_IN);
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
      throw failed("cannot write into " + folder, e);
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
    return updateInfo(nickname, "the publication", patience, (json, before) -> {
      if (repo != null && json.has("repo_id")) {
        json.put("repo_id", repo.toString());
      }
      if (endpoint != null || repo != null) {
        String base = (endpoint != null ? endpoint : before.endpoint()).replaceAll("/+$", "");
        if (json.has("endpoint")) {
          json.put("endpoint", base);
        }
        json.put("hf_dir", base + "/datasets/" + (repo != null ? repo : before.repoId()) + "/");
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
    return updateInfo(nickname, "the manifest", max(patience, MANIFEST_RECORD_PATIENCE),
        (json, before) -> InfoJson.putManifest(json.putObject("manifest"), manifest));
  }

  /** Where an entry's manifest is (or would be) kept: {@code <root>/<nickname>/<nickname>_manifest.jsonl.gz}. */
  public Path manifestFile(String nickname) {
    return dir(nickname).resolve(CatalogEntry.manifestFileName(nickname));
  }

  /** Rewrites only the info JSON, atomically, after {@code change} edited it (given the entry as it was). */
  private CatalogEntry updateInfo(String nickname, String what, Duration patience,
      java.util.function.BiConsumer<ObjectNode, CatalogEntry> change) {
    try (EntryLock held = lock(nickname, "recording " + what, patience)) {
      return updateInfoLocked(nickname, what, change);
    }
  }

  private CatalogEntry updateInfoLocked(String nickname, String what,
      java.util.function.BiConsumer<ObjectNode, CatalogEntry> change) {
    recover(nickname);
    Path info = dir(nickname).resolve(CatalogEntry.infoFileName(nickname));
    if (!Files.isRegularFile(info)) {
      throw new InvalidInputException("no catalog entry '" + nickname + "' under " + root);
    }
    CatalogEntry before = read(nickname).orElseThrow();
    try {
      ObjectNode json = InfoJson.parseObject(readText(info), info);
      change.accept(json, before);
      AtomicFile.write(info, InfoJson.write(json));
    } catch (IOException e) {
      throw failed("cannot record " + what + " in " + info, e);
    }
    return read(nickname).orElseThrow();
  }

  /**
   * Records one file of the entry as committed to its repo: the card merged onto the Hub's (so it
   * also holds what others added there), or {@code croissant.json} for the repo the entry moved to.
   * Rewrites only that file, atomically, as {@link #recordPublished} rewrites the info JSON.
   */
  public void recordFile(String nickname, String fileName, String text) {
    try (EntryLock held = lock(nickname, "recording " + fileName, patience)) {
      recover(nickname);
      Path file = dir(nickname).resolve(fileName);
      if (!Files.isRegularFile(dir(nickname).resolve(CatalogEntry.infoFileName(nickname)))) {
        throw new InvalidInputException("no catalog entry '" + nickname + "' under " + root);
      }
      try {
        AtomicFile.write(file, text);
      } catch (IOException e) {
        throw failed("cannot record " + file, e);
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
      java.util.Map<String, String> all = new LinkedHashMap<>(files.files());
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
        if (isManifestFile(nickname, name) && Files.isRegularFile(f) && !Files.exists(to.resolve(name))) {
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

  /**
   * Creates a lock file (and the locks folder) that every steward who may write the catalog root may
   * also write: they get the root's group, and its group and other permissions, whatever the umask
   * and primary group of whoever made them.
   */
  private void createShared(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    Path dir = file.getParent();
    Files.createDirectories(root);
    java.nio.file.attribute.PosixFileAttributes rootAttributes;
    try {
      rootAttributes = Files.readAttributes(root, java.nio.file.attribute.PosixFileAttributes.class);
    } catch (UnsupportedOperationException notPosix) {
      return; // ProcessLock creates them
    }
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectory(dir);
        shareLike(dir, rootAttributes, true);
      } catch (FileAlreadyExistsException raced) {
        // another process made it
      }
    }
    try {
      Files.createFile(file);
      shareLike(file, rootAttributes, false);
    } catch (FileAlreadyExistsException raced) {
      // another process made it, and may be sharing it right now: give it a moment
      if (!Files.isWritable(file)) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** Gives what this process just created the root's group and the permissions the root grants. */
  private static void shareLike(Path created, java.nio.file.attribute.PosixFileAttributes root, boolean folder) {
    try {
      Files.getFileAttributeView(created, java.nio.file.attribute.PosixFileAttributeView.class)
          .setGroup(root.group());
    } catch (IOException | UnsupportedOperationException | SecurityException notAMember) {
      // the permissions below still help everyone in the creator's group
    }
    try {
      var perms = java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
      perms.addAll(Files.getPosixFilePermissions(created));
      for (var p : root.permissions()) {
        String name = p.name();
        if (name.endsWith("_WRITE") || name.endsWith("_READ") || (folder && name.endsWith("_EXECUTE"))) {
          perms.add(p);
        }
      }
      Files.setPosixFilePermissions(created, perms);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: the lock still works for whoever made it
    }
  }

  // --- recovery after a crash -----------------------------------------------------------------

  /**
   * Finishes or undoes a replacement that a crash interrupted: when the entry is missing but an old
   * copy was set aside, the old copy comes back; when both exist, the old copy is deleted.
   */
  private void recover(String nickname) {
    if (!Files.isDirectory(root)) {
      return;
    }
    if (leftovers(nickname, ".old-").isEmpty()) {
      return;
    }
    // a writer half-way through a replacement has set the old folder aside too: wait for it
    try (EntryLock held = lock(nickname, "recovery")) {
      recoverLocked(nickname);
    }
  }

  private void recoverLocked(String nickname) {
    List<Path> olds = leftovers(nickname, ".old-");
    if (olds.isEmpty()) {
      return;
    }
    try {
      Path target = dir(nickname);
      if (!Files.exists(target)) {
        move(olds.get(0), target);
        AtomicFile.syncDirectory(root);
        olds = olds.subList(1, olds.size());
      }
      for (Path old : olds) {
        FileTree.delete(old);
      }
    } catch (NoSuchFileException | FileAlreadyExistsException raced) {
      // another process recovered or wrote it at the same moment: its result stands
    } catch (IOException e) {
      throw failed("cannot recover the catalog entry " + dir(nickname) + " after an interrupted write", e);
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
    out.sort(Comparator.comparing(Catalog::modifiedTime).reversed());
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

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot rename " + from + " atomically", e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      FileTree.delete(p);
    } catch (IOException ignored) {
      // a leftover hidden folder is invisible and removed by the next write of this nickname
    }
  }

  private static String readText(Path file) throws IOException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidInputException(file + ": not UTF-8 text; the catalog entry is damaged");
    }
  }

  private static String readTextOrEmpty(Path file) throws IOException {
    try {
      return readText(file);
    } catch (InvalidInputException notText) {
      return "";
    }
  }

  private static String randomSuffix() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static OperationFailedException failed(String what, Exception e) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    return new OperationFailedException(what + ": " + describe(cause), cause);
  }

  private static String describe(Throwable e) {
    String name = e.getClass().getSimpleName().replace("Exception", "");
    return e.getMessage() == null ? name : name + " " + e.getMessage();
  }
}
