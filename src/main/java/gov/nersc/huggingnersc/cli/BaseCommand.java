package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.Accounts;
import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.HuggingNerscTools;
import gov.nersc.huggingnersc.api.Settings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command shares: the root command's global options and settings, and the output
 * streams. A command parses, calls the facade, prints; it holds no domain logic.
 */
public abstract class BaseCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    protected Main root() {
        return (Main) spec.root().userObject();
    }

    protected Settings settings() {
        return root().settings();
    }

    /**
     * The API for the settings, its notices on stderr unless --quiet: waiting for another process,
     * where a write publishes (before the first one), and retries (on a terminal or with -v).
     */
    protected HuggingNersc api() {
        HuggingNersc api =
                HuggingNersc.create(settings()).withNotices(this::notice).withRetryNotices(this::retryNotice);
        return root().quiet() ? api : api.withPublishingNotice(this::notice);
    }

    /**
     * Why a repo may be missing from what an http(s) Hub showed: it answers requests without a token
     * for public repos only. Empty when a token was sent (or the hub is the embedded one).
     */
    protected java.util.Optional<String> publicOnly() {
        Settings s = settings();
        return s.token().isPresent() || s.embeddedHub()
                ? java.util.Optional.empty()
                : java.util.Optional.of(
                        "no Hub token was found, so " + s.endpoint() + " shows public repos only; to see "
                                + "private ones, run `" + Accounts.loginCommand(s.endpoint()) + "` or set HF_TOKEN");
    }

    /** A retry is worth a line where someone watches: on a terminal, or with -v in a log. */
    protected void retryNotice(String line) {
        if (root().verbose() || System.console() != null) {
            notice(line);
        }
    }

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A notice on stderr, unless --quiet. */
    protected void notice(String line) {
        if (!root().quiet()) {
            err().println(line);
            err().flush();
        }
    }

    /** Prints a value as indented JSON on stdout (for --json). */
    protected void printJson(Object value) {
        out().println(jsonText(value));
        out().flush();
    }

    /** A value as the indented JSON that --json prints. */
    static String jsonText(Object value) {
        return HuggingNerscTools.jsonText(value);
    }
}
