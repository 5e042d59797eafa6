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
    /** Perlmutter's debug QOS runs jobs of 30 minutes at most. */
    static final int DEBUG_LIMIT_SECONDS = 30 * 60;
    /** Slurm's default {@code MaxArraySize}, and Perlmutter's: array indices 0 to 1000. */
    static final int DEFAULT_MAX_ARRAY_SIZE = 1001;
    /** Perlmutter's shared QOS: the CPUs, memory, hashing threads and Java heap of one task. */
    static final int SHARED_CPUS = 8;

    static final String SHARED_MEM = "14G";
    static final String SHARED_HEAP = "-Xmx8g";

    private SlurmArrayScript() {}

    /**
     * The script's text.
     *
     * @throws InvalidInputException when the nickname, task count, time limit or an option cannot be
     *     put in a batch script safely
     */
    public static String render(String nickname, int tasks, SlurmJob o) {
        return render(nickname, tasks, o, maxArraySize());
    }

    /** As {@link #render(String, int, SlurmJob)}, for a cluster whose job arrays hold at most {@code maxArraySize}. */
    static String render(String nickname, int tasks, SlurmJob o, int maxArraySize) {
        check(nickname, tasks, o, maxArraySize);
        String tool = tool(o);
        StringBuilder s = new StringBuilder();
        header(s, nickname, tasks, tool);
        directives(s, "manifest-" + nickname, tasks, o);
        body(s, "manifest-" + nickname, nickname, tasks, o, tool);
        return s.toString();
    }

    private static String tool(SlurmJob o) {
        return quote(o.command())
                + o.globalArgs().stream().map(a -> " " + quote(a)).reduce("", String::concat);
    }

    /**
     * The {@code sbatch} arguments of the merge job of array job {@code arrayJobId}, as {@code manifest
     * submit} sends them from the login node (the script's task 0 then submits none).
     */
    public static List<String> mergeJob(String nickname, SlurmJob o, String arrayJobId) {
        String log = "manifest-" + nickname;
        return List.of(
                "--parsable",
                "-J",
                log + "-merge",
                "-A",
                o.account(),
                "-q",
                "shared",
                "-C",
                o.constraint(),
                "-c",
                "1",
                "-t",
                "00:10:00",
                "--dependency=afterok:" + arrayJobId,
                "--kill-on-invalid-dep=yes",
                "-o",
                log + "-merge-%j.out",
                "--wrap",
                tool(o) + " manifest merge " + nickname + " --quiet");
    }

    /** Set by {@code manifest submit}, which submits the merge itself. */
    public static final String MERGE_SUBMITTED = "HUGGINGNERSC_MERGE_SUBMITTED";

    private static void check(String nickname, int tasks, SlurmJob o, int maxArraySize) {
        List<String> problems = new ArrayList<>();
        if (nickname == null || !NICKNAME.matcher(nickname).matches()) {
            problems.add("nickname '" + nickname
                    + "' is not allowed in a batch script; use letters, digits, '.', '_' and '-'");
        }
        if (tasks < 1 || tasks > maxArraySize) {
            problems.add("--tasks: " + tasks + " is not allowed; give 1 to " + maxArraySize
                    + " array tasks (the cluster's MaxArraySize is " + maxArraySize + ")");
        }
        if (!TIME.matcher(o.timeLimit()).matches()) {
            problems.add("--time: '" + o.timeLimit() + "' is not a Slurm time limit; give e.g. 02:00:00 or 1-00:00:00");
        } else if (o.qos().equals("debug") && seconds(o.timeLimit()) > DEBUG_LIMIT_SECONDS) {
            problems.add("--time: " + o.timeLimit() + " is over the debug QOS limit of 00:30:00 on Perlmutter; give "
                    + "--time 00:30:00 or less, or --qos regular");
        }
        for (String[] field : new String[][] {{"--qos", o.qos()}, {"--constraint", o.constraint()}}) {
            if (!SAFE.matcher(field[1]).matches()) {
                problems.add(field[0] + ": '" + field[1] + "' is not allowed; use letters, digits and '-', '_'");
            }
        }
        if (!o.module().isEmpty() && !SAFE.matcher(o.module()).matches()) {
            problems.add("--module: '" + o.module() + "' is not allowed; give NAME/VERSION, e.g. huggingnersc/1.4.0");
        }
        if (!o.account().equals(SlurmJob.ACCOUNT_PLACEHOLDER)
                && !SAFE.matcher(o.account()).matches()) {
            problems.add("--account: '" + o.account() + "' is not allowed; use letters, digits and '_'");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** The seconds of a Slurm time limit: M, M:S, H:M:S, D-H, D-H:M or D-H:M:S. */
    static long seconds(String time) {
        int dash = time.indexOf('-');
        long days = dash < 0 ? 0 : Long.parseLong(time.substring(0, dash));
        long[] v = java.util.Arrays.stream(time.substring(dash + 1).split(":"))
                .mapToLong(Long::parseLong)
                .toArray();
        long s;
        if (dash >= 0) {
            s = v[0] * 3600 + (v.length > 1 ? v[1] * 60 : 0) + (v.length > 2 ? v[2] : 0);
        } else {
            s = v.length == 1 ? v[0] * 60 : v.length == 2 ? v[0] * 60 + v[1] : v[0] * 3600 + v[1] * 60 + v[2];
        }
        return days * 86_400 + s;
    }

    /**
     * The cluster's {@code MaxArraySize}, from {@code scontrol show config} when Slurm answers, else
     * {@link #DEFAULT_MAX_ARRAY_SIZE}.
     */
    static int maxArraySize() {
        try {
            Process p = new ProcessBuilder("scontrol", "show", "config")
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0) {
                java.util.regex.Matcher m =
                        Pattern.compile("(?m)^MaxArraySize\\s*=\\s*(\\d+)").matcher(out);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            p.destroy();
        } catch (java.io.IOException e) {
            // no Slurm here: Perlmutter's value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_MAX_ARRAY_SIZE;
    }

    private static void header(StringBuilder s, String nickname, int tasks, String tool) {
        s.append("#!/bin/bash\n");
        s.append("# Manifest of dataset ")
                .append(nickname)
                .append(", hashed by a Slurm job array of ")
                .append(tasks)
                .append(" tasks on Perlmutter.\n");
        s.append("# Written by 'huggingnersc manifest slurm-script'. Submit it from a login node with:\n");
        s.append("#   sbatch THIS_FILE\n");
        s.append("# Task i hashes a stable 1/")
                .append(tasks)
                .append(" of the files (shard i+1/")
                .append(tasks)
                .append(") into a part file next to the\n");
        s.append("# manifest, saving its progress every few minutes and when Slurm signals the time limit (TERM,\n");
        s.append(
                "# 120 s before): a rerun of a task continues where it stopped. Once its own shard is saved, task 0\n");
        s.append("# submits the merge, a small shared job that waits (afterok on the array job id) until every task\n");
        s.append("# has succeeded, then joins the parts into the manifest and its root digest.\n");
        s.append(
                "# If a task fails, Slurm cancels the merge (--kill-on-invalid-dep=yes): rerun that task alone with\n");
        s.append("#   sbatch --array=I THIS_FILE\n");
        s.append("# and, once it succeeds, merge by hand:\n");
        s.append("#   ")
                .append(tool)
                .append(" manifest merge ")
                .append(nickname)
                .append('\n');
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
        if (o.qos().equals("shared")) {
            s.append("#SBATCH -c ").append(SHARED_CPUS).append('\n');
            s.append("#SBATCH --mem=").append(SHARED_MEM).append('\n');
        } else {
            s.append("#SBATCH -N 1\n");
        }
        s.append("#SBATCH -t ").append(o.timeLimit()).append('\n');
        s.append("#SBATCH --signal=B:TERM@120\n");
        s.append("#SBATCH --array=0-").append(tasks - 1).append('\n');
        s.append("#SBATCH -o ").append(log).append("-%A_%a.out\n");
    }

    private static void body(StringBuilder s, String log, String nickname, int tasks, SlurmJob o, String tool) {
        s.append("set -euo pipefail\n\n");
        preflight(s, o);
        String threads = "";
        if (o.qos().equals("shared")) {
            s.append("export JAVA_TOOL_OPTIONS=\"").append(SHARED_HEAP).append(" ${JAVA_TOOL_OPTIONS:-}\"\n");
            threads = " --threads " + SHARED_CPUS;
        }
        s.append("# the tool runs in the background so that the shell can pass on Slurm's TERM: it saves, then ends\n");
        s.append(tool)
                .append(" manifest ")
                .append(nickname)
                .append(" --shard $((SLURM_ARRAY_TASK_ID+1))/")
                .append(tasks)
                .append(threads)
                .append(" --quiet &\n");
        s.append("pid=$!\n");
        s.append("trap 'kill -TERM \"$pid\" 2>/dev/null || true; wait \"$pid\" || true; exit 143' TERM\n");
        s.append("wait \"$pid\"\n");
        s.append("trap - TERM\n\n");
        s.append("if [[ \"${SLURM_ARRAY_TASK_ID}\" == 0 && -z \"${")
                .append(MERGE_SUBMITTED)
                .append(":-}\" ]]; then\n");
        s.append("  # this task's shard is saved; a failed submission leaves it so (merge by hand, see above)\n");
        s.append("  if ! sbatch --parsable -J ")
                .append(log)
                .append("-merge -A \"${SLURM_JOB_ACCOUNT}\" -q shared -C ")
                .append(o.constraint())
                .append(" -c 1 -t 00:10:00 \\\n");
        s.append("    --dependency=afterok:${SLURM_ARRAY_JOB_ID} --kill-on-invalid-dep=yes -o ")
                .append(log)
                .append("-merge-%j.out \\\n");
        s.append("    --wrap \"")
                .append(inDoubleQuotes(tool))
                .append(" manifest merge ")
                .append(nickname)
                .append(" --quiet\"; then\n");
        s.append("    echo \"could not submit the merge job; once every task has succeeded, run: ")
                .append(inDoubleQuotes(tool))
                .append(" manifest merge ")
                .append(nickname)
                .append("\" >&2\n");
        s.append("  fi\n");
        s.append("fi\n");
    }

    /**
     * Loads the module, if any, then checks that the fixed command is there (and, for a jar, that Java
     * is 17 or later): a task fails at once, in one line, rather than building or guessing.
     */
    private static void preflight(StringBuilder s, SlurmJob o) {
        String fail = "{ echo \"huggingnersc on $(hostname): ";
        if (!o.module().isEmpty()) {
            s.append("module load ").append(o.module()).append('\n');
        }
        List<String> g = o.globalArgs();
        if (o.command().equals("java") && g.size() >= 2 && g.get(0).equals("-jar")) {
            s.append("command -v java >/dev/null || ")
                    .append(fail)
                    .append("no java on PATH; load Java 17 or later\" >&2; ")
                    .append("exit 1; }\n");
            s.append("java_major=$(java -version 2>&1 | sed -n '1s/.*version \"\\([0-9]*\\).*/\\1/p')\n");
            s.append("[[ \"${java_major:-0}\" -ge 17 ]] || ")
                    .append(fail)
                    .append(
                            "Java 17 or later is needed, $(command -v java) is ${java_major:-unknown}\" >&2; exit 1; }\n");
            s.append("[[ -f ")
                    .append(quote(g.get(1)))
                    .append(" ]] || ")
                    .append(fail)
                    .append(inDoubleQuotes(g.get(1)))
                    .append(
                            " is missing; build or install the tool on a login node, then resubmit\" >&2; exit 1; }\n\n");
        } else if (o.command().contains("/")) {
            s.append("[[ -x ")
                    .append(quote(o.command()))
                    .append(" ]] || ")
                    .append(fail)
                    .append(inDoubleQuotes(o.command()))
                    .append(" is not an executable file\" >&2; exit 1; }\n\n");
        } else {
            s.append("command -v ")
                    .append(quote(o.command()))
                    .append(" >/dev/null || ")
                    .append(fail)
                    .append(inDoubleQuotes(o.command()))
                    .append(" is not on PATH; give --command or --module\" >&2; ")
                    .append("exit 1; }\n\n");
        }
    }

    /** Text as it must appear inside "..." to reach the wrapped shell unchanged. */
    private static String inDoubleQuotes(String text) {
        return text.replace("\\", "\\\\")
                .replace("\"", "\\\"")
                .replace("$", "\\$")
                .replace("`", "\\`");
    }

    private static String quote(String arg) {
        return SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
