package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.SlurmJob;
import gov.nersc.huggingnersc.api.SlurmSubmission;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.scan.SlurmArrayScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@link HuggingNersc#submitManifest}: writes the job-array script, submits it, then its merge job. */
final class SlurmSubmit {
    private final Context ctx;

    SlurmSubmit(Context ctx) {
        this.ctx = ctx;
    }

    SlurmSubmission submit(String nickname, int tasks, SlurmJob options, Path script, Path sbatch) {
        if (options.account().equals(SlurmJob.ACCOUNT_PLACEHOLDER)) {
            throw new InvalidInputException(
                    "--account: none given; give your NERSC project (e.g. m1234) or set " + "SBATCH_ACCOUNT");
        }
        DataLinking linking = new DataLinking(ctx);
        String text = linking.manifestSlurmScript(nickname, tasks, options);
        SlurmJob job = linking.slurmJob(options);
        try {
            Files.writeString(script, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OperationFailedException("cannot write " + script + ": " + e.getMessage(), e);
        }
        String array = run(
                sbatch,
                List.of("--parsable", "--export=ALL," + SlurmArrayScript.MERGE_SUBMITTED + "=1", script.toString()),
                "the job array");
        String merge = run(
                sbatch,
                SlurmArrayScript.mergeJob(nickname, job, array),
                "the merge job (array job " + array
                        + " is submitted; once it succeeds, run: huggingnersc manifest merge " + nickname + ")");
        return new SlurmSubmission(script, array, merge);
    }

    /** Runs sbatch; its job id (the part of {@code --parsable}'s output before any {@code ;cluster}). */
    private static String run(Path sbatch, List<String> args, String what) {
        List<String> cmd = new ArrayList<>(List.of(sbatch.toString()));
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int rc = p.waitFor();
            String id = out.lines().reduce((a, b) -> b).orElse("").split(";")[0].strip();
            if (rc != 0 || !id.matches("\\d+(_\\d+)?")) {
                throw new OperationFailedException("sbatch refused " + what + " (exit " + rc + "): " + out);
            }
            return id;
        } catch (IOException e) {
            throw new OperationFailedException("cannot run " + sbatch + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while submitting " + what, e);
        }
    }
}
