package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.SlurmJob;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Perlmutter batch script of a sharded manifest: a Slurm job array whose task {@code i} runs
 * {@code huggingnersc manifest NICKNAME --shard $((i+1))/N}, and whose task 0 also submits the merge
 * as a second job that waits, with {@code --dependency=afterok:$SLURM_ARRAY_JOB_ID}, until every task
 * of the array has succeeded. Job arrays are how NERSC spreads per-file work over nodes; no home-made
 * scheduler is involved.
 */
public final class SlurmArrayScript {
  private static final Pattern NICKNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");
  private static final Pattern TIME = Pattern.compile("(\\d+-)?\\d{1,3}(:\\d{2}){0,2}");

  private SlurmArrayScript() {}

  /**
   * The script's text.
   *
   * @throws InvalidInputException when the nickname, task count, time limit or an option cannot be
   *     put in a batch script safely
   */
  public static String render(String nickname, int tasks, SlurmJob o) {
    check(nickname, tasks, o);
    String tool = quote(o.command()) + o.globalArgs().stream().map(a -> " " + quote(a)).reduce("", String::concat);
    StringBuilder s = new StringBuilder();
    header(s, nickname, tasks, tool);
    directives(s, "manifest-" + nickname, tasks, o);
    body(s, "manifest-" + nickname, nickname, tasks, o, tool);
    return s.toString();
  }

  private static void check(String nickname, int tasks, SlurmJob o) {
    List<String> problems = new ArrayList<>();
    if (nickname == null || !NICKNAME.matcher(nickname).matches()) {
      problems.add("nickname '" + nickname + "' is not allowed in a batch script; use letters, digits, '.', '_' and '-'");
    }
    if (tasks < 1 || tasks > 100_000) {
      problems.add("--tasks: " + tasks + " is not allowed; give 1 to 100000 array tasks");
    }
    if (!TIME.matcher(o.timeLimit()).matches()) {
      problems.add("--time: '" + o.timeLimit() + "' is not a Slurm time limit; give e.g. 02:00:00 or 1-00:00:00");
    }
    for (String[] field : new String[][] {{"--qos", o.qos()}, {"--constraint", o.constraint()}}) {
      if (!SAFE.matcher(field[1]).matches()) {
        problems.add(field[0] + ": '" + field[1] + "' is not allowed; use letters, digits and '-', '_'");
      }
    }
    if (!o.account().equals(SlurmJob.ACCOUNT_PLACEHOLDER) && !SAFE.matcher(o.account()).matches()) {
      problems.add("--account: '" + o.account() + "' is not allowed; use letters, digits and '_'");
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }

  private static void header(StringBuilder s, String nickname, int tasks, String tool) {
    s.append("#!/bin/bash\n");
    s.append("# Manifest of dataset ").append(nickname).append(", hashed by a Slurm job array of ")
        .append(tasks).append(" tasks on Perlmutter.\n");
    s.append("# Written by 'huggingnersc manifest slurm-script'. Submit it from a login node with:\n");
    s.append("#   sbatch THIS_FILE\n");
    s.append("# Task i hashes a stable 1/").append(tasks).append(" of the files (shard i+1/").append(tasks)
        .append(") into a part file next to the\n");
    s.append("# manifest. Task 0 also submits the merge job, which waits (afterok on the array job id) until\n");
    s.append("# every task has succeeded, then joins the parts into the manifest and its root digest.\n");
    s.append("# If a task fails, the merge never starts: rerun that task alone with\n");
    s.append("#   sbatch --array=I THIS_FILE\n");
    s.append("# and, once it succeeds, merge by hand:\n");
    s.append("#   ").append(tool).append(" manifest merge ").append(nickname).append('\n');
    s.append("# Rerunning is cheap: files whose size and mtime did not change keep their hash.\n");
  }

  private static void directives(StringBuilder s, String log, int tasks, SlurmJob o) {
    s.append("#SBATCH -J ").append(log).append('\n');
    s.append("#SBATCH -A ").append(o.account());
    if (o.account().equals(SlurmJob.ACCOUNT_PLACEHOLDER)) {
      s.append("   # replace with your NERSC project, e.g. m1234");
    }
    s.append('\n');
    s.append("#SBATCH -q ").append(o.qos()).append('\n');
    s.append("#SBATCH -C ").append(o.constraint()).append('\n');
    s.append("#SBATCH -N 1\n");
    s.append("#SBATCH -t ").append(o.timeLimit()).append('\n');
    s.append("#SBATCH --array=0-").append(tasks - 1).append('\n');
    s.append("#SBATCH -o ").append(log).append("-%A_%a.out\n");
  }

  private static void body(StringBuilder s, String log, String nickname, int tasks, SlurmJob o, String tool) {
    s.append("set -euo pipefail\n\n");
    s.append("if [[ \"${SLURM_ARRAY_TASK_ID}\" == 0 ]]; then\n");
    s.append("  sbatch --parsable -J ").append(log).append("-merge -A \"${SLURM_JOB_ACCOUNT}\" -q ").append(o.qos())
        .append(" -C ").append(o.constraint()).append(" -N 1 -t 00:30:00 \\\n");
    s.append("    --dependency=afterok:${SLURM_ARRAY_JOB_ID} -o ").append(log).append("-merge-%j.out \\\n");
    s.append("    --wrap \"").append(inDoubleQuotes(tool)).append(" manifest merge ").append(nickname)
        .append(" --quiet\"\n");
    s.append("fi\n\n");
    s.append(tool).append(" manifest ").append(nickname).append(" --shard $((SLURM_ARRAY_TASK_ID+1))/")
        .append(tasks).append(" --quiet\n");
  }

  /** Text as it must appear inside "..." to reach the wrapped shell unchanged. */
  private static String inDoubleQuotes(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`");
  }

  private static String quote(String arg) {
    return SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
