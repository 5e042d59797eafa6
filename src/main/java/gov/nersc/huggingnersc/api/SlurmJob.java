package gov.nersc.huggingnersc.api;

import java.util.List;

/**
 * What the manifest job-array script asks Slurm for.
 *
 * @param account the NERSC project to charge ({@code -A}); {@link #ACCOUNT_PLACEHOLDER} to fill in later
 * @param qos {@code -q}: regular, debug, shared, premium
 * @param constraint {@code -C}: cpu (hashing needs no GPU)
 * @param timeLimit {@code -t} of each array task, e.g. {@code 02:00:00}
 * @param command how to run the tool on the compute nodes, e.g. {@code huggingnersc} or a full path
 * @param globalArgs global options every run needs, e.g. {@code --catalog-root /global/cfs/...}
 * @param module an environment module the tasks load first, e.g. {@code huggingnersc/1.4.0}; empty for none
 */
public record SlurmJob(
        String account,
        String qos,
        String constraint,
        String timeLimit,
        String command,
        List<String> globalArgs,
        String module) {
    /** The account placeholder: {@code sbatch} refuses it, so nobody runs the script unedited by mistake. */
    public static final String ACCOUNT_PLACEHOLDER = "<account>";
    /** The longest time limit Perlmutter's debug QOS allows. */
    public static final String DEBUG_TIME_LIMIT = "00:30:00";
    /** The command when none is given: the tool as found on PATH (or as the module installs it). */
    public static final String DEFAULT_COMMAND = "huggingnersc";

    public SlurmJob {
        globalArgs = List.copyOf(globalArgs);
    }

    /** Regular CPU nodes, two hours per task, the account to be filled in, {@code huggingnersc}, no module. */
    public static SlurmJob defaults() {
        return new SlurmJob(ACCOUNT_PLACEHOLDER, "regular", "cpu", "02:00:00", DEFAULT_COMMAND, List.of(), "");
    }

    public SlurmJob withAccount(String a) {
        return new SlurmJob(a, qos, constraint, timeLimit, command, globalArgs, module);
    }

    public SlurmJob withTimeLimit(String t) {
        return new SlurmJob(account, qos, constraint, t, command, globalArgs, module);
    }

    public SlurmJob withQos(String q) {
        return new SlurmJob(account, q, constraint, timeLimit, command, globalArgs, module);
    }

    public SlurmJob withConstraint(String c) {
        return new SlurmJob(account, qos, c, timeLimit, command, globalArgs, module);
    }

    public SlurmJob withCommand(String c) {
        return new SlurmJob(account, qos, constraint, timeLimit, c, globalArgs, module);
    }

    public SlurmJob withGlobalArgs(List<String> args) {
        return new SlurmJob(account, qos, constraint, timeLimit, command, args, module);
    }

    public SlurmJob withModule(String m) {
        return new SlurmJob(account, qos, constraint, timeLimit, command, globalArgs, m);
    }
}
