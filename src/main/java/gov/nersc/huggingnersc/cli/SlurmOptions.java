package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.SlurmJob;
import java.util.Map;
import picocli.CommandLine.Option;

/** The Slurm options that {@code manifest slurm-script} and {@code manifest submit} share. */
final class SlurmOptions {
    @Option(names = "--tasks", paramLabel = "N", required = true, description = "How many array tasks (shards).")
    int tasks;

    @Option(
            names = "--account",
            paramLabel = "A",
            description = "NERSC project to charge, e.g. m1234 (default: $SBATCH_ACCOUNT, else a placeholder sbatch "
                    + "refuses).")
    String account;

    @Option(
            names = "--time",
            paramLabel = "T",
            description =
                    "Time limit of each task (default: 02:00:00; 00:30:00, the most it allows, under --qos debug).")
    String time;

    @Option(
            names = "--qos",
            paramLabel = "Q",
            description = "Slurm QOS: regular, debug (30 min at most), shared (8 CPUs, 14G per task), ... "
                    + "(default: regular).")
    String qos;

    @Option(
            names = "--constraint",
            paramLabel = "C",
            description = "Slurm constraint (-C) of the nodes (default: cpu).")
    String constraint;

    @Option(
            names = "--command",
            paramLabel = "CMD",
            description = "How the compute nodes run this tool (default: java -jar with the absolute path of the jar "
                    + "this tool runs from; huggingnersc, found on PATH, when it runs from classes).")
    String command;

    @Option(
            names = "--module",
            paramLabel = "NAME/VERSION",
            description = "Environment module the tasks load, e.g. huggingnersc/1.4.0; they then run huggingnersc.")
    String module;

    /** The job these options ask for; the account defaults to {@code SBATCH_ACCOUNT} from {@code env}. */
    SlurmJob job(Map<String, String> env) {
        SlurmJob o = SlurmJob.defaults();
        String fromEnv = env.get("SBATCH_ACCOUNT");
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
        if (constraint != null) {
            o = o.withConstraint(constraint);
        }
        if (command != null) {
            o = o.withCommand(command);
        }
        if (module != null) {
            o = o.withModule(module);
        }
        return o;
    }
}
