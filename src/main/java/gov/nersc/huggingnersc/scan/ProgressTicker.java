package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.ScanProgress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts files and bytes from many threads and reports them to a listener four times a second,
 * with the totals once they are known.
 */
final class ProgressTicker implements AutoCloseable {
    private final ScanProgress.Listener listener;
    private final long start = System.nanoTime();
    private final LongAdder files = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder bytesUnchanged = new LongAdder();
    private volatile long totalFiles = -1;
    private volatile long totalBytes = -1;
    private final ScheduledExecutorService timer;

    ProgressTicker(ScanProgress.Listener listener) {
        this.listener = listener;
        if (listener == ScanProgress.Listener.NONE) {
            timer = null;
        } else {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "huggingnersc-progress");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(() -> report(false), 250, 250, TimeUnit.MILLISECONDS);
        }
    }

    void add(long fileCount, long byteCount) {
        files.add(fileCount);
        bytes.add(byteCount);
    }

    /** A file done without reading it (unchanged since the previous manifest). */
    void addUnchanged(long size) {
        files.increment();
        bytesUnchanged.add(size);
    }

    /** How much there is to do in all: from now on, reports say what part is done and the time left. */
    void total(long fileCount, long byteCount) {
        totalBytes = byteCount;
        totalFiles = fileCount;
    }

    private void report(boolean done) {
        listener.progress(new ScanProgress(
                files.sum(),
                bytes.sum(),
                Duration.ofNanos(System.nanoTime() - start),
                done,
                bytesUnchanged.sum(),
                totalFiles,
                totalBytes));
    }

    /** Stops the timer and sends the final report. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                // a report already running finishes before the last one, so "done" really is last
                timer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            report(true);
        }
    }
}
