package gov.nersc.huggingnersc.scan;

import static gov.nersc.huggingnersc.scan.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nersc.huggingnersc.api.ManifestBuild;
import gov.nersc.huggingnersc.api.Shard;
import gov.nersc.huggingnersc.api.ShardProgress;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shard stopped part-way keeps what it hashed, and a re-run hashes only what is left. */
class ShardResumeTest {
    private static final int FILES = 60;

    @TempDir
    Path tmp;

    /** Sixty small files in three folders, and checkpoints after every entry. */
    @BeforeEach
    void checkpointAlways() {
        for (int i = 0; i < FILES; i++) {
            write(data().resolve("d" + (i % 3) + "/f" + i), "content " + i);
        }
        ShardCheckpoint.every = Duration.ZERO;
    }

    private Path data() {
        return tmp.resolve("data");
    }

    @AfterEach
    void restore() {
        ShardCheckpoint.every = Duration.ofMinutes(5);
        Manifest.Hashing.beforeHash = path -> {};
    }

    private static boolean partial(Path m) {
        try (ManifestReader r = ManifestReader.open(m)) {
            return r.partial();
        }
    }

    private void stopAfter(int files) {
        AtomicInteger seen = new AtomicInteger();
        Manifest.Hashing.beforeHash = path -> {
            if (seen.incrementAndGet() > files) {
                throw new IllegalStateException("stopped by the test after " + files + " files");
            }
        };
    }

    @Test
    void aStoppedShardResumesAndTheMergeEqualsAOneProcessManifest() throws IOException {
        Path data = data();
        Path manifest = tmp.resolve("catalog/iris/manifest.jsonl.gz");
        Path whole = tmp.resolve("one/manifest.jsonl.gz");
        Manifest.build(data, whole, Optional.empty(), Shard.ALL, 1);
        Shard first = Shard.parse("1/2");
        Shard second = Shard.parse("2/2");
        Path part1 = Manifest.partFile(manifest, first);
        Path part2 = Manifest.partFile(manifest, second);
        Manifest.build(data, part2, Optional.empty(), second, 1);

        stopAfter(7);
        assertThatThrownBy(() -> Manifest.build(data, part1, Optional.empty(), first, 1))
                .hasStackTraceContaining("stopped by the test");
        Manifest.Hashing.beforeHash = path -> {};

        assertThat(partial(part1)).isTrue();
        int saved = ManifestTest.entries(part1).size();
        assertThat(saved).isBetween(1, 7);
        assertThatThrownBy(() -> Manifest.merge(List.of(part1, part2), manifest))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shard 1/2) is partial")
                .hasMessageContaining("--shard 1/2");
        assertThat(manifest).doesNotExist();
        assertThat(Manifest.shardProgress(manifest))
                .isEqualTo(new ShardProgress(2, List.of(2), List.of(1), List.of(), false));
        assertThat(Manifest.shardProgress(manifest).tasksLeft()).isEqualTo("0");

        ManifestBuild resumed = Manifest.build(data, part1, Optional.of(part1), first, 2);
        long inShard = ManifestTest.entries(part1).size();
        assertThat(resumed.hashed()).isEqualTo(inShard - saved);
        assertThat(resumed.reused()).isEqualTo(saved);
        assertThat(partial(part1)).isFalse();

        Manifest.merge(List.of(part1, part2), manifest);
        assertThat(ManifestTest.entries(manifest)).isEqualTo(ManifestTest.entries(whole));
        assertThat(Manifest.readHeader(manifest).rootDigest())
                .isEqualTo(Manifest.readHeader(whole).rootDigest());
        try (Stream<Path> left = Files.list(manifest.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".body") || n.endsWith(".tmp"));
        }
    }

    /** SIGTERM (Slurm's warning before the time limit): the shard saves what it hashed, and leaves no temp files. */
    @Test
    void aShardStoppedBySigtermSavesItsProgress() throws Exception {
        Path part = Manifest.partFile(tmp.resolve("catalog/iris/manifest.jsonl.gz"), Shard.parse("1/2"));
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SlowShard.class.getName(),
                        data().toString(),
                        part.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            for (int i = 0; i < 10; i++) {
                assertThat(out.readLine()).as("the child hashes").isEqualTo("hashing");
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor()).isEqualTo(143);
        }

        assertThat(partial(part)).isTrue();
        long saved = ManifestTest.entries(part).size();
        assertThat(saved).isPositive();
        try (Stream<Path> left = Files.list(part.getParent())) {
            assertThat(left.map(f -> f.getFileName().toString()))
                    .containsExactly(part.getFileName().toString());
        }
        ManifestBuild resumed = Manifest.build(data(), part, Optional.of(part), Shard.parse("1/2"), 1);
        assertThat(resumed.reused()).isEqualTo(saved);
        assertThat(resumed.hashed()).isEqualTo(ManifestTest.entries(part).size() - saved);
    }

    /** A shard that hashes slowly, saying so before each file: the subject of the SIGTERM test. */
    static final class SlowShard {
        public static void main(String[] args) {
            ShardCheckpoint.every = Duration.ofHours(1); // only the signal saves
            Manifest.Hashing.beforeHash = path -> {
                System.out.println("hashing");
                System.out.flush();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            Manifest.build(Path.of(args[0]), Path.of(args[1]), Optional.empty(), Shard.parse("1/2"), 1);
        }
    }

    @Test
    void aWholeManifestIsNeverSavedHalfDone() {
        stopAfter(7);
        Path manifest = tmp.resolve("catalog/iris/manifest.jsonl.gz");
        assertThatThrownBy(() -> Manifest.build(data(), manifest, Optional.empty(), Shard.ALL, 1))
                .hasStackTraceContaining("stopped by the test");
        assertThat(manifest).doesNotExist();
    }
}
