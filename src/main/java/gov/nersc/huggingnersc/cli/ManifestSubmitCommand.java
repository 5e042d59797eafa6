package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.SlurmSubmission;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code manifest submit NICKNAME --tasks N}: writes the job-array script, submits it and its merge. */
@Command(
        name = "submit",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Write the script of 'manifest slurm-script' to a file, submit it with sbatch (from a login node), "
                    + "then submit the merge job (it waits for every task, and is cancelled if one fails); print both "
                    + "job ids. With --json: {script, array_job, merge_job}.",
            ""
        })
public final class ManifestSubmitCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "NICKNAME", description = "The entry's nickname.")
    String nickname;

    @Mixin
    SlurmOptions slurm;

    @Option(
            names = "--script",
            paramLabel = "FILE",
            description = "Where to write the batch script (default: manifest-NICKNAME.sh here).")
    Path script;

    @Override
    public Integer call() {
        Path file = script != null ? script : Path.of("manifest-" + nickname + ".sh");
        SlurmSubmission s = api().submitManifest(nickname, slurm.tasks, slurm.job(root().env()), file, sbatch());
        if (root().json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("script", s.script().toString());
            m.put("array_job", s.arrayJobId());
            m.put("merge_job", s.mergeJobId());
            printJson(m);
        } else {
            out().println("submitted job array " + s.arrayJobId() + " (" + slurm.tasks + " tasks, script " + s.script()
                    + ") and merge job " + s.mergeJobId() + " (after every task succeeds)");
            out().println("follow it: squeue --me; huggingnersc manifest status " + nickname);
            out().flush();
        }
        return ExitCodes.OK;
    }

    /** sbatch, found on this run's PATH. */
    private Path sbatch() {
        String path = root().env().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "sbatch");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new InvalidInputException("manifest submit: sbatch is not on PATH; run it on a Perlmutter login node, "
                + "or write the script with 'manifest slurm-script' and submit it there");
    }
}
