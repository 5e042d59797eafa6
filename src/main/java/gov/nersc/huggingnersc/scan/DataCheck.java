package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.FirstFew;
import gov.nersc.huggingnersc.api.Verification;
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
 * Checks whether a catalogued dataset still holds ({@link Verification}): its data path exists,
 * the permissions a public link needs, and its files against the manifest.
 */
public final class DataCheck {
    private DataCheck() {}

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
    public static Verification run(
            Path dataPath, Optional<Path> manifest, boolean publicLink, boolean rehash, int threads) {
        DataScanner.checkThreads(threads);
        if (!Files.exists(dataPath)) {
            return new Verification(
                    dataPath.toString(),
                    false,
                    false,
                    FirstFew.empty(),
                    false,
                    false,
                    0,
                    FirstFew.empty(),
                    FirstFew.empty(),
                    FirstFew.empty(),
                    FirstFew.empty());
        }
        int limit = FirstFew.DEFAULT_LIMIT;
        FirstFew.Collector unreadable = new FirstFew.Collector(limit);
        FirstFew.Collector notPublic = new FirstFew.Collector(limit);
        FirstFew.Collector added = new FirstFew.Collector(limit);
        FirstFew.Collector removed = new FirstFew.Collector(limit);
        FirstFew.Collector changed = new FirstFew.Collector(limit);
        Path tempDir = manifest.map(m -> m.toAbsolutePath().getParent()).orElse(null);
        try (ManifestReader reader = manifest.map(ManifestReader::open).orElse(null);
                FileListing listing = reader == null ? null : new FileListing(tempDir)) {
            if (reader != null && !reader.header().shard().isAll()) {
                throw new InvalidInputException("manifest " + manifest.get() + " is part "
                        + reader.header().shard() + "; verify needs the merged manifest (manifest merge)");
            }
            java.util.concurrent.atomic.AtomicLong files = new java.util.concurrent.atomic.AtomicLong();
            TreeWalk<Void> walk = new TreeWalk<>(
                    dataPath,
                    threads,
                    publicLink,
                    new TreeWalk.Visitor<>() {
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
                                listing.add(new FileListing.Item(
                                        relative,
                                        attrs.size(),
                                        attrs.lastModifiedTime().toMillis()));
                            }
                        }
                    },
                    unreadable);
            walk.runOnFileOrFolder();
            if (reader != null) {
                compare(listing.sorted(), reader, walk::locate, rehash, threads, added, removed, changed, unreadable);
            }
            return new Verification(
                    dataPath.toString(),
                    true,
                    publicLink,
                    notPublic.toSortedListing(),
                    reader != null,
                    reader != null && rehash,
                    files.get(),
                    added.toListing(),
                    removed.toListing(),
                    changed.toListing(),
                    unreadable.toSortedListing());
        }
    }

    private static boolean allows(BasicFileAttributes attrs, PosixFilePermission p) {
        return !(attrs instanceof PosixFileAttributes posix)
                || posix.permissions().contains(p);
    }

    /** Walks the sorted files and the manifest side by side; both are in path order. */
    private static void compare(
            Iterator<FileListing.Item> now,
            ManifestReader then,
            Function<String, Path> locate,
            boolean rehash,
            int threads,
            FirstFew.Collector added,
            FirstFew.Collector removed,
            FirstFew.Collector changed,
            FirstFew.Collector unreadable) {
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

    private static Optional<String> contentDiffers(Path file, ManifestEntry expected, FirstFew.Collector unreadable) {
        try {
            String sha = Sha256.of(file, n -> {});
            return sha.equals(expected.sha256())
                    ? Optional.empty()
                    : Optional.of(expected.path() + ": content differs");
        } catch (NoSuchFileException e) {
            return Optional.of(expected.path() + ": removed while being verified");
        } catch (IOException e) {
            unreadable.add(expected.path() + ": " + TreeWalk.reason(e));
            return Optional.empty();
        }
    }
}
