package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.SlurmJob;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code manifest slurm-script NICKNAME --tasks N}: the Perlmutter job array that builds a manifest. */
@Command(
        name = "slurm-script",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
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

    @Mixin
    SlurmOptions slurm;

    @Override
    public Integer call() {
        SlurmJob o = slurm.job(root().env());
        int tasks = slurm.tasks;
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
