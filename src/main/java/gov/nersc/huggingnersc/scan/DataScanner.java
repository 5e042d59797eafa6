package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.FirstFew;
import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.api.ScanSummary;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Scans a data path: how many files and bytes, which formats, the largest and newest files, and what
 * to tag the dataset with on the Hub. Parallel and streaming: memory does not grow with the number
 * of files. Immutable; configure with the {@code with} methods.
 *
 * <pre>{@code
 * ScanSummary s = DataScanner.create().threads(8).scan(Path.of("/global/cfs/cdirs/m1234/www/data"));
 * }</pre>
 */
public final class DataScanner {
    /** CSV, TSV and JSON Lines rows are counted while their bytes stay under this (256 MiB). */
    public static final long ROW_COUNT_BUDGET = 256L << 20;

    private static final int LARGEST = 10;
    /** More distinct extensions than this are summed under "(other)": names like {@code x.000123}. */
    private static final int MAX_EXTENSIONS = 200;

    private final int threads;
    private final ScanProgress.Listener progress;
    private final int listLimit;
    private final Consumer<Path> afterListing;
    private final boolean readContent;

    private DataScanner(
            int threads,
            ScanProgress.Listener progress,
            int listLimit,
            Consumer<Path> afterListing,
            boolean readContent) {
        this.threads = threads;
        this.progress = progress;
        this.listLimit = listLimit;
        this.afterListing = afterListing;
        this.readContent = readContent;
    }

    /** A scanner with one thread per core, no progress reports, and lists of at most 100 entries. */
    public static DataScanner create() {
        return new DataScanner(
                Runtime.getRuntime().availableProcessors(),
                ScanProgress.Listener.NONE,
                FirstFew.DEFAULT_LIMIT,
                dir -> {},
                true);
    }

    /**
     * The same scanner with {@code n} threads.
     *
     * @throws InvalidInputException when {@code n} is below 1 or above {@link #MAX_THREADS}
     */
    public DataScanner threads(int n) {
        return new DataScanner(checkThreads(n), progress, listLimit, afterListing, readContent);
    }

    /** The same scanner reporting progress to {@code listener}. */
    public DataScanner progress(ScanProgress.Listener listener) {
        return new DataScanner(threads, listener, listLimit, afterListing, readContent);
    }

    /** The same scanner keeping at most {@code n} entries in each list (unreadable, mismatches). */
    public DataScanner listLimit(int n) {
        return new DataScanner(threads, progress, Math.max(0, n), afterListing, readContent);
    }

    /**
     * The same scanner, trusting file names: no file is opened, so formats come from extensions only,
     * no rows are counted (no size category), and the scan costs what {@code find} costs. For trees of
     * millions of files on a parallel file system, where every open is a metadata call.
     */
    public DataScanner byExtension() {
        return new DataScanner(threads, progress, listLimit, afterListing, false);
    }

    /** For tests: runs {@code hook} after each directory is listed and before its entries are read. */
    DataScanner afterListing(Consumer<Path> hook) {
        return new DataScanner(threads, progress, listLimit, hook, readContent);
    }

    /** The most threads a walk or a hash may use: far beyond what a file system answers in parallel. */
    public static final int MAX_THREADS = 1024;

    /**
     * The threads for work of {@code items} independent pieces (files to hash): as {@code asked}, else
     * one per core but no more than there are pieces, and at least one. A thread with nothing to do
     * only costs its start.
     */
    static int threadsFor(Optional<Integer> asked, long items) {
        return asked.orElseGet(() ->
                (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), items)));
    }

    static int checkThreads(int n) {
        if (n < 1 || n > MAX_THREADS) {
            throw new InvalidInputException("--threads: " + n + " is not allowed; give 1 to " + MAX_THREADS);
        }
        return n;
    }

    /**
     * Walks {@code root} and summarises it.
     *
     * @throws InvalidInputException when {@code root} does not exist or is not a directory
     * @throws gov.nersc.huggingnersc.errors.OperationFailedException when the root itself cannot be read
     */
    public ScanSummary scan(Path root) {
        long start = System.nanoTime();
        Run run = new Run();
        TreeWalk.Outcome outcome;
        try (ProgressTicker ticker = new ProgressTicker(progress)) {
            run.ticker = ticker;
            outcome = new TreeWalk<>(root, threads, false, run, run.unreadable, afterListing).run();
        }
        return run.summarise(root, outcome, (System.nanoTime() - start) / 1_000_000);
    }

    /** Per-directory state: whether we are inside a Zarr store (whose files are its chunks). */
    private record Place(boolean inZarr) {
        static final Place PLAIN = new Place(false);
        static final Place ZARR = new Place(true);
    }

    /** One scan: the visitor, and the tallies of each thread, merged at the end. */
    private final class Run implements TreeWalk.Visitor<Place> {
        final FirstFew.Collector unreadable = new FirstFew.Collector(listLimit);
        final FirstFew.Collector mismatches = new FirstFew.Collector(listLimit);
        final Queue<Tally> tallies = new ConcurrentLinkedQueue<>();
        final ThreadLocal<Tally> local = ThreadLocal.withInitial(() -> {
            Tally t = new Tally();
            tallies.add(t);
            return t;
        });
        final AtomicLong rowBudgetUsed = new AtomicLong();
        final AtomicBoolean rowsExact = new AtomicBoolean(true);
        ProgressTicker ticker;

        @Override
        public Place directory(Path dir, String relative, BasicFileAttributes attrs, Place parent) {
            if (parent != null && parent.inZarr()) {
                return Place.ZARR;
            }
            if (Files.exists(dir.resolve(".zgroup"))
                    || Files.exists(dir.resolve(".zarray"))
                    || Files.exists(dir.resolve("zarr.json"))) {
                local.get().zarrStores++;
                rowsExact.set(false);
                return Place.ZARR;
            }
            return Place.PLAIN;
        }

        @Override
        public void file(Path file, String relative, BasicFileAttributes attrs, Place place) {
            Tally t = local.get();
            long size = attrs.size();
            t.files++;
            t.bytes += size;
            t.newest = Math.max(t.newest, attrs.lastModifiedTime().toMillis());
            t.offerLargest(relative, size);
            ticker.add(1, size);
            if (place.inZarr()) {
                t.zarrBytes += size;
                return;
            }
            String name = file.getFileName().toString();
            t.addExtension(FileFormat.extension(name), size);
            FileFormat claimed = Signatures.claimed(name);
            // lines are counted in the same read as the signature, while the budget lasts
            boolean countLines = rowsExact.get()
                    && claimed.tabular()
                    && claimed != FileFormat.PARQUET
                    && rowBudgetUsed.addAndGet(size) <= ROW_COUNT_BUDGET;
            Signatures.Detection d;
            try {
                d = readContent
                        ? Signatures.detect(file, name, size, countLines)
                        : new Signatures.Detection(claimed, claimed, -1);
            } catch (NoSuchFileException e) {
                d = new Signatures.Detection(FileFormat.OTHER, FileFormat.OTHER, -1); // gone since its stat
            } catch (IOException e) {
                unreadable.add(relative + ": " + TreeWalk.reason(e));
                rowsExact.set(false);
                return;
            }
            t.addFormat(d.format(), size);
            if (mismatch(d.claimed(), d.format())) {
                mismatches.add(relative + ": extension says " + d.claimed().id() + ", content is "
                        + d.format().id());
            }
            FileFormat f = d.format();
            if (f != FileFormat.TEXT) {
                if (f.tabular() && d.rows() >= 0) {
                    t.rows += d.rows();
                } else {
                    // not a table, a Parquet footer we could not read, or past the line-counting budget
                    rowsExact.set(false);
                }
            }
        }

        ScanSummary summarise(Path root, TreeWalk.Outcome outcome, long elapsedMillis) {
            Tally all = new Tally();
            for (Tally t : tallies) {
                all.merge(t);
            }
            if (all.zarrStores > 0) {
                all.formats.computeIfAbsent(FileFormat.ZARR, k -> new long[2])[0] += all.zarrStores;
                all.formats.get(FileFormat.ZARR)[1] += all.zarrBytes;
            }
            Map<String, ScanSummary.FormatCount> formats = largestFirst(all.formats, FileFormat::id);
            Map<String, ScanSummary.FormatCount> extensions = largestFirst(all.extensions, e -> e);
            List<String> tags = new ArrayList<>();
            all.formats.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<FileFormat, long[]> e) -> -e.getValue()[1])
                            .thenComparing(e -> e.getKey().id()))
                    .forEach(e -> e.getKey()
                            .hubTag()
                            .filter(tag -> !tags.contains(tag))
                            .ifPresent(tags::add));
            boolean anyTable = all.formats.keySet().stream().anyMatch(FileFormat::tabular);
            long rows = rowsExact.get() && anyTable && unreadable.count() == 0 ? all.rows : -1;
            List<ScanSummary.LargestFile> largest = new ArrayList<>(all.largest);
            largest.sort(LARGEST_FIRST);
            return new ScanSummary(
                    root.toString(),
                    all.files,
                    all.bytes,
                    outcome.directories(),
                    outcome.symlinksSkipped(),
                    outcome.linksInTree(),
                    outcome.vanished(),
                    unreadable.toSortedListing(),
                    formats,
                    extensions,
                    mismatches.toSortedListing(),
                    largest,
                    all.files == 0 ? null : Instant.ofEpochMilli(all.newest),
                    tags,
                    rows,
                    elapsedMillis,
                    threads);
        }
    }

    /** A name whose format family differs from the content's is worth a steward's look. */
    private static boolean mismatch(FileFormat claimed, FileFormat actual) {
        if (claimed == FileFormat.OTHER || claimed == actual) {
            return false;
        }
        boolean netcdf = claimed == FileFormat.NETCDF4 && actual == FileFormat.NETCDF3;
        return !netcdf;
    }

    private static final Comparator<ScanSummary.LargestFile> LARGEST_FIRST = Comparator.comparingLong(
                    ScanSummary.LargestFile::bytes)
            .reversed()
            .thenComparing(ScanSummary.LargestFile::path);

    private static <K> Map<String, ScanSummary.FormatCount> largestFirst(
            Map<K, long[]> counts, java.util.function.Function<K, String> name) {
        Map<String, ScanSummary.FormatCount> out = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<K, long[]> e) -> -e.getValue()[1])
                        .thenComparing(e -> name.apply(e.getKey())))
                .forEach(e ->
                        out.put(name.apply(e.getKey()), new ScanSummary.FormatCount(e.getValue()[0], e.getValue()[1])));
        return out;
    }

    /** What one thread has seen; only that thread writes it, until the merge after the walk. */
    private static final class Tally {
        long files;
        long bytes;
        long newest = Long.MIN_VALUE;
        long zarrStores;
        long zarrBytes;
        long rows;
        final Map<FileFormat, long[]> formats = new EnumMap<>(FileFormat.class);
        final Map<String, long[]> extensions = new HashMap<>();
        final PriorityQueue<ScanSummary.LargestFile> largest =
                new PriorityQueue<>(LARGEST + 1, LARGEST_FIRST.reversed());

        void offerLargest(String path, long size) {
            if (largest.size() < LARGEST || size > largest.peek().bytes()) {
                largest.add(new ScanSummary.LargestFile(path, size));
                if (largest.size() > LARGEST) {
                    largest.poll();
                }
            }
        }

        void addFormat(FileFormat f, long size) {
            long[] c = formats.computeIfAbsent(f, k -> new long[2]);
            c[0]++;
            c[1] += size;
        }

        void addExtension(String ext, long size) {
            String key = extensions.containsKey(ext) || extensions.size() < MAX_EXTENSIONS ? ext : "(other)";
            long[] c = extensions.computeIfAbsent(key, k -> new long[2]);
            c[0]++;
            c[1] += size;
        }

        void merge(Tally t) {
            files += t.files;
            bytes += t.bytes;
            newest = Math.max(newest, t.newest);
            zarrStores += t.zarrStores;
            zarrBytes += t.zarrBytes;
            rows += t.rows;
            t.formats.forEach((k, v) -> {
                long[] c = formats.computeIfAbsent(k, x -> new long[2]);
                c[0] += v[0];
                c[1] += v[1];
            });
            t.extensions.forEach((k, v) -> {
                String key = extensions.containsKey(k) || extensions.size() < MAX_EXTENSIONS ? k : "(other)";
                long[] c = extensions.computeIfAbsent(key, x -> new long[2]);
                c[0] += v[0];
                c[1] += v[1];
            });
            t.largest.forEach(l -> offerLargest(l.path(), l.bytes()));
        }
    }
}
