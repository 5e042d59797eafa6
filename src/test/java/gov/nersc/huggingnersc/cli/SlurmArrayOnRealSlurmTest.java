package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.testing.LocalSlurm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code manifest slurm-script} writes, submitted to a real (one-node, localhost) Slurm: the
 * array tasks hash their shards, the merge waits for them, and the merged manifest is the one a
 * single process makes, byte for byte; {@code verify} then passes.
 */
class SlurmArrayOnRealSlurmTest {
    @TempDir
    Path home;

    LocalSlurm slurm;
    Path root;
    Path data;
    CliRunner cli;

    @BeforeEach
    void setUp() throws IOException, InterruptedException {
        slurm = LocalSlurm.start(home.resolve("slurm"));
        root = home.resolve("catalog");
        data = home.resolve("data");
        for (int d = 0; d < 6; d++) {
            Path dir = Files.createDirectories(data.resolve("part" + d));
            for (int f = 0; f < 40; f++) {
                Files.writeString(dir.resolve("f" + f + ".csv"), "x,y\n" + d + "," + f + "\n");
            }
        }
        cli = new CliRunner(home);
        CliRunner.Result made = run(
                "catalog-new-dataset",
                "Iris",
                "iris",
                "examples/iris/iris_loader.py",
                data.toString(),
                "none",
                "examples/iris/iris_metadata.json",
                "--no-push");
        assertThat(made.exitCode()).as(made.toString()).isZero();
    }

    @AfterEach
    void tearDown() {
        if (slurm != null) {
            slurm.close();
        }
    }

    private CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--catalog-root", root.toString()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    /** The tool as a compute node runs it: this test's JVM and class path, from an absolute path. */
    private Path tool() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path tool = home.resolve("bin/huggingnersc");
        Files.createDirectories(tool.getParent());
        Files.writeString(
                tool,
                "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path")
                        + "' gov.nersc.huggingnersc.cli.Main \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return tool;
    }

    /** The entry's manifest, unzipped, without the time it was written (not part of its digest). */
    private static String manifest(Path entry) throws IOException {
        try (Stream<Path> files = Files.list(entry)) {
            Path m = files.filter(f -> f.getFileName().toString().matches(".*manifest.*")
                            && !f.getFileName().toString().contains(".part-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no manifest in " + entry));
            try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(m))) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(text).contains("\"created\"");
                return text.replaceFirst("\"created\" *: *\"[^\"]*\"", "\"created\":\"\"");
            }
        }
    }

    @Test
    void theArrayAndItsMergeMakeTheManifestOneProcessMakes() throws Exception {
        CliRunner.Result script = run(
                "manifest",
                "slurm-script",
                "iris",
                "--tasks",
                "3",
                "--time",
                "00:05:00",
                "--qos",
                "debug",
                "--account",
                "m1234",
                "--command",
                tool().toString());
        assertThat(script.exitCode()).as(script.toString()).isZero();
        Path job = Files.writeString(home.resolve("manifest-iris.sh"), script.out());

        LocalSlurm.Result submitted = slurm.run(home, slurm.env(), "sbatch", "--parsable", job.toString());
        assertThat(submitted.exit()).as(submitted.out()).isZero();
        String array = submitted.out().strip().split(";")[0];
        slurm.awaitDone(Duration.ofMinutes(3), array);
        // the merge was submitted by task 0 with afterok on the array: wait for it too
        Matcher merge = Pattern.compile("(?m)^(\\d+)$").matcher(readLogs("manifest-iris-" + array + "_0."));
        List<String> merges = new ArrayList<>();
        while (merge.find()) {
            merges.add(merge.group(1));
        }
        assertThat(merges)
                .as("task 0 printed the merge job's id\n" + readLogs("manifest-iris"))
                .hasSize(1);
        slurm.awaitDone(Duration.ofMinutes(2), merges.get(0));
        assertThat(slurm.states(merges.get(0))).as(readLogs("manifest-iris")).containsOnly("COMPLETED");

        String merged = manifest(root.resolve("iris"));
        assertThat(merged.lines().count()).as("a header and every file").isEqualTo(241);
        CliRunner.Result verify = run("verify", "iris");
        assertThat(verify.exitCode()).as(verify.toString()).isZero();
        CliRunner.Result again = run("manifest", "iris", "--rehash-all");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(manifest(root.resolve("iris")))
                .as("one process makes the same manifest")
                .isEqualTo(merged);
    }

    /** The text of the job logs (in the submit folder) whose names start with {@code prefix}. */
    private String readLogs(String prefix) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(home)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix))
                    .sorted()
                    .toList()) {
                all.append("--- ").append(f.getFileName()).append('\n').append(Files.readString(f));
            }
        }
        return all.toString();
    }
}
