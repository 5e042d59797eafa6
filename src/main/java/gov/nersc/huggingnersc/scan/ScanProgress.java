package gov.nersc.huggingnersc.scan;

import java.time.Duration;

/**
 * How far a walk has got: files and bytes seen so far. Delivered a few times a second while a scan or
 * manifest runs, and once more when it is done.
 *
 * @param files regular files seen (or, for hashing, files hashed)
 * @param bytes their bytes
 * @param elapsed time since the start
 * @param done true for the last report
 */
public record ScanProgress(long files, long bytes, Duration elapsed, boolean done) {

  /** Files per second so far (0 at the very start). */
  public double filesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : files / seconds;
  }

  /** Bytes per second so far (0 at the very start). */
  public double bytesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : bytes / seconds;
  }

  /** Receives progress reports, from a timer thread; must return quickly. */
  @FunctionalInterface
  public interface Listener {
    /** A listener that ignores every report. */
    Listener NONE = p -> {};

    void progress(ScanProgress progress);
  }
}
