package gov.nersc.huggingnersc.api;

import java.time.Duration;
import java.util.Optional;

/**
 * How far {@code upload-data} is: bytes done (sent, or found already on the Hub) of the bytes to
 * upload.
 *
 * @param bytesDone bytes done so far
 * @param bytesTotal bytes of every file to upload
 * @param elapsed time since the upload started
 * @param done true for the last report
 */
public record UploadProgress(long bytesDone, long bytesTotal, Duration elapsed, boolean done) {
    /** Bytes per second so far. */
    public double bytesPerSecond() {
        double seconds = elapsed.toMillis() / 1000.0;
        return seconds <= 0 ? 0 : bytesDone / seconds;
    }

    /** The time left at the rate so far; empty before anything was done. */
    public Optional<Duration> timeLeft() {
        double rate = bytesPerSecond();
        if (rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds((long) Math.ceil(Math.max(0, bytesTotal - bytesDone) / rate)));
    }

    /** Hears progress reports, from any thread. */
    public interface Listener {
        /** Ignores every report. */
        Listener NONE = p -> {};

        void progress(UploadProgress p);
    }
}
