package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HuggingNerscTools;
import gov.nersc.huggingnersc.api.FirstFew;
import gov.nersc.huggingnersc.api.ScanSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code scan PATH}: what is at a data path: files, bytes, formats, largest and newest files. */
@Command(
        name = "scan",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        description = {
            "Walk a data path in parallel and summarise it: files, bytes, directories, formats (by "
                    + "signature, and by extension for text), largest files, newest modification, suggested Hub "
                    + "tags and, where the rows can be counted exactly, a size category.",
            "Links are not followed: every file counts once, at its own path (a link into the tree is "
                    + "counted as a link; one out of it, dangling or a loop, as skipped). Unreadable entries are "
                    + "listed, not fatal. An HPSS (tape) path is refused: walking it would recall tapes.",
            "",
            "Exit codes: 0 done (even with unreadable entries listed); 1 the file system failed; 2 PATH is an "
                    + "empty argument, on tape, missing, not a folder, a link loop or cannot be listed, or an option is wrong."
        })
public final class ScanCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "PATH", description = "The data directory to scan.")
    Path path;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads walking the tree, 1 to 1024 (default: the number of cores, here "
                    + "${sys:huggingnersc.cores}).")
    Integer threads;

    @Option(
            names = "--by-extension",
            description = "Trust file names: open no file (no signatures, no row counts, no size category). "
                    + "As fast as find; for millions of files on a parallel file system.")
    boolean byExtension;

    static {
        System.setProperty(
                "huggingnersc.cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public Integer call() {
        ScanSummary s = HuggingNerscTools.scan(
                path,
                Optional.ofNullable(threads),
                byExtension,
                TerminalProgress.forTerminal(err(), root().quiet(), "scanned"));
        if (root().json()) {
            printJson(json(s));
        } else {
            print(s, out());
        }
        return 0;
    }

    private static Map<String, Object> json(ScanSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", s.root());
        m.put("files", s.files());
        m.put("bytes", s.bytes());
        m.put("directories", s.directories());
        m.put("symlinks_skipped", s.symlinksSkipped());
        m.put("links_in_tree", s.linksInTree());
        m.put("vanished", s.vanished());
        m.put("unreadable", listing(s.unreadable()));
        Map<String, Object> formats = new LinkedHashMap<>();
        s.formats().forEach((k, v) -> formats.put(k, Map.of("files", v.count(), "bytes", v.bytes())));
        m.put("formats", formats);
        Map<String, Object> extensions = new LinkedHashMap<>();
        s.extensions().forEach((k, v) -> extensions.put(k, Map.of("files", v.count(), "bytes", v.bytes())));
        m.put("extensions", extensions);
        m.put("extension_mismatches", listing(s.extensionMismatches()));
        m.put(
                "largest",
                s.largest().stream()
                        .map(l -> Map.of("path", l.path(), "bytes", l.bytes()))
                        .toList());
        m.put("newest_modified", s.newest().map(Object::toString).orElse(null));
        m.put("suggested_tags", s.suggestedTags());
        m.put("rows", s.rows() < 0 ? null : s.rows());
        m.put("size_category", s.sizeCategory().orElse(null));
        m.put("elapsed_ms", s.elapsedMillis());
        m.put("threads", s.threads());
        return m;
    }

    private static Map<String, Object> listing(FirstFew l) {
        return Map.of("count", l.count(), "first", l.first());
    }

    private static void print(ScanSummary s, PrintWriter out) {
        out.println(s.root());
        out.printf("  files          %,d%n", s.files());
        out.printf("  bytes          %s (%,d bytes)%n", HumanBytes.format(s.bytes()), s.bytes());
        out.printf("  directories    %,d%n", s.directories());
        out.printf("  newest         %s%n", s.newest().map(Object::toString).orElse("(no files)"));
        if (s.linksInTree() > 0) {
            out.printf(
                    "  links          %,d inside the tree (not followed: their targets are counted once, where "
                            + "they are)%n",
                    s.linksInTree());
        }
        if (s.symlinksSkipped() > 0) {
            out.printf("  links skipped  %,d (out of the tree, into a loop, or dangling)%n", s.symlinksSkipped());
        }
        if (s.vanished() > 0) {
            out.printf("  vanished       %,d (removed while the scan ran)%n", s.vanished());
        }
        if (!s.formats().isEmpty()) {
            out.println();
            out.printf("  %-10s %12s %12s%n", "format", "files", "bytes");
            s.formats()
                    .forEach((k, v) -> out.printf("  %-10s %,12d %12s%n", k, v.count(), HumanBytes.format(v.bytes())));
            if (s.formats().containsKey("zarr")) {
                out.println("  (zarr counts stores, not the files inside them)");
            }
        }
        if (!s.largest().isEmpty()) {
            out.println();
            out.println("  largest files");
            s.largest().forEach(l -> out.printf("  %12s  %s%n", HumanBytes.format(l.bytes()), l.path()));
        }
        out.println();
        out.println(
                "  suggested tags " + (s.suggestedTags().isEmpty() ? "(none)" : String.join(", ", s.suggestedTags())));
        out.println(
                "  size category  "
                        + s.sizeCategory()
                                .map(c -> String.format("%s (%,d rows)", c, s.rows()))
                                .orElse(
                                        "(not suggested: rows are counted only when every data file is CSV, TSV, JSON Lines or Parquet)"));
        printListing(out, "unreadable", s.unreadable());
        printListing(out, "extension contradicts content", s.extensionMismatches());
        out.flush();
    }

    private static void printListing(PrintWriter out, String title, FirstFew l) {
        if (l.isEmpty()) {
            return;
        }
        out.println();
        out.printf("  %s: %,d%n", title, l.count());
        List<String> first = l.first();
        first.forEach(line -> out.println("    " + line));
        if (l.count() > first.size()) {
            out.printf("    ... and %,d more%n", l.count() - first.size());
        }
    }
}
