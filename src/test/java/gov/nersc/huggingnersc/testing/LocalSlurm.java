package gov.nersc.huggingnersc.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A one-node Slurm on localhost, started without systemd for one test: {@code munged},
 * {@code slurmctld} and {@code slurmd} (Debian's packages) with a private {@code slurm.conf} and
 * key in a temporary folder, on free ports, no accounting. {@link #run} runs a Slurm client command
 * ({@code sbatch}, {@code squeue}, ...) against it; {@link #close} stops the daemons.
 *
 * <p>Without the packages the calling test is skipped, except in CI (env {@code CI} set), where it
 * fails: {@code .ci/run} installs them.
 */
public final class LocalSlurm implements AutoCloseable {
    private static final List<String> DAEMONS = List.of("munged", "slurmctld", "slurmd");
    private final Path dir;
    private final Path conf;
    private final List<Process> daemons = new ArrayList<>();

    private LocalSlurm(Path dir) {
        this.dir = dir;
        this.conf = dir.resolve("slurm.conf");
    }

    /** Starts a one-node Slurm in {@code dir}; skips the test when Slurm is not installed (outside CI). */
    public static LocalSlurm start(Path dir) throws IOException, InterruptedException {
        boolean installed = DAEMONS.stream().allMatch(d -> Files.isExecutable(Path.of("/usr/sbin", d)))
                && Files.isExecutable(Path.of("/usr/bin/sbatch"));
        if (System.getenv("CI") != null && !installed) {
            throw new IllegalStateException(
                    "CI must have Slurm: .ci/run installs slurmctld, slurmd, slurm-client, munge");
        }
        assumeTrue(installed, "Slurm (slurmctld, slurmd, slurm-client, munge) is not installed");
        LocalSlurm slurm = new LocalSlurm(Files.createDirectories(dir));
        try {
            slurm.startDaemons();
            slurm.awaitIdleNode();
        } catch (IOException | InterruptedException | RuntimeException e) {
            slurm.close();
            throw e;
        }
        return slurm;
    }

    private void startDaemons() throws IOException {
        Path munge = Files.createDirectories(
                dir.resolve("munge"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] key = new byte[128];
        new java.security.SecureRandom().nextBytes(key);
        Path keyFile = Files.write(munge.resolve("munge.key"), key);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(dir.resolve("state"));
        Files.createDirectories(dir.resolve("spool"));
        Files.writeString(conf, config(munge.resolve("sock")), StandardCharsets.UTF_8);
        daemons.add(daemon(
                "/usr/sbin/munged",
                "--foreground",
                "--force",
                "-S",
                munge.resolve("sock").toString(),
                "--key-file=" + keyFile,
                "--log-file=" + munge.resolve("log"),
                "--pid-file=" + munge.resolve("pid"),
                "--seed-file=" + munge.resolve("seed")));
        awaitFile(munge.resolve("sock"));
        daemons.add(daemon("/usr/sbin/slurmctld", "-D", "-f", conf.toString()));
        daemons.add(daemon("/usr/sbin/slurmd", "-D", "-f", conf.toString(), "-N", "localhost"));
    }

    private String config(Path mungeSocket) throws IOException {
        return String.join(
                "\n",
                "ClusterName=hn",
                "SlurmctldHost=localhost",
                "SlurmUser=" + System.getProperty("user.name"),
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "AuthType=auth/munge",
                "AuthInfo=socket=" + mungeSocket,
                "CredType=cred/munge",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("slurmd.log"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "MpiDefault=none",
                "ReturnToService=2",
                "SchedulerType=sched/backfill",
                "KillWait=5",
                "MaxArraySize=1001",
                "NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 Features=cpu State=UNKNOWN",
                "PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
                "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process daemon(String... command) throws IOException {
        String name = Path.of(command[0]).getFileName().toString();
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile());
        pb.environment().put("SLURM_CONF", conf.toString());
        return pb.start();
    }

    private static void awaitFile(Path file) throws IOException {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (!Files.exists(file)) {
            if (Instant.now().isAfter(until)) {
                throw new IOException(file + " did not appear: the daemon did not start");
            }
            sleep(100);
        }
    }

    private void awaitIdleNode() throws IOException, InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        String state = "";
        while (Instant.now().isBefore(until)) {
            Result r = run("sinfo", "-h", "-o", "%t");
            state = r.out().strip();
            if (r.exit() == 0 && state.equals("idle")) {
                return;
            }
            sleep(250);
        }
        throw new IOException("the Slurm node did not become idle (last state '" + state + "'); logs in " + dir);
    }

    /** What a client command printed and its exit code. */
    public record Result(int exit, String out) {}

    /** Runs a Slurm client command against this Slurm, in {@code cwd}, with {@code env} added. */
    public Result run(Path cwd, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().put("SLURM_CONF", conf.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    /** Runs a Slurm client command against this Slurm. */
    public Result run(String... command) throws IOException, InterruptedException {
        return run(dir, Map.of(), command);
    }

    /** The environment a client needs to reach this Slurm. */
    public Map<String, String> env() {
        return Map.of("SLURM_CONF", conf.toString());
    }

    /**
     * Waits until none of {@code jobs} (ids, as {@code squeue -j} takes them) is pending or running.
     *
     * @throws IOException when they are still there after {@code timeout}
     */
    public void awaitDone(Duration timeout, String... jobs) throws IOException, InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            Result r = run("squeue", "-h", "-j", String.join(",", jobs), "-o", "%i %T %r");
            if (r.exit() == 0 && r.out().isBlank()) {
                return;
            }
            sleep(500);
        }
        throw new IOException("jobs " + String.join(",", jobs) + " still queued after " + timeout + ":\n"
                + run("squeue", "-o", "%i %T %r").out());
    }

    /** The state Slurm's controller remembers for a finished job ({@code COMPLETED}, {@code TIMEOUT}, ...). */
    public Set<String> states(String job) throws IOException, InterruptedException {
        Result r = run("scontrol", "-o", "show", "job", job);
        Set<String> states = new java.util.TreeSet<>();
        for (String line : r.out().split("\n")) {
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("JobState=(\\S+)").matcher(line);
            if (m.find()) {
                states.add(m.group(1));
            }
        }
        return states;
    }

    /** The folder of its configuration, state and logs. */
    public Path dir() {
        return dir;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            run("scancel", "--full", "-u", System.getProperty("user.name")); // no job outlives its test
        } catch (IOException | InterruptedException | RuntimeException ignored) {
            // the daemons may not have started
        }
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process p = daemons.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
