package gov.nersc.huggingnersc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Hub's official Python clients ({@code datasets}, {@code huggingface_hub}, with {@code h5py};
 * pinned in {@code src/test/python/requirements.txt}) as tests run them: {@code
 * target/pyenv/bin/python} on the scripts in {@code src/test/python/}. {@code require()} makes the
 * venv once ({@code src/test/python/make_venv.py}, which {@code .ci/run} also runs up front).
 * Without python3 and its venv module the calling test is skipped, except in CI (env {@code CI}
 * set), where it fails.
 *
 * <p>Every run gets a clean environment: {@code HF_ENDPOINT} is the hub under test (an address
 * nobody listens on when none is given, so nothing ever reaches huggingface.co), {@code HF_HOME}
 * and {@code HF_DATASETS_CACHE} are in a fresh temporary folder removed afterwards (no run sees
 * another's cache), telemetry is off, {@code HF_HUB_OFFLINE} is unset, and {@code HF_TOKEN} is set
 * only when given.
 *
 * <pre>{@code
 * OfficialPythonClient.Run r = OfficialPythonClient.require().hub(hub.url())
 *     .run(OfficialPythonClient.script("load_published.py"), Map.of(), "NERSC/iris");
 * }</pre>
 */
public final class OfficialPythonClient {
    /** What a run printed on stdout and stderr, and its exit status. */
    public record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Where the venv's python is, relative to the project. */
    private static final Path PYTHON = Path.of("target/pyenv/bin/python");
    /** The folder of the tests' Python scripts. */
    private static final Path SCRIPTS = Path.of("src/test/python");
    /** Discard port on loopback: a run given no hub fails fast instead of asking huggingface.co. */
    private static final String NO_HUB = "http://127.0.0.1:9";

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static boolean made;

    private final String endpoint;
    private final Optional<String> token;
    private final Duration timeout;

    private OfficialPythonClient(String endpoint, Optional<String> token, Duration timeout) {
        this.endpoint = endpoint;
        this.token = token;
        this.timeout = timeout;
    }

    /** The venv, made if missing; skips (or in CI fails) the test when python3 cannot make it. */
    public static synchronized OfficialPythonClient require() {
        if (!made) {
            make();
            made = true;
        }
        return new OfficialPythonClient(NO_HUB, Optional.empty(), TIMEOUT);
    }

    private static void make() {
        if (!onPath("python3")) {
            skipOrFail("python3 is not on PATH");
        }
        Path work = tempDir();
        try {
            // the caller's whole environment: pip reads its configuration (the package index) from HOME
            Run r = run(
                    List.of("python3", SCRIPTS.resolve("make_venv.py").toString()),
                    System.getenv(),
                    work,
                    Duration.ofMinutes(10));
            if (r.exit() == 3) {
                skipOrFail(r.err().strip());
            }
            assertThat(r.exit())
                    .as("src/test/python/make_venv.py failed:\n" + r)
                    .isZero();
        } finally {
            delete(work);
        }
    }

    private static void skipOrFail(String why) {
        if (System.getenv("CI") != null) {
            fail("the official Python clients are needed in CI, but " + why);
        }
        assumeTrue(false, why + ": the official Python client's run is skipped");
    }

    /** This client, pointed at the hub at {@code url} ({@code HF_ENDPOINT}). */
    public OfficialPythonClient hub(String url) {
        return new OfficialPythonClient(url, token, timeout);
    }

    /** This client, with {@code HF_TOKEN} set to {@code value}. */
    public OfficialPythonClient token(String value) {
        return new OfficialPythonClient(endpoint, Optional.of(value), timeout);
    }

    /** This client, killing a run that takes longer than {@code limit} (120 s by default). */
    public OfficialPythonClient timeout(Duration limit) {
        return new OfficialPythonClient(endpoint, token, limit);
    }

    /** A script of {@code src/test/python/}, by file name. */
    public static Path script(String name) {
        return SCRIPTS.resolve(name);
    }

    /** Runs {@code python SCRIPT ARGS...} with the clean environment plus {@code env}. */
    public Run run(Path script, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON.toAbsolutePath().toString(), script.toString()));
        command.addAll(List.of(args));
        return runClean(command, env);
    }

    /** Runs {@code python -c CODE ARGS...} with the clean environment plus {@code env}. */
    public Run run(String code, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON.toAbsolutePath().toString(), "-c", code));
        command.addAll(List.of(args));
        return runClean(command, env);
    }

    private Run runClean(List<String> command, Map<String, String> env) {
        Path home = tempDir();
        try {
            Map<String, String> clean = new HashMap<>();
            clean.put("PATH", PYTHON.toAbsolutePath().getParent() + File.pathSeparator + path());
            clean.put("HOME", home.toString());
            clean.put("LANG", "C.UTF-8");
            clean.put("HF_ENDPOINT", endpoint);
            clean.put("HF_HOME", home.resolve("hf").toString());
            clean.put("HF_DATASETS_CACHE", home.resolve("datasets-cache").toString());
            clean.put("HF_HUB_DISABLE_TELEMETRY", "1");
            clean.put("HF_HUB_DISABLE_PROGRESS_BARS", "1");
            clean.put("HF_DATASETS_DISABLE_PROGRESS_BARS", "1");
            // unbuffered, so a run killed at the timeout still shows how far it got
            clean.put("PYTHONUNBUFFERED", "1");
            clean.put("PYTHONDONTWRITEBYTECODE", "1");
            token.ifPresent(t -> clean.put("HF_TOKEN", t));
            clean.putAll(env);
            return run(command, clean, home, timeout);
        } finally {
            delete(home);
        }
    }

    /** Runs {@code command} in the project folder with exactly {@code env}; output goes through files in {@code work}. */
    private static Run run(List<String> command, Map<String, String> env, Path work, Duration timeout) {
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
                fail(describe(command) + " did not finish in " + timeout.toSeconds() + " s, and was killed:\n"
                        + new Run(-1, Files.readString(out), Files.readString(err)));
            }
            return new Run(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** The program and its script (or the first line of its code), without the arguments. */
    private static String describe(List<String> command) {
        String what = command.get(1).equals("-c")
                ? "-c " + command.get(2).lines().findFirst().orElse("")
                : command.get(1);
        return Path.of(command.get(0)).getFileName() + " " + what;
    }

    private static String path() {
        return System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("python-client");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless; the run's result is what matters
        }
    }

    private static boolean onPath(String program) {
        for (String d : path().split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
