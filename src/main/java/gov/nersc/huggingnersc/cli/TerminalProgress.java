package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.errors.MessageText;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Draws a one-line progress report on stderr, rewriting it in place. Only for a terminal: a batch
 * job's log or a pipe gets nothing, and neither does {@code --quiet}.
 */
final class TerminalProgress implements ScanProgress.Listener {
    private final PrintWriter err;
    private final String verb;

    private TerminalProgress(PrintWriter err, String verb) {
        this.err = err;
        this.verb = verb;
    }

    /** A listener drawing on {@code err} when we are on a terminal and not quiet; else one that ignores. */
    static ScanProgress.Listener forTerminal(PrintWriter err, boolean quiet, String verb) {
        return quiet || System.console() == null ? ScanProgress.Listener.NONE : new TerminalProgress(err, verb);
    }

    @Override
    public synchronized void progress(ScanProgress p) {
        // when done, the summary follows; the progress line is not part of it
        err.print(p.done() ? "\r\033[K" : "\r\033[K" + line(verb, p));
        err.flush();
    }

    /**
     * With a total (a manifest): {@code hashed 120 of 400 files, 1.20 GiB of 3.00 GiB (40%), 85.3 MiB/s,
     * 0:21 left}; without (a scan): {@code scanned 1,234 files, 1.20 GiB (850 files/s, 85.3 MiB/s)}.
     */
    static String line(String verb, ScanProgress p) {
        if (p.fraction().isEmpty()) {
            double rate = p.filesPerSecond();
            return String.format(
                    Locale.ROOT,
                    "%s %s, %s (" + (rate < 10 ? "%,.1f" : "%,.0f") + " files/s, %s/s)",
                    verb,
                    MessageText.count(p.files(), "file"),
                    HumanBytes.format(p.bytes()),
                    rate,
                    HumanBytes.format((long) p.bytesPerSecond()));
        }
        return String.format(
                Locale.ROOT,
                "%s %,d of %s, %s of %s (%d%%), %s/s, %s left",
                verb,
                p.files(),
                MessageText.count(p.totalFiles(), "file"),
                HumanBytes.format(p.bytes() + p.bytesUnchanged()),
                HumanBytes.format(p.totalBytes()),
                (long) Math.floor(p.fraction().getAsDouble() * 100),
                HumanBytes.format((long) p.bytesPerSecond()),
                p.timeLeft().map(UploadProgressLine::clock).orElse("?"));
    }
}
