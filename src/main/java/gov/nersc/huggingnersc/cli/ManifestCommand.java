package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.FirstFew;
import gov.nersc.huggingnersc.api.ManifestBuild;
import gov.nersc.huggingnersc.api.ManifestResult;
import gov.nersc.huggingnersc.api.Shard;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code manifest NICKNAME}: path, size, mtime and sha256 of every data file, with a root digest. */
@Command(
        name = "manifest",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        subcommands = {
            ManifestMergeCommand.class,
            ManifestSlurmScriptCommand.class,
            ManifestStatusCommand.class,
            ManifestSubmitCommand.class
        },
        description = {
            "Write the manifest of an entry's data into its folder (NICKNAME_manifest.jsonl.gz: path, size, "
                    + "mtime and sha256 of every file, gzip-compressed JSON lines) and record its root digest, "
                    + "files and bytes in the entry's info JSON. A data path that is one file gets a manifest of "
                    + "that file, by its name.",
            "Incremental: files whose size and mtime did not change keep their hash. Past one node, run "
                    + "shards (--shard K/N) as a Slurm job array (see 'manifest slurm-script') and join them "
                    + "with 'manifest merge'. Never reads an HPSS (tape) path.",
            "On a terminal it shows the files and bytes hashed of the total, the percentage and the time left. "
                    + "Stopped by Ctrl-C or SIGTERM (a Slurm time limit), it leaves no temporary file and the previous "
                    + "manifest as it was; the next run removes what a SIGKILL left.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 written; 1 written, but some files were unreadable (listed) or the file system "
                    + "failed; 2 no such entry, a tape path, a data path that is gone, neither a folder nor a file, a "
                    + "link loop or cannot be listed, "
                    + "bad options.",
            "",
            "Examples:",
            "  huggingnersc manifest iris",
            "  huggingnersc manifest jetclass --shard 3/16 --quiet   # a Slurm array task",
            "  huggingnersc manifest merge jetclass"
        })
public final class ManifestCommand extends BaseCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NICKNAME", description = "The entry's nickname.")
    String nickname;

    @Option(
            names = "--shard",
            paramLabel = "K/N",
            description = "Hash only a stable K-th of N slices of the files into a part file beside the manifest "
                    + "(the entry is not updated; 'manifest merge' joins the parts).")
    String shard;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Threads walking and hashing, 1 to 1024 (default: the number of cores, and no more "
                    + "hashing than there are files to hash).")
    Integer threads;

    @Option(names = "--rehash-all", description = "Hash every file again, ignoring the previous manifest.")
    boolean rehashAll;

    @Override
    public Integer call() {
        if (nickname == null) {
            throw new InvalidInputException("manifest: NICKNAME is missing; give the entry's nickname, or a "
                    + "subcommand (merge, slurm-script)");
        }
        Shard slice = shard == null ? Shard.ALL : Shard.parse(shard);
        ManifestResult r = api().withScanProgress(TerminalProgress.forTerminal(err(), root().quiet(), "hashed"))
                .manifest(nickname, slice, Optional.ofNullable(threads), rehashAll);
        return report(this, r, nickname);
    }

    /** Prints what a build or a merge did; exit 1 when files were left out as unreadable. */
    static int report(BaseCommand c, ManifestResult r, String nickname) {
        ManifestBuild b = r.build();
        if (c.root().json()) {
            c.printJson(json(r, nickname));
        } else {
            print(c.out(), r, nickname);
        }
        return b.complete() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static Map<String, Object> json(ManifestResult r, String nickname) {
        ManifestBuild b = r.build();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nickname", nickname);
        m.put("manifest", b.manifest().toString());
        m.put("shard", b.header().shard().toString());
        m.put("root_digest", b.header().rootDigest());
        m.put("files", b.header().files());
        m.put("bytes", b.header().bytes());
        m.put("hashed", b.hashed());
        m.put("reused", b.reused());
        m.put("bytes_hashed", b.bytesHashed());
        m.put("vanished", b.vanished());
        m.put("unstable", b.unstable());
        m.put(
                "unreadable",
                Map.of("count", b.unreadable().count(), "first", b.unreadable().first()));
        m.put("recorded", r.recorded());
        m.put("elapsed_ms", b.elapsedMillis());
        m.put("threads", b.threads());
        return m;
    }

    private static void print(PrintWriter out, ManifestResult r, String nickname) {
        ManifestBuild b = r.build();
        boolean part = !b.header().shard().isAll();
        out.println((part ? "Manifest part " + b.header().shard() + " of " : "Manifest of ") + nickname + ": "
                + b.manifest());
        out.printf(
                "  files        %,d (%,d hashed, %,d unchanged)%n", b.header().files(), b.hashed(), b.reused());
        out.printf(
                "  bytes        %s (%,d bytes; %s read)%n",
                HumanBytes.format(b.header().bytes()), b.header().bytes(), HumanBytes.format(b.bytesHashed()));
        out.printf("  root digest  %s%n", b.header().rootDigest());
        out.println(
                r.recorded()
                        ? "  recorded in  " + r.entry().infoFileName()
                        : "  not recorded: run 'huggingnersc manifest merge " + nickname
                                + "' once every part is built");
        if (b.vanished() > 0) {
            out.printf("  vanished     %,d (removed while hashing; not in the manifest)%n", b.vanished());
        }
        if (b.unstable() > 0) {
            out.printf("  unstable     %,d (kept changing while hashed; recorded as last seen)%n", b.unstable());
        }
        printListing(out, "unreadable (not in the manifest)", b.unreadable());
        out.flush();
    }

    static void printListing(PrintWriter out, String title, FirstFew l) {
        if (l.isEmpty()) {
            return;
        }
        out.printf("  %s: %,d%n", title, l.count());
        l.first().forEach(line -> out.println("    " + line));
        if (l.count() > l.first().size()) {
            out.printf("    ... and %,d more%n", l.count() - l.first().size());
        }
    }
}
