package gov.nersc.huggingnersc.scan;

import static gov.nersc.huggingnersc.scan.TestTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nersc.huggingnersc.api.ManifestBuild;
import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.api.Shard;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @TempDir
    Path tmp;

    Path data;
    Path manifest;

    @BeforeEach
    void tree() {
        data = tmp.resolve("data");
        manifest = tmp.resolve("catalog/iris/manifest.jsonl.gz");
        write(data.resolve("iris.csv"), "a,b\n1,2\n");
        write(data.resolve("raw/x.h5"), TestTrees.hdf5(0, 4096));
        write(data.resolve("raw/y.bin"), new byte[3 << 20]); // several 1 MiB blocks
        write(data.resolve("odd \"name\"\twith\ttabs\nand newline.txt"), "odd");
        write(data.resolve("ünï/çødé.txt"), "unicode");
        for (int i = 0; i < 40; i++) {
            write(data.resolve("many/f" + i), "content " + i);
        }
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    static List<ManifestEntry> entries(Path m) {
        List<ManifestEntry> out = new ArrayList<>();
        try (ManifestReader r = ManifestReader.open(m)) {
            r.forEachRemaining(out::add);
        }
        return out;
    }

    /** The decompressed lines of a manifest file, read with the JDK alone. */
    private static List<String> lines(Path m) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(m))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /**
     * A manifest knows its total once the walk is over: every report says it, and the part done;
     * the last is whole. A re-run reads nothing, yet is whole too: unchanged files count as done.
     */
    @Test
    void progressReportsTheTotalThePartDoneAndTheTimeLeft() {
        List<ScanProgress> first = new java.util.concurrent.CopyOnWriteArrayList<>();
        Manifest.build(data, manifest, Optional.empty(), Shard.ALL, 2, first::add);

        long files = 45;
        long bytes = totalBytes(data);
        assertThat(first).isNotEmpty().allSatisfy(p -> {
            assertThat(p.totalFiles()).isEqualTo(files);
            assertThat(p.totalBytes()).isEqualTo(bytes);
            assertThat(p.fraction()).isPresent();
        });
        ScanProgress last = first.get(first.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.files()).isEqualTo(files);
        assertThat(last.bytes()).isEqualTo(bytes);
        assertThat(last.fraction()).hasValue(1.0);
        assertThat(last.timeLeft()).hasValue(java.time.Duration.ZERO);

        List<ScanProgress> again = new java.util.concurrent.CopyOnWriteArrayList<>();
        Manifest.build(data, manifest, Optional.of(manifest), Shard.ALL, 2, again::add);
        ScanProgress whole = again.get(again.size() - 1);
        assertThat(whole.bytes()).as("nothing read").isZero();
        assertThat(whole.bytesUnchanged()).isEqualTo(bytes);
        assertThat(whole.files()).isEqualTo(files);
        assertThat(whole.fraction()).hasValue(1.0);
    }

    private static long totalBytes(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Threads from the work: one per core but no more than files, unless asked; the pool starts no more. */
    @Test
    void hashesOnTheThreadsChosenFromTheWorkOrAsked() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(DataScanner.threadsFor(Optional.empty(), 0)).isEqualTo(1);
        assertThat(DataScanner.threadsFor(Optional.empty(), 1)).isEqualTo(1);
        assertThat(DataScanner.threadsFor(Optional.empty(), 1_000_000)).isEqualTo(cores);
        assertThat(DataScanner.threadsFor(Optional.of(7), 1)).as("asked wins").isEqualTo(7);

        java.util.Set<String> hashers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.function.Consumer<String> before = Manifest.Hashing.beforeHash;
        Manifest.Hashing.beforeHash = path -> hashers.add(Thread.currentThread().getName());
        try {
            ManifestBuild asked = Manifest.build(
                    data, manifest, Optional.empty(), Shard.ALL, Optional.of(1), ScanProgress.Listener.NONE);
            assertThat(asked.threads()).isEqualTo(1);
            assertThat(hashers).hasSize(1);
            hashers.clear();
            Path one = tmp.resolve("one.jsonl.gz");
            ManifestBuild oneFile = Manifest.build(
                    data.resolve("raw/y.bin"),
                    one,
                    Optional.empty(),
                    Shard.ALL,
                    Optional.empty(),
                    ScanProgress.Listener.NONE);
            assertThat(oneFile.threads()).isEqualTo(1);
            assertThat(hashers).hasSize(1);
            ManifestBuild all = Manifest.build(
                    data, manifest, Optional.empty(), Shard.ALL, Optional.empty(), ScanProgress.Listener.NONE);
            assertThat(all.threads()).isEqualTo(Math.min(cores, all.header().files()));
            assertThat(all.header().rootDigest()).isEqualTo(asked.header().rootDigest());
        } finally {
            Manifest.Hashing.beforeHash = before;
        }
    }

    @Test
    void listsEveryFileWithSizeMtimeAndSha256SortedByPath() throws Exception {
        ManifestBuild b = Manifest.build(data, manifest, Optional.empty(), Shard.ALL, 3);

        List<ManifestEntry> es = entries(manifest);
        assertThat(es).hasSize(45);
        assertThat(b.header().files()).isEqualTo(45);
        assertThat(b.hashed()).isEqualTo(45);
        assertThat(b.reused()).isZero();
        assertThat(es)
                .extracting(ManifestEntry::path)
                .isSortedAccordingTo(ManifestEntry.PATH_ORDER)
                .contains("iris.csv", "raw/x.h5", "ünï/çødé.txt", "odd \"name\"\twith\ttabs\nand newline.txt");
        ManifestEntry y = es.stream()
                .filter(e -> e.path().equals("raw/y.bin"))
                .findFirst()
                .orElseThrow();
        assertThat(y.size()).isEqualTo(3 << 20);
        assertThat(y.sha256()).isEqualTo(sha256(new byte[3 << 20]));
        assertThat(y.mtime())
                .isEqualTo(Files.getLastModifiedTime(data.resolve("raw/y.bin")).toMillis());
        assertThat(b.header().bytes())
                .isEqualTo(es.stream().mapToLong(ManifestEntry::size).sum());
        assertThat(b.header().root()).isEqualTo(data.toRealPath().toString());
    }

    @Test
    void theRootDigestIsTheSha256OfTheEntryLinesAsStored() throws Exception {
        ManifestBuild b = Manifest.build(data, manifest, Optional.empty(), Shard.ALL, 2);

        List<String> lines = lines(manifest);
        assertThat(lines.get(0)).startsWith("{\"format\":\"huggingnersc-manifest\",\"version\":1,");
        StringBuilder body = new StringBuilder();
        lines.subList(1, lines.size()).forEach(l -> body.append(l).append('\n'));
        assertThat(b.header().rootDigest())
                .isEqualTo("sha256:" + sha256(body.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(Manifest.readHeader(manifest)).isEqualTo(b.header());
        assertThat(lines)
                .contains("{\"path\":\"odd \\\"name\\\"\\u0009with\\u0009tabs\\u000aand newline.txt\","
                        + "\"size\":3,\"mtime\":"
                        + Files.getLastModifiedTime(data.resolve("odd \"name\"\twith\ttabs\nand newline.txt"))
                                .toMillis()
                        + ",\"sha256\":\"" + sha256("odd".getBytes(StandardCharsets.UTF_8)) + "\"}");
    }

    @Test
    void anUnchangedSizeAndMtimeKeepsTheOldHashAndANewMtimeRehashes() throws Exception {
        Manifest.build(data, manifest, Optional.empty(), Shard.ALL, 2);
        Path iris = data.resolve("iris.csv");
        String before = find(entries(manifest), "iris.csv").sha256();
        FileTime mtime = Files.getLastModifiedTime(iris);

        // same size, same mtime, other content: the manifest cannot tell, and keeps the hash (the point)
        Files.writeString(iris, "x,y\n3,4\n");
        Files.setLastModifiedTime(iris, mtime);
        ManifestBuild again = Manifest.build(data, manifest, Optional.of(manifest), Shard.ALL, 2);
        assertThat(again.hashed()).isZero();
        assertThat(again.reused()).isEqualTo(45);
        assertThat(find(entries(manifest), "iris.csv").sha256()).isEqualTo(before);

        // a new mtime: hashed again, and only that file
        Files.setLastModifiedTime(iris, FileTime.fromMillis(mtime.toMillis() + 5_000));
        ManifestBuild third = Manifest.build(data, manifest, Optional.of(manifest), Shard.ALL, 2);
        assertThat(third.hashed()).isEqualTo(1);
        assertThat(find(entries(manifest), "iris.csv").sha256()).isEqualTo(sha256("x,y\n3,4\n".getBytes()));
    }

    @Test
    void newAndRemovedFilesAreHandledIncrementally() throws Exception {
        Manifest.build(data, manifest, Optional.empty(), Shard.ALL, 2);
        Files.delete(data.resolve("many/f3"));
        write(data.resolve("many/zz-new"), "new");
        ManifestBuild b = Manifest.build(data, manifest, Optional.of(manifest), Shard.ALL, 2);

        assertThat(b.hashed()).isEqualTo(1);
        assertThat(b.reused()).isEqualTo(44);
        assertThat(entries(manifest))
                .extracting(ManifestEntry::path)
                .contains("many/zz-new")
                .doesNotContain("many/f3");
    }

    @Test
    void shardsAreDisjointAndTheirMergeIsTheFullManifest() throws Exception {
        ManifestBuild full = Manifest.build(data, manifest, Optional.empty(), Shard.ALL, 2);
        List<ManifestEntry> all = entries(manifest);
        Path merged = tmp.resolve("other/manifest.jsonl.gz");

        List<ManifestEntry> union = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
            Shard shard = new Shard(k, 4);
            ManifestBuild part = Manifest.build(data, Manifest.partFile(merged, shard), Optional.empty(), shard, 2);
            assertThat(part.header().shard()).isEqualTo(shard);
            List<ManifestEntry> es = entries(part.manifest());
            assertThat(es).allMatch(e -> shard.contains(e.path()));
            union.addAll(es);
        }
        assertThat(union).hasSize(all.size()).containsExactlyInAnyOrderElementsOf(all);

        List<Path> parts = Manifest.findParts(merged);
        assertThat(parts)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "manifest.part-1-of-4.jsonl.gz", "manifest.part-2-of-4.jsonl.gz",
                        "manifest.part-3-of-4.jsonl.gz", "manifest.part-4-of-4.jsonl.gz");
        ManifestBuild m = Manifest.merge(parts, merged);

        assertThat(m.header().rootDigest()).isEqualTo(full.header().rootDigest());
        assertThat(m.header().shard()).isEqualTo(Shard.ALL);
        assertThat(entries(merged)).isEqualTo(all);
    }

    @Test
    void mergeRefusesPartsThatDoNotFitTogether() {
        Path out = tmp.resolve("m/manifest.jsonl.gz");
        Path p1 = Manifest.build(data, Manifest.partFile(out, new Shard(1, 3)), Optional.empty(), new Shard(1, 3), 1)
                .manifest();
        Path p2 = Manifest.build(data, Manifest.partFile(out, new Shard(2, 3)), Optional.empty(), new Shard(2, 3), 1)
                .manifest();
        Path other = Manifest.build(
                        data, tmp.resolve("x/manifest.part-1-of-2.jsonl.gz"), Optional.empty(), new Shard(1, 2), 1)
                .manifest();
        Path elsewhere = tmp.resolve("data2");
        write(elsewhere.resolve("a"), "a");
        Path otherRoot = Manifest.build(elsewhere, tmp.resolve("y/m.jsonl.gz"), Optional.empty(), new Shard(3, 3), 1)
                .manifest();

        assertThatThrownBy(() -> Manifest.merge(List.of(p1, p2), out))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("shard 3/3 is missing");
        assertThatThrownBy(() -> Manifest.merge(List.of(p1, p2, other), out))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is shard 1/2, not one of 3");
        assertThatThrownBy(() -> Manifest.merge(List.of(p1, p1, p2), out))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("repeats shard 1/3");
        assertThatThrownBy(() -> Manifest.merge(List.of(p1, p2, otherRoot), out))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("describes " + elsewhere.toAbsolutePath());
        assertThat(out).doesNotExist();
    }

    @Test
    void aPreviousManifestOfAnotherRootIsRefused() {
        Manifest.build(data, manifest, Optional.empty(), Shard.ALL, 1);
        Path elsewhere = tmp.resolve("data2");
        write(elsewhere.resolve("a"), "a");
        assertThatThrownBy(() ->
                        Manifest.build(elsewhere, tmp.resolve("m2.jsonl.gz"), Optional.of(manifest), Shard.ALL, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("describes " + data.toAbsolutePath());
    }

    @Test
    void aDamagedManifestIsNeverTrusted() throws Exception {
        Manifest.build(data, manifest, Optional.empty(), Shard.ALL, 1);
        List<String> lines = new ArrayList<>(lines(manifest));
        String iris = lines.stream()
                .filter(l -> l.contains("\"iris.csv\""))
                .findFirst()
                .orElseThrow();
        lines.set(
                lines.indexOf(iris),
                iris.replaceAll("\"sha256\":\"[0-9a-f]+\"", "\"sha256\":\"" + "0".repeat(64) + "\""));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(gz)) {
            o.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Path edited = tmp.resolve("edited.jsonl.gz");
        Files.write(edited, gz.toByteArray());

        assertThatThrownBy(() -> entries(edited))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is damaged");
        Path out = tmp.resolve("out.jsonl.gz");
        assertThatThrownBy(() -> Manifest.build(data, out, Optional.of(edited), Shard.ALL, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is damaged");
        assertThat(out).doesNotExist();
        Files.writeString(edited, "not gzip");
        assertThatThrownBy(() -> Manifest.readHeader(edited))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a gzip-compressed manifest");
    }

    @Test
    void theListingSortsMoreFilesThanFitInOneChunk() throws IOException {
        Path runs = Files.createDirectories(tmp.resolve("runs"));
        Random random = new Random(42);
        List<String> paths = new ArrayList<>();
        try (FileListing listing = new FileListing(runs, 7)) {
            for (int i = 0; i < 500; i++) {
                String p = "d" + random.nextInt(20) + "/" + Integer.toString(random.nextInt(1_000_000), 36)
                        + (i % 50 == 0 ? "\uD83D\uDE00" : i % 51 == 0 ? "\uFF21" : "") + "-" + i;
                paths.add(p);
                listing.add(new FileListing.Item(p, i, i));
            }
            List<String> sorted = new ArrayList<>();
            listing.sorted().forEachRemaining(it -> sorted.add(it.path()));
            paths.sort((a, b) -> compareUtf8(a, b));
            assertThat(sorted).isEqualTo(paths);
        }
        assertThat(runs.toFile().list()).as("temporary runs are removed").isEmpty();
    }

    private static int compareUtf8(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shardsAreParsedAndStable() {
        assertThat(Shard.parse("3/16")).isEqualTo(new Shard(3, 16));
        assertThatThrownBy(() -> Shard.parse("0/4"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--shard");
        assertThatThrownBy(() -> Shard.parse("5/4")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Shard.parse("x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'x'");
        // pinned values: a shard must never move between releases, or parts of one run would not merge
        assertThat(Shard.of("", 16)).isEqualTo((int) Long.remainderUnsigned(0xcbf29ce484222325L, 16) + 1);
        assertThat(Shard.of("a", 1000)).isEqualTo((int) Long.remainderUnsigned(0xaf63dc4c8601ec8cL, 1000) + 1);
    }

    private static ManifestEntry find(List<ManifestEntry> es, String path) {
        return es.stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
    }
}
