package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.DataUploadRequest;
import gov.nersc.huggingnersc.api.DataUploadResult;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.HuggingNerscException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code upload-data NICKNAME}: pushes the data files themselves into the entry's Hub repo. */
@Command(
        name = "upload-data",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Upload an entry's data files into its Hub repo (under data/ by default) through LFS, parts in "
                    + "parallel, in commits of bounded files and bytes. Files the Hub already has are not sent "
                    + "again: after an interruption, run the same command to send only what is missing. Adds "
                    + "'configs' to the card so the Hub's dataset viewer finds CSV, JSON, Parquet, text, image "
                    + "and audio files. The entry must be published (upload-dataset) first.",
            "Files above the Hub's limits (50 GB per file, 100,000 files, 10,000 per folder) are refused "
                    + "before anything is sent.",
            "Stopped part-way (a failure, Ctrl-C, a Slurm time limit), it ends with one line saying so: run "
                    + "the same command again to resume.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 uploaded (or already there); 1 failed part-way (run it again); 2 not published, "
                    + "over a limit, bad options (nothing sent); 3 the repo moved underneath (run it again).",
            "",
            "Examples:",
            "  huggingnersc upload-data iris",
            "  huggingnersc upload-data jetclass --include 'val/*.h5' \\",
            "      --max-total-bytes 20G --dry-run"
        })
public final class UploadDataCommand extends BaseCommand {
    /** How a stopped upload ends: the one thing to do next. */
    static final String RESUME = "run the same command again to resume (what the Hub already has is not sent again)";

    @Parameters(index = "0", paramLabel = "NICKNAME", description = "The entry's nickname.")
    String nickname;

    @Option(
            names = "--include",
            paramLabel = "GLOB",
            description = "Upload only files whose path under the data path matches (repeatable; * crosses folders).")
    List<String> include = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out files that match (repeatable).")
    List<String> exclude = new ArrayList<>();

    @Option(
            names = "--max-total-bytes",
            paramLabel = "N",
            description = "Refuse when the selected files are bigger than N in all (bytes, or with K, M, G, T).")
    String maxTotalBytes;

    @Option(names = "--path-in-repo", paramLabel = "DIR", description = "Folder in the repo (default: data/).")
    String pathInRepo = DataUploadRequest.DATA_FOLDER;

    @Option(
            names = "--files-per-commit",
            paramLabel = "N",
            description = "At most N files in one commit (default: " + DataUploadRequest.FILES_PER_COMMIT + ").")
    int filesPerCommit = DataUploadRequest.FILES_PER_COMMIT;

    @Option(
            names = "--bytes-per-commit",
            paramLabel = "N",
            description = "At most N bytes in one commit (default: 10G; K, M, G, T allowed).")
    String bytesPerCommit = "10G";

    @Option(names = "--dry-run", description = "List what would be uploaded; contact nobody, change nothing.")
    boolean dryRun;

    @Mixin
    CommitFlags commitOptions;

    @Override
    public Integer call() {
        DataUploadRequest request = new DataUploadRequest(
                include,
                exclude,
                maxTotalBytes == null
                        ? OptionalLong.empty()
                        : OptionalLong.of(bytes("--max-total-bytes", maxTotalBytes)),
                pathInRepo,
                filesPerCommit,
                bytes("--bytes-per-commit", bytesPerCommit),
                dryRun,
                commitOptions.text());
        DataUploadResult r = resumable(
                () -> api().uploadData(nickname, request, UploadProgressLine.forTerminal(err(), root().quiet())),
                dryRun);
        if (root().json()) {
            printJson(json(r));
        } else {
            print(r);
        }
        return ExitCodes.OK;
    }

    /**
     * Runs an upload so that, stopped part-way, it ends with one line saying that running it again
     * resumes: a failure's message gets it; a signal (Ctrl-C, a Slurm time limit) prints it.
     */
    private DataUploadResult resumable(Supplier<DataUploadResult> upload, boolean dryRun) {
        if (dryRun) {
            return upload.get();
        }
        AtomicBoolean signalled = new AtomicBoolean();
        Thread stopped = new Thread(
                () -> {
                    signalled.set(true);
                    err().println((System.console() == null ? "" : "\r\033[K") + "upload-data " + nickname
                            + " interrupted: " + RESUME);
                    err().flush();
                },
                "upload-data-interrupted");
        Runtime.getRuntime().addShutdownHook(stopped);
        try {
            return upload.get();
        } catch (RuntimeException e) {
            if (signalled.get()) {
                awaitTheEnd(); // the JVM is ending and the hook said what to do: a failure now is the signal's, not
                // news
            }
            if (!(e instanceof HuggingNerscException h) || h.kind() == HuggingNerscException.Kind.INVALID_INPUT) {
                throw e; // a bug, or bad input: nothing was sent
            }
            String message = h.getMessage() + "; " + RESUME;
            throw h.kind() == HuggingNerscException.Kind.CONFLICT
                    ? new ConflictException(message, h)
                    : new OperationFailedException(message, h);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopped);
            } catch (IllegalStateException ending) {
                // the JVM is ending (a signal): the hook says so
            }
        }
    }

    /** Waits, while the shutdown hooks finish and the JVM halts. */
    private static void awaitTheEnd() {
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A byte count: digits, optionally followed by K, M, G or T (powers of 1024). */
    static long bytes(String option, String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replaceAll("I?B$", "");
        int shift = t.isEmpty()
                ? 0
                : switch (t.charAt(t.length() - 1)) {
                    case 'K' -> 10;
                    case 'M' -> 20;
                    case 'G' -> 30;
                    case 'T' -> 40;
                    default -> 0;
                };
        String digits = shift == 0 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n >= 0 && n <= (Long.MAX_VALUE >> shift)) {
                return n << shift;
            }
        } catch (NumberFormatException e) {
            // one message below
        }
        throw new InvalidInputException(
                option + " '" + text + "': not a size; give bytes, or a number with K, M, G " + "or T, e.g. 20G");
    }

    private void print(DataUploadResult r) {
        String name = r.entry().nickname();
        if (r.dryRun()) {
            out().printf(
                            "Dry run: would upload %s (%s) of %s to %s in %s%n",
                            MessageText.count(r.files().size(), "file"),
                            HumanBytes.format(r.bytes()),
                            name,
                            r.entry().repoId(),
                            MessageText.count(r.batches(), "commit"));
            r.files().stream()
                    .limit(20)
                    .forEach(f -> out().printf("  %10s  %s%n", HumanBytes.format(f.size()), f.pathInRepo()));
            if (r.files().size() > 20) {
                out().printf("  ... and %,d more%n", r.files().size() - 20);
            }
        } else if (r.commits().isEmpty()) {
            out().printf(
                            "%s: the Hub already holds %s (%s); nothing sent%n",
                            name,
                            r.files().size() == 1
                                    ? "the data file"
                                    : "all " + MessageText.count(r.files().size(), "data file"),
                            HumanBytes.format(r.bytes()));
        } else {
            out().printf(
                            "Uploaded %s (%s) of %s to %s in %s (%s sent through LFS)%n",
                            MessageText.count(r.files().size(), "data file"),
                            HumanBytes.format(r.bytes()),
                            name,
                            r.entry().repoId(),
                            MessageText.count(r.commits().size(), "commit"),
                            HumanBytes.format(r.lfsBytesSent()));
            out().println("  last commit    " + r.commits().get(r.commits().size() - 1));
        }
        out().println("  viewer         "
                + (r.viewerPatterns().isEmpty()
                        ? "no format the Hub's viewer reads"
                        : "configs: " + String.join(", ", r.viewerPatterns())));
        if (!r.notViewable().isEmpty()) {
            out().println("  not viewable   ." + String.join(", .", r.notViewable())
                    + " (stored, but the Hub's viewer cannot show them)");
        }
        out().flush();
    }

    private static Map<String, Object> json(DataUploadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nickname", r.entry().nickname());
        m.put("repo_id", r.entry().repoId().toString());
        m.put("dry_run", r.dryRun());
        m.put("files", r.files().size());
        m.put("bytes", r.bytes());
        m.put("batches", r.batches());
        m.put("commits", r.commits());
        m.put("lfs_bytes_sent", r.lfsBytesSent());
        m.put("viewer_patterns", r.viewerPatterns());
        m.put("not_viewable", r.notViewable());
        m.put(
                "paths",
                r.files().stream().map(DataUploadResult.DataFile::pathInRepo).toList());
        return m;
    }
}
