package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.FirstFew;
import gov.nersc.huggingnersc.api.ManifestBuild;
import gov.nersc.huggingnersc.api.ManifestHeader;
import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.api.Shard;
import gov.nersc.huggingnersc.api.ShardProgress;
import gov.nersc.huggingnersc.api.SlurmJob;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.TemporaryFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dataset's manifest: for every file, its path relative to the data root, size, modification time
 * (ms) and SHA-256; proof, later, that the data is still what was catalogued.
 *
 * <p><b>File format.</b> gzip-compressed JSON lines. The first line is the header ({@code format},
 * {@code version}, {@code root}, {@code shard}, {@code files}, {@code bytes}, {@code root_digest},
 * {@code created}); every following line is one file, sorted by path (see
 * {@link ManifestEntry#PATH_ORDER} and {@link ManifestEntry#toLine()}). The root digest is the SHA-256
 * of those entry lines exactly as stored, each followed by a newline: {@code zcat m.jsonl.gz | tail -n
 * +2 | sha256sum} prints it. JSON lines rather than TSV because any byte a file name may hold
 * (tab, newline) survives escaping, and every tool reads it.
 *
 * <p><b>Scale.</b> Walking and hashing are parallel; nothing is held per file (the walk is sorted
 * externally, hashes stream out in order). Incremental: given the previous manifest, a file whose
 * size and mtime are unchanged keeps its hash. Past one node, {@code --shard K/N} builds a part of
 * the files (see {@link Shard}); {@link #merge} joins the parts; {@link #slurmScript} writes the
 * Slurm job array that does both on Perlmutter.
 */
public final class Manifest {
    private static final Pattern PART = Pattern.compile("\\.part-(\\d+)-of-(\\d+)");

    private Manifest() {}

    /**
     * Builds (or rebuilds) the manifest of {@code dataRoot}, or of one shard of it, into {@code manifestFile}.
     *
     * <p>A shard's part file is saved, marked partial, every few minutes and when the JVM is stopped
     * (see {@link ShardCheckpoint}); given as {@code previous}, it lets a re-run hash only what is left.
     *
     * @param previous a manifest of the same root whose hashes may be reused; may be the output file
     * @param shard which files to include; {@link Shard#ALL} for all
     * @param threads walking and hashing threads
     * @throws InvalidInputException when the data root is missing, the previous manifest describes
     *     another root or is damaged, or {@code threads} is not 1 to {@link DataScanner#MAX_THREADS}
     */
    public static ManifestBuild build(
            Path dataRoot, Path manifestFile, Optional<Path> previous, Shard shard, int threads) {
        return build(dataRoot, manifestFile, previous, shard, threads, ScanProgress.Listener.NONE);
    }

    /** As {@link #build(Path, Path, Optional, Shard, int)}, reporting hashing progress to {@code progress}. */
    public static ManifestBuild build(
            Path dataRoot,
            Path manifestFile,
            Optional<Path> previous,
            Shard shard,
            int threads,
            ScanProgress.Listener progress) {
        return build(dataRoot, manifestFile, previous, shard, Optional.of(threads), progress);
    }

    /**
     * As {@link #build(Path, Path, Optional, Shard, int)}, on {@code threads} threads or, when empty, on
     * as many as the work can use: one per core walking, and one per core hashing but no more than
     * there are files (one file: one thread).
     */
    public static ManifestBuild build(
            Path dataRoot,
            Path manifestFile,
            Optional<Path> previous,
            Shard shard,
            Optional<Integer> threads,
            ScanProgress.Listener progress) {
        threads.ifPresent(DataScanner::checkThreads);
        long start = System.nanoTime();
        FirstFew.Collector unreadable = new FirstFew.Collector(FirstFew.DEFAULT_LIMIT);
        Path tempDir = prepareFolder(manifestFile);
        try (FileListing listing = new FileListing(tempDir)) {
            int walkers = DataScanner.threadsFor(threads, Long.MAX_VALUE);
            TreeWalk<Void> walk = new TreeWalk<>(dataRoot, walkers, false, collect(listing, shard), unreadable);
            String root = walk.realRoot().toString();
            try (ManifestReader old = previous.map(ManifestReader::open).orElse(null)) {
                if (old != null && !old.header().root().equals(root)) {
                    throw new InvalidInputException("previous manifest " + previous.get() + " describes "
                            + old.header().root() + ", not " + root + "; leave it out to hash everything");
                }
                TreeWalk.Outcome outcome = walk.runOnFileOrFolder();
                Hashing h = new Hashing(walk::locate, unreadable, outcome.vanished());
                int hashers = DataScanner.threadsFor(threads, listing.count());
                ExecutorService pool = Executors.newFixedThreadPool(hashers, daemon("huggingnersc-hash"));
                try (ManifestWriter writer = new ManifestWriter(manifestFile);
                        ProgressTicker ticker = new ProgressTicker(progress);
                        ShardCheckpoint saves = shard.isAll() ? null : new ShardCheckpoint(writer, root, shard)) {
                    h.ticker = ticker;
                    ticker.total(listing.count(), listing.bytes());
                    InOrder<Optional<ManifestEntry>> out = new InOrder<>(pool, hashers * 16, e -> {
                        e.ifPresent(writer::write);
                        if (saves != null) {
                            saves.entryWritten();
                        }
                    });
                    Iterator<FileListing.Item> files = listing.sorted();
                    Lookup before = new Lookup(old);
                    while (files.hasNext()) {
                        FileListing.Item item = files.next();
                        ManifestEntry known = before.find(item.path());
                        if (known != null && known.size() == item.size() && known.mtime() == item.mtime()) {
                            h.reused.incrementAndGet();
                            ticker.addUnchanged(known.size());
                            out.addDone(Optional.of(known));
                        } else {
                            out.add(() -> h.hash(item));
                        }
                    }
                    before.drain(); // reads the rest, so a damaged previous manifest is caught before we trust it
                    out.finish();
                    ManifestHeader header = writer.finish(root, shard);
                    return new ManifestBuild(
                            manifestFile,
                            header,
                            h.hashed.get(),
                            h.reused.get(),
                            h.bytesHashed.get(),
                            h.vanished.get(),
                            h.unstable.get(),
                            unreadable.toSortedListing(),
                            elapsed(start),
                            hashers);
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    /**
     * Joins the part files of one sharded run into a whole manifest.
     *
     * @throws InvalidInputException when the parts are of different roots or shard counts, overlap,
     *     miss a shard, or are damaged
     */
    public static ManifestBuild merge(List<Path> parts, Path manifestFile) {
        return ManifestMerge.merge(parts, manifestFile);
    }

    /** Reads a manifest's header (its first line) only. */
    public static ManifestHeader readHeader(Path manifestFile) {
        try (ManifestReader r = ManifestReader.open(manifestFile)) {
            return r.header();
        }
    }

    /**
     * Where the part of {@code shard} goes, next to the manifest: {@code manifest.jsonl.gz} and shard
     * 3/16 give {@code manifest.part-3-of-16.jsonl.gz}.
     */
    public static Path partFile(Path manifestFile, Shard shard) {
        String name = manifestFile.getFileName().toString();
        int dot = name.indexOf('.');
        String tag = ".part-" + shard.index() + "-of-" + shard.count();
        String partName = dot > 0 ? name.substring(0, dot) + tag + name.substring(dot) : name + tag;
        return manifestFile.resolveSibling(partName);
    }

    /** The part files present next to {@code manifestFile}, as {@link #partFile} names them, sorted. */
    public static List<Path> findParts(Path manifestFile) {
        String name = manifestFile.getFileName().toString();
        int dot = name.indexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String rest = dot > 0 ? name.substring(dot) : "";
        List<Path> parts = new ArrayList<>();
        Path dir = manifestFile.toAbsolutePath().getParent();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, stem + ".part-*")) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                Matcher m = PART.matcher(n);
                if (m.find() && n.equals(stem + m.group() + rest)) {
                    parts.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new OperationFailedException("cannot list " + dir + ": " + TreeWalk.reason(e), e);
        }
        parts.sort(null);
        return parts;
    }

    /** Which shards of a sharded run are done, saved part-way, or missing, from the part files beside the manifest. */
    public static ShardProgress shardProgress(Path manifestFile) {
        return ShardCheckpoint.progress(manifestFile);
    }

    /**
     * A Perlmutter Slurm script that builds the manifest of {@code nickname} as a job array of
     * {@code tasks} shards, then merges the parts. See {@link SlurmArrayScript}.
     */
    public static String slurmScript(String nickname, int tasks, SlurmJob options) {
        return SlurmArrayScript.render(nickname, tasks, options);
    }

    private static TreeWalk.Visitor<Void> collect(FileListing listing, Shard shard) {
        return new TreeWalk.Visitor<>() {
            @Override
            public Void directory(Path dir, String relative, BasicFileAttributes attrs, Void parent) {
                return null;
            }

            @Override
            public void file(Path file, String relative, BasicFileAttributes attrs, Void dir) {
                if (shard.contains(relative)) {
                    listing.add(new FileListing.Item(
                            relative, attrs.size(), attrs.lastModifiedTime().toMillis()));
                }
            }
        };
    }

    /** Hashes one file, checking it did not change meanwhile; counts what happened. */
    static final class Hashing {
        private static final int ATTEMPTS = 3;
        final Function<String, Path> locate;
        final FirstFew.Collector unreadable;
        final AtomicLong hashed = new AtomicLong();
        final AtomicLong reused = new AtomicLong();
        final AtomicLong bytesHashed = new AtomicLong();
        final AtomicLong vanished = new AtomicLong();
        final AtomicLong unstable = new AtomicLong();
        ProgressTicker ticker;
        /** Called before each file is hashed; tests stop a run part-way with it. */
        static volatile java.util.function.Consumer<String> beforeHash = path -> {};

        Hashing(Function<String, Path> locate, FirstFew.Collector unreadable, long vanishedDuringWalk) {
            this.locate = locate;
            this.unreadable = unreadable;
            this.vanished.set(vanishedDuringWalk);
        }

        Optional<ManifestEntry> hash(FileListing.Item item) {
            beforeHash.accept(item.path());
            Path file = locate.apply(item.path());
            long size = item.size();
            long mtime = item.mtime();
            for (int attempt = 1; ; attempt++) {
                String sha;
                BasicFileAttributes after;
                try {
                    sha = Sha256.of(file, n -> {
                        bytesHashed.addAndGet(n);
                        if (ticker != null) {
                            ticker.add(0, n);
                        }
                    });
                    after = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    vanished.incrementAndGet();
                    return Optional.empty();
                } catch (IOException e) {
                    unreadable.add(item.path() + ": " + TreeWalk.reason(e));
                    return Optional.empty();
                }
                long afterMtime = after.lastModifiedTime().toMillis();
                if ((after.size() == size && afterMtime == mtime) || attempt == ATTEMPTS) {
                    if (attempt == ATTEMPTS && (after.size() != size || afterMtime != mtime)) {
                        unstable.incrementAndGet();
                    }
                    hashed.incrementAndGet();
                    if (ticker != null) {
                        ticker.add(1, 0);
                    }
                    return Optional.of(new ManifestEntry(item.path(), after.size(), afterMtime, sha));
                }
                // changed while we read it: read it again, as it is now
                size = after.size();
                mtime = afterMtime;
            }
        }
    }

    /** Walks the previous manifest alongside the sorted listing: both are in path order. */
    private static final class Lookup {
        private final ManifestReader reader;
        private ManifestEntry head;

        Lookup(ManifestReader reader) {
            this.reader = reader;
            this.head = reader != null && reader.hasNext() ? reader.next() : null;
        }

        ManifestEntry find(String path) {
            while (head != null && ManifestEntry.comparePaths(head.path(), path) < 0) {
                head = reader.hasNext() ? reader.next() : null;
            }
            return head != null && head.path().equals(path) ? head : null;
        }

        void drain() {
            while (reader != null && reader.hasNext()) {
                reader.next();
            }
        }
    }

    /** Creates the manifest's folder; removes the temporary files that killed runs left there. */
    static Path prepareFolder(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new OperationFailedException("cannot create directory " + dir + ": " + TreeWalk.reason(e), e);
        }
        TemporaryFiles.removeStale(dir);
        return dir;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
