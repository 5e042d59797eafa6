package gov.nersc.huggingnersc.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the CLI in-process with a controlled environment: a temporary HOME and HUGGINGNERSC_HOME,
 * no Hub token unless the test gives one, and captured stdout and stderr.
 */
public final class CliRunner {
    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";

    public CliRunner(Path home) {
        env.put("HOME", home.toString());
        env.put("HUGGINGNERSC_HOME", home.resolve(".huggingnersc").toString());
        env.put("HF_HOME", home.resolve(".hf").toString());
    }

    public CliRunner env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public CliRunner stdin(String text) {
        this.stdin = text;
        return this;
    }

    public Map<String, String> env() {
        return env;
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(
                Map.copyOf(env),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Starts the CLI in a JVM of its own (a second process, as a second steward's would be), on this
     * test's classpath, with only this runner's environment; its stdout and stderr go to {@code log}.
     */
    public Process spawn(Path log, String... args) throws java.io.IOException {
        // surefire's own java.class.path may be a manifest-only jar; that works too, but the list is plainer
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                classpath,
                Main.class.getName()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** What a run printed and how it ended. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
