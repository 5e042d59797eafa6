package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.UploadProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Draws the upload's progress on stderr, one line rewritten in place: bytes done of the total, the
 * percentage, the rate and the time left. Only on a terminal and without {@code --quiet}; at most
 * five redraws a second, whatever the number of parts.
 */
final class UploadProgressLine implements UploadProgress.Listener {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter err;
    private long lastDraw;

    private UploadProgressLine(PrintWriter err) {
        this.err = err;
    }

    /** A listener drawing on {@code err} when we are on a terminal and not quiet; else one that ignores. */
    static UploadProgress.Listener forTerminal(PrintWriter err, boolean quiet) {
        return quiet || System.console() == null ? UploadProgress.Listener.NONE : new UploadProgressLine(err);
    }

    @Override
    public synchronized void progress(UploadProgress p) {
        long now = System.nanoTime();
        if (!p.done() && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        err.print(p.done() ? "\r\033[K" : "\r\033[K" + line(p));
        err.flush();
    }

    /** {@code uploaded 1.20 GiB of 3.00 GiB (40%), 85.3 MiB/s, 0:21 left}. */
    static String line(UploadProgress p) {
        long percent = p.bytesTotal() == 0 ? 100 : p.bytesDone() * 100 / p.bytesTotal();
        return String.format(
                Locale.ROOT,
                "uploaded %s of %s (%d%%), %s/s, %s left",
                HumanBytes.format(p.bytesDone()),
                HumanBytes.format(p.bytesTotal()),
                percent,
                HumanBytes.format((long) p.bytesPerSecond()),
                p.timeLeft().map(UploadProgressLine::clock).orElse("?"));
    }

    /** A duration as a clock shows it: {@code 0:21}, {@code 1:02:03}. */
    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
