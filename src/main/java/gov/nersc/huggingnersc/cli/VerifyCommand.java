package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.FirstFew;
import gov.nersc.huggingnersc.api.LinkCheck;
import gov.nersc.huggingnersc.api.Verification;
import gov.nersc.huggingnersc.api.VerifyResult;
import gov.nersc.huggingnersc.errors.MessageText;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code verify NICKNAME}: does the entry still hold: data there, readable, unchanged, link alive. */
@Command(
        name = "verify",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Check that a catalog entry still holds: the data path (a folder, or one file) exists; for a public download link, "
                    + "every directory is o+x and every file o+r; the files match the entry's manifest (added, "
                    + "removed, changed by size and mtime; --rehash compares content); with --check-links, the "
                    + "download link answers a HEAD request.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 everything holds; 1 something drifted (listed); 2 no such entry, a tape path, a data "
                    + "path that cannot be listed (permission denied), or bad options.",
            "",
            "Example (a nightly cron job; mail comes only when something drifted):",
            "  0 3 * * * huggingnersc verify iris --check-links -q || echo 'iris drifted'"
        })
public final class VerifyCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "NICKNAME", description = "The entry's nickname.")
    String nickname;

    @Option(names = "--rehash", description = "Also hash files whose size and mtime match, and compare content.")
    boolean rehash;

    @Option(names = "--check-links", description = "Ask the public download link with HEAD (redirects followed).")
    boolean checkLinks;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads walking and hashing, 1 to 1024 (default: the cores).")
    Integer threads;

    @Override
    public Integer call() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        VerifyResult r = api().verify(nickname, rehash, checkLinks, n);
        if (root().json()) {
            printJson(json(r));
        } else if (!root().quiet() || !r.holds()) {
            print(out(), r, checkLinks);
        }
        return r.holds() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static Map<String, Object> json(VerifyResult r) {
        Verification v = r.data();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nickname", r.entry().nickname());
        m.put("holds", r.holds());
        m.put("data_path", v.dataPath());
        m.put("data_path_exists", v.dataPathExists());
        m.put("files", v.files());
        m.put("permissions_checked", v.permissionsChecked());
        m.put("not_public", listing(v.notPublic()));
        m.put("manifest_checked", v.manifestChecked());
        m.put("rehashed", v.rehashed());
        m.put("manifest_problems", r.manifestProblems());
        m.put("added", listing(v.added()));
        m.put("removed", listing(v.removed()));
        m.put("changed", listing(v.changed()));
        m.put("unreadable", listing(v.unreadable()));
        m.put("link", r.link().map(VerifyCommand::linkJson).orElse(null));
        return m;
    }

    private static Map<String, Object> linkJson(LinkCheck l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", l.url());
        m.put("status", l.status());
        m.put("ok", l.ok());
        m.put("problem", l.problem().orElse(null));
        return m;
    }

    private static Map<String, Object> listing(FirstFew l) {
        return Map.of("count", l.count(), "first", l.first());
    }

    private static void print(PrintWriter out, VerifyResult r, boolean checkLinks) {
        Verification v = r.data();
        out.println(r.entry().nickname() + ": " + (r.holds() ? "holds" : "DRIFTED"));
        if (!v.dataPathExists()) {
            out.println("  data path    " + v.dataPath() + ": MISSING");
        } else {
            out.printf("  data path    %s (%s)%n", v.dataPath(), MessageText.count(v.files(), "file"));
            out.println("  permissions  "
                    + (!v.permissionsChecked()
                            ? "not checked (no public link)"
                            : v.notPublic().isEmpty()
                                    ? "public: every directory o+x, every file o+r"
                                    : v.notPublic().count() + " not readable by the web server"));
            out.println("  manifest     "
                    + (!v.manifestChecked()
                            ? (r.entry().manifest().isPresent()
                                    ? "not compared"
                                    : "none (run 'huggingnersc manifest "
                                            + r.entry().nickname() + "')")
                            : v.added().isEmpty()
                                            && v.removed().isEmpty()
                                            && v.changed().isEmpty()
                                    ? "matches" + (v.rehashed() ? " (content rehashed)" : " (size and mtime)")
                                    : "differs"));
        }
        r.manifestProblems().forEach(p -> out.println("    " + p));
        ManifestCommand.printListing(out, "not public", v.notPublic());
        ManifestCommand.printListing(out, "added", v.added());
        ManifestCommand.printListing(out, "removed", v.removed());
        ManifestCommand.printListing(out, "changed", v.changed());
        ManifestCommand.printListing(out, "unreadable", v.unreadable());
        if (checkLinks) {
            out.println("  link         "
                    + r.link()
                            .map(l -> l.url() + ": "
                                    + (l.ok()
                                            ? "HTTP " + l.status()
                                            : l.problem().orElseThrow()))
                            .orElse("none (not public)"));
        }
        out.flush();
    }
}
