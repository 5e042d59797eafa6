package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Whether a catalogued dataset still holds: its data path (a folder, or one file) exists; for a
 * public link, the web server may read it (every directory from the data path down {@code o+x},
 * every file {@code o+r}); and its files still match the manifest (by size and mtime, or by content
 * with {@code rehash}).
 *
 * @param dataPath the data path checked
 * @param dataPathExists false when the data path is gone (then nothing else was checked)
 * @param permissionsChecked true when the public-link permissions were checked
 * @param notPublic directories lacking {@code o+x} ("dir/: not o+x") and files lacking {@code o+r}
 *     ("file: not o+r")
 * @param manifestChecked true when the files were compared with a manifest
 * @param rehashed true when the content of unchanged-looking files was hashed and compared too
 * @param files the files found under the data path
 * @param added files present but not in the manifest, in path order
 * @param removed files in the manifest but gone, in path order
 * @param changed files whose size, mtime or (with rehash) content differ, with what differs, in path order
 * @param unreadable entries that could not be listed or read
 */
public record Verification(String dataPath, boolean dataPathExists, boolean permissionsChecked,
    Listing notPublic, boolean manifestChecked, boolean rehashed, long files, Listing added,
    Listing removed, Listing changed, Listing unreadable) {

  /** True when every check made found nothing wrong. */
  public boolean holds() {
    return dataPathExists && notPublic.isEmpty() && added.isEmpty() && removed.isEmpty() && changed.isEmpty()
        && unreadable.isEmpty();
  }

  /**
   * Checks a dataset.
   *
   * @param manifest the dataset's (whole, merged) manifest, if it has one
   * @param publicLink check the permissions a public download link needs
   * @param rehash also hash every file that looks unchanged and compare its content
   * @param threads walking and hashing threads
   * @throws InvalidInputException when the manifest is a part, damaged, or {@code threads} is not 1
   *     to {@link DataScanner#MAX_THREADS}
   */
  public static Verification run(Path dataPath, Optional<Path> manifest, boolean publicLink, boolean rehash,
      int threads) {
    DataScanner.checkThreads(threads);
    if (!Files.exists(dataPath)) {
      return new Verification(dataPath.toString(), false, false, Listing.empty(), false, false, 0,
          Listing.empty(), Listing.empty(), Listing.empty(), Listing.empty());
    }
    int limit = Listing.DEFAULT_LIMIT;
    Listing.Collector unreadable = new Listing.Collector(limit);
    Listing.Collector notPublic = new Listing.Collector(limit);
    Listing.Collector added = new Listing.Collector(limit);
    Listing.Collector removed = new Listing.Collector(limit);
    Listing.Collector changed = new Listing.Collector(limit);
    Path tempDir = manifest.map(m -> m.toAbsolutePath().getParent()).orElse(null);
    try (ManifestReader reader = manifest.map(ManifestReader::open).orElse(null);
        FileListing listing = reader == null ? null : new FileListing(tempDir)) {
      if (reader != null && !reader.header().shard().isAll()) {
        throw new InvalidInputException("manifest " + manifest.get() + " is part " + reader.header().shard()
            + "; verify needs the merged manifest (manifest merge)");
      }
      java.util.concurrent.atomic.AtomicLong files = new java.util.concurrent.atomic.AtomicLong();
      TreeWalk<Void> walk = new TreeWalk<>(dataPath, threads, publicLink, new TreeWalk.Visitor<>() {
        @Override
        public Void directory(Path dir, String relative, BasicFileAttributes attrs, Void parent) {
          if (publicLink && !allows(attrs, PosixFilePermission.OTHERS_EXECUTE)) {
            notPublic.add((relative.isEmpty() ? "." : relative) + "/: not o+x");
          }
          return null;
        }

        @Override
        public void file(Path file, String relative, BasicFileAttributes attrs, Void dir) {
          files.incrementAndGet();
          if (publicLink && !allows(attrs, PosixFilePermission.OTHERS_READ)) {
            notPublic.add(relative + ": not o+r");
          }
          if (listing != null) {
            listing.add(new FileListing.Item(relative, attrs.size(), attrs.lastModifiedTime().toMillis()));
          }
        }
      }, unreadable);
      walk.runOnFileOrFolder();
      if (reader != null) {
        compare(listing.sorted(), reader, walk::locate, rehash, threads, added, removed, changed, unreadable);
      }
      return new Verification(dataPath.toString(), true, publicLink, notPublic.toSortedListing(), reader != null,
          reader != null && rehash, files.get(), added.toListing(), removed.toListing(), changed.toListing(),
          unreadable.toSortedListing());
    }
  }

  private static boolean allows(BasicFileAttributes attrs, PosixFilePermission p) {
    return !(attrs instanceof PosixFileAttributes posix) || posix.permissions().contains(p);
  }

  /** Walks the sorted files and the manifest side by side; both are in path order. */
  private static void compare(Iterator<FileListing.Item> now, ManifestReader then, Function<String, Path> locate,
      boolean rehash, int threads, Listing.Collector added, Listing.Collector removed, Listing.Collector changed,
      Listing.Collector unreadable) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, Manifest.daemon("huggingnersc-verify"));
    try {
      InOrder<Optional<String>> out = new InOrder<>(pool, threads * 16, c -> c.ifPresent(changed::add));
      FileListing.Item f = now.hasNext() ? now.next() : null;
      ManifestEntry m = then.hasNext() ? then.next() : null;
      while (f != null || m != null) {
        int order = f == null ? 1 : m == null ? -1 : ManifestEntry.comparePaths(f.path(), m.path());
        if (order < 0) {
          added.add(f.path());
          f = now.hasNext() ? now.next() : null;
        } else if (order > 0) {
          removed.add(m.path());
          m = then.hasNext() ? then.next() : null;
        } else {
          if (f.size() != m.size()) {
            out.addDone(Optional.of(f.path() + ": size " + m.size() + " -> " + f.size()));
          } else if (f.mtime() != m.mtime()) {
            out.addDone(Optional.of(f.path() + ": modified " + Instant.ofEpochMilli(m.mtime()) + " -> "
                + Instant.ofEpochMilli(f.mtime())));
          } else if (rehash) {
            ManifestEntry expected = m;
            out.add(() -> contentDiffers(locate.apply(expected.path()), expected, unreadable));
          }
          f = now.hasNext() ? now.next() : null;
          m = then.hasNext() ? then.next() : null;
        }
      }
      out.finish();
    } finally {
      pool.shutdownNow();
    }
  }

  private static Optional<String> contentDiffers(Path file, ManifestEntry expected, Listing.Collector unreadable) {
    try {
      String sha = Sha256.of(file, n -> {});
      return sha.equals(expected.sha256()) ? Optional.empty() : Optional.of(expected.path() + ": content differs");
    } catch (NoSuchFileException e) {
      return Optional.of(expected.path() + ": removed while being verified");
    } catch (IOException e) {
      unreadable.add(expected.path() + ": " + TreeWalk.reason(e));
      return Optional.empty();
    }
  }
}
