package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.scan.ScanProgress;
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
    if (p.done()) {
      err.print("\r\033[K"); // the summary follows; the progress line is not part of it
    } else {
      err.print(String.format(Locale.ROOT, "\r\033[K%s %,d files, %s (%,.0f files/s, %s/s)", verb,
          p.files(), HumanBytes.format(p.bytes()), p.filesPerSecond(),
          HumanBytes.format((long) p.bytesPerSecond())));
    }
    err.flush();
  }
}
