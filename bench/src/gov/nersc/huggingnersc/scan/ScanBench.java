package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.FirstFew;
import gov.nersc.huggingnersc.api.ManifestBuild;
import gov.nersc.huggingnersc.api.ScanSummary;
import gov.nersc.huggingnersc.api.Shard;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-process half of bench/run: times the walk, the scan, hashing and the manifest with the JVM
 * already started, and prints {@code key=value} lines for the script to compare with find and
 * openssl. Lives in the scan package to time the bare walk too. Not a test.
 */
public final class ScanBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "walk" -> walk(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "sha" -> sha(Path.of(args[1]), Integer.parseInt(args[2]));
            case "manifest" ->
                manifest(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
            case "memory" -> memory(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Best of {@code reps} (after one warm-up) of the bare walk+stat and of the full scan. */
    static void walk(Path dir, int threads, int reps) {
        long bestWalk = Long.MAX_VALUE;
        long bestScan = Long.MAX_VALUE;
        long bestByExtension = Long.MAX_VALUE;
        long files = 0;
        for (int i = 0; i <= reps; i++) {
            LongAdder seen = new LongAdder();
            long t0 = System.nanoTime();
            new TreeWalk<Void>(
                            dir,
                            threads,
                            false,
                            new TreeWalk.Visitor<>() {
                                @Override
                                public Void directory(Path d, String relative, BasicFileAttributes attrs, Void parent) {
                                    return null;
                                }

                                @Override
                                public void file(Path file, String relative, BasicFileAttributes attrs, Void d) {
                                    seen.add(attrs.size() >= 0 ? 1 : 0);
                                }
                            },
                            new FirstFew.Collector(10))
                    .run();
            long t1 = System.nanoTime();
            ScanSummary s = DataScanner.create().threads(threads).scan(dir);
            long t2 = System.nanoTime();
            DataScanner.create().threads(threads).byExtension().scan(dir);
            long t3 = System.nanoTime();
            if (i > 0) {
                bestWalk = Math.min(bestWalk, t1 - t0);
                bestScan = Math.min(bestScan, t2 - t1);
                bestByExtension = Math.min(bestByExtension, t3 - t2);
            }
            files = s.files();
            if (seen.sum() != files) {
                throw new IllegalStateException("walk saw " + seen.sum() + " files, scan " + files);
            }
        }
        System.out.printf(
                "walk_ms=%.1f%nscan_ms=%.1f%nscan_ext_ms=%.1f%nfiles=%d%n",
                bestWalk / 1e6, bestScan / 1e6, bestByExtension / 1e6, files);
    }

    static void sha(Path file, int reps) throws Exception {
        long best = Long.MAX_VALUE;
        for (int i = 0; i <= reps; i++) {
            long t0 = System.nanoTime();
            Sha256.of(file, n -> {});
            long t = System.nanoTime() - t0;
            if (i > 0) {
                best = Math.min(best, t);
            }
        }
        System.out.printf("sha_ms=%.1f%nsha_mb_s=%.1f%n", best / 1e6, Files.size(file) / 1e6 / (best / 1e9));
    }

    /** A fresh manifest (best of reps), then an incremental re-run on the unchanged tree (best of reps). */
    static void manifest(Path dir, int threads, int reps, Path out) throws Exception {
        long first = Long.MAX_VALUE;
        long again = Long.MAX_VALUE;
        for (int i = 0; i <= reps; i++) {
            Files.deleteIfExists(out);
            long t0 = System.nanoTime();
            ManifestBuild b = Manifest.build(dir, out, Optional.empty(), Shard.ALL, threads);
            long t1 = System.nanoTime();
            ManifestBuild c = Manifest.build(dir, out, Optional.of(out), Shard.ALL, threads);
            long t2 = System.nanoTime();
            if (c.hashed() != 0 || !c.header().rootDigest().equals(b.header().rootDigest())) {
                throw new IllegalStateException("incremental run rehashed " + c.hashed() + " files");
            }
            if (i > 0) {
                first = Math.min(first, t1 - t0);
                again = Math.min(again, t2 - t1);
            }
        }
        System.out.printf("manifest_first_ms=%.1f%nmanifest_incremental_ms=%.1f%n", first / 1e6, again / 1e6);
    }

    /** Scan and manifest once each; prints the peak heap used (run this with -Xmx256m). */
    static void memory(Path dir, int threads, Path out) {
        ScanSummary s = DataScanner.create().threads(threads).scan(dir);
        long scanPeak = peakHeap();
        ManifestBuild b = Manifest.build(dir, out, Optional.empty(), Shard.ALL, threads);
        System.out.printf(
                "memory_files=%d%nmemory_manifest_files=%d%nmemory_peak_heap_mb=%.1f%nmemory_scan_peak_heap_mb=%.1f%nmemory_max_heap_mb=%.1f%n",
                s.files(),
                b.header().files(),
                peakHeap() / 1e6 / 1.048576,
                scanPeak / 1e6 / 1.048576,
                Runtime.getRuntime().maxMemory() / 1e6 / 1.048576);
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
