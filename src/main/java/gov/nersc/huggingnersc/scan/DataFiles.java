package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.FirstFew;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every data file of a data path, in manifest order, with its SHA-256 where it is known or cheap:
 * what a dataset repo's card, sample and Croissant describe file by file. Hashes come from the
 * entry's manifest for files it holds unchanged (same size and mtime); the others are hashed here
 * when they add up to no more than a budget, so small datasets are fully fingerprinted without a
 * separate {@code manifest} run, and large ones are never read twice.
 */
public final class DataFiles {
    /** One data file. */
    public record File(String path, long size, long mtime, Optional<String> sha256) {}

    /**
     * The files and whether every one has its hash.
     *
     * @param unhashed how many files have no hash (their bytes were over the budget)
     */
    public record Listed(List<File> files, long unhashed) {
        public long bytes() {
            return files.stream().mapToLong(File::size).sum();
        }
    }

    private DataFiles() {}

    /**
     * Lists {@code root} (a folder, or one file: then its name is the path).
     *
     * @param manifest the entry's manifest, if it has one: hashes of unchanged files are taken from it
     * @param hashBudget at most this many bytes of files with no known hash are read and hashed; past
     *     it, none are (a partial fingerprint would say less than it seems to)
     */
    public static Listed list(Path root, Optional<Path> manifest, long hashBudget) {
        List<File> plain = new ArrayList<>();
        FirstFew.Collector unreadable = new FirstFew.Collector(FirstFew.DEFAULT_LIMIT);
        TreeWalk<Void> walk;
        try (FileListing listing = new FileListing(tempDir())) {
            walk = new TreeWalk<>(
                    root,
                    Math.min(4, Runtime.getRuntime().availableProcessors()),
                    false,
                    new TreeWalk.Visitor<>() {
                        @Override
                        public Void directory(Path dir, String relative, BasicFileAttributes attrs, Void parent) {
                            return null;
                        }

                        @Override
                        public void file(Path file, String relative, BasicFileAttributes attrs, Void dir) {
                            listing.add(new FileListing.Item(
                                    relative,
                                    attrs.size(),
                                    attrs.lastModifiedTime().toMillis()));
                        }
                    },
                    unreadable);
            walk.runOnFileOrFolder();
            for (Iterator<FileListing.Item> it = listing.sorted(); it.hasNext(); ) {
                FileListing.Item i = it.next();
                plain.add(new File(i.path(), i.size(), i.mtime(), Optional.empty()));
            }
        }
        return hashed(walk::locate, plain, manifest.filter(Files::isRegularFile), hashBudget);
    }

    private static Listed hashed(
            Function<String, Path> locate, List<File> files, Optional<Path> manifest, long hashBudget) {
        List<File> known = new ArrayList<>(files.size());
        if (manifest.isPresent()) {
            try (ManifestReader reader = ManifestReader.open(manifest.get())) {
                ManifestEntry head = reader.hasNext() ? reader.next() : null;
                for (File f : files) {
                    while (head != null && ManifestEntry.comparePaths(head.path(), f.path()) < 0) {
                        head = reader.hasNext() ? reader.next() : null;
                    }
                    boolean same = head != null
                            && head.path().equals(f.path())
                            && head.size() == f.size()
                            && head.mtime() == f.mtime();
                    known.add(same ? new File(f.path(), f.size(), f.mtime(), Optional.of(head.sha256())) : f);
                }
            }
        } else {
            known.addAll(files);
        }
        long missingBytes = known.stream()
                .filter(f -> f.sha256().isEmpty())
                .mapToLong(File::size)
                .sum();
        if (missingBytes > hashBudget) {
            return new Listed(
                    List.copyOf(known),
                    known.stream().filter(f -> f.sha256().isEmpty()).count());
        }
        List<File> out = new ArrayList<>(known.size());
        for (File f : known) {
            if (f.sha256().isPresent()) {
                out.add(f);
                continue;
            }
            try {
                out.add(new File(
                        f.path(), f.size(), f.mtime(), Optional.of(Sha256.of(locate.apply(f.path()), n -> {}))));
            } catch (IOException e) {
                throw new OperationFailedException(
                        "cannot read data file " + locate.apply(f.path()) + ": " + TreeWalk.reason(e), e);
            }
        }
        return new Listed(List.copyOf(out), 0);
    }

    private static Path tempDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
