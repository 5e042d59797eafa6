package gov.nersc.huggingnersc.api;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How far a walk has got. Delivered a few times a second while a scan or manifest runs, and once
 * more when it is done. A manifest knows its total once the walk is over, so it can say how much is
 * done and how long the rest will take; a scan cannot.
 *
 * @param files files done: seen (scan), or hashed or found unchanged (manifest)
 * @param bytes bytes read
 * @param elapsed time since the start (of the hashing, for a manifest)
 * @param done true for the last report
 * @param bytesUnchanged bytes of files done without reading them: unchanged since the previous manifest
 * @param totalFiles files in all, when known ahead; -1 otherwise
 * @param totalBytes bytes in all, when known ahead; -1 otherwise
 */
public record ScanProgress(
        long files, long bytes, Duration elapsed, boolean done, long bytesUnchanged, long totalFiles, long totalBytes) {

    /** A report with no total known (a scan). */
    public ScanProgress(long files, long bytes, Duration elapsed, boolean done) {
        this(files, bytes, elapsed, done, 0, -1, -1);
    }

    /** Files per second so far (0 at the very start). */
    public double filesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : files / seconds;
    }

    /** Bytes read per second so far (0 at the very start). */
    public double bytesPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : bytes / seconds;
    }

    /** The part done, 0 to 1, by bytes (by files when there are no bytes); empty when no total is known. */
    public OptionalDouble fraction() {
        if (totalBytes > 0) {
            return OptionalDouble.of(Math.min(1, (double) (bytes + bytesUnchanged) / totalBytes));
        }
        if (totalFiles >= 0) {
            return OptionalDouble.of(totalFiles == 0 ? 1 : Math.min(1, (double) files / totalFiles));
        }
        return OptionalDouble.empty();
    }

    /**
     * The time left at the reading rate so far; empty when no total is known or nothing was read yet.
     * Bytes not read yet count as to be read, so where many turn out unchanged it ends sooner.
     */
    public Optional<Duration> timeLeft() {
        double rate = bytesPerSecond();
        if (totalBytes < 0 || rate <= 0) {
            return Optional.empty();
        }
        long left = Math.max(0, totalBytes - bytes - bytesUnchanged);
        return Optional.of(Duration.ofSeconds((long) Math.ceil(left / rate)));
    }

    /** Receives progress reports, from a timer thread; must return quickly. */
    @FunctionalInterface
    public interface Listener {
        /** A listener that ignores every report. */
        Listener NONE = p -> {};

        void progress(ScanProgress progress);
    }
}
