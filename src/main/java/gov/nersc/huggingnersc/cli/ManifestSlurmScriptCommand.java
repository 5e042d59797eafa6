package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.SlurmJob;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code manifest slurm-script NICKNAME --tasks N}: the Perlmutter job array that builds a manifest. */
@Command(name = "slurm-script", sortOptions = false, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    description = {
      "Print a Perlmutter batch script: a Slurm job array of N tasks, task i running 'huggingnersc "
          + "manifest NICKNAME --shard i+1/N', and a merge job that starts once every task succeeded. "
          + "With --json: {nickname, tasks, account, qos, constraint, time, command, script}.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  huggingnersc manifest slurm-script jetclass --tasks 16 --account m1234 \\",
      "      > manifest-jetclass.sh",
      "  sbatch manifest-jetclass.sh"
    })
public final class ManifestSlurmScriptCommand extends BaseCommand {

  @Parameters(index = "0", paramLabel = "NICKNAME", description = "The entry's nickname.")
  String nickname;

  @Option(names = "--tasks", paramLabel = "N", required = true, description = "How many array tasks (shards).")
  int tasks;

  @Option(names = "--account", paramLabel = "A",
      description = "NERSC project to charge, e.g. m1234 (default: $SBATCH_ACCOUNT, else a placeholder sbatch "
          + "refuses).")
  String account;

  @Option(names = "--time", paramLabel = "T", description = "Time limit of each task (default: 02:00:00; 00:30:00, the most it allows, under --qos debug).")
  String time;

  @Option(names = "--qos", paramLabel = "Q", description = "Slurm QOS: regular, debug (30 min at most), shared (8 CPUs, 14G per task), ... "
          + "(default: regular).")
  String qos;

  @Option(names = "--command", paramLabel = "CMD",
      description = "How the compute nodes run this tool (default: java -jar with the absolute path of the jar "
          + "this tool runs from; huggingnersc, found on PATH, when it runs from classes).")
  String command;

  @Option(names = "--module", paramLabel = "NAME/VERSION",
      description = "Environment module the tasks load, e.g. huggingnersc/1.4.0; they then run huggingnersc.")
  String module;

  @Override
  public Integer call() {
    SlurmJob o = SlurmJob.defaults();
    String fromEnv = System.getenv("SBATCH_ACCOUNT");
    if (account != null || (fromEnv != null && !fromEnv.isBlank())) {
      o = o.withAccount(account != null ? account : fromEnv);
    }
    if (time != null) {
      o = o.withTimeLimit(time);
    } else if ("debug".equals(qos)) {
      o = o.withTimeLimit(SlurmJob.DEBUG_TIME_LIMIT);
    }
    if (qos != null) {
      o = o.withQos(qos);
    }
    if (command != null) {
      o = o.withCommand(command);
    }
    if (module != null) {
      o = o.withModule(module);
    }
    String script = api().manifestSlurmScript(nickname, tasks, o);
    if (root().json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nickname", nickname);
      m.put("tasks", tasks);
      m.put("account", o.account().equals(SlurmJob.ACCOUNT_PLACEHOLDER) ? null : o.account());
      m.put("qos", o.qos());
      m.put("constraint", o.constraint());
      m.put("time", o.timeLimit());
      m.put("command", o.command());
      m.put("script", script);
      printJson(m);
    } else {
      out().print(script);
      out().flush();
    }
    return ExitCodes.OK;
  }
}
