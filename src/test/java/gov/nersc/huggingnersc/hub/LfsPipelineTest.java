package gov.nersc.huggingnersc.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.FaultProxy;
import gov.nersc.huggingnersc.testing.FaultProxy.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files without a known sha256 are hashed and sent in a pipeline (a group goes while the next is
 * hashed): against a real {@link LocalHub}, the commit is the same one commit with every object, and
 * the bytes sent are the file's bytes at sending time, which the hub checks.
 */
class LfsPipelineTest {
    static final RepoId REPO = RepoId.parse("nersc/pipeline");

    @TempDir
    Path dir;

    LocalHub hub;
    FaultProxy wire;
    HubClient client;

    @BeforeEach
    void start() throws IOException {
        Files.createDirectories(dir.resolve("work"));
        hub = LocalHub.start(dir.resolve("hub"), LocalHub.Options.defaults());
        wire = FaultProxy.start(URI.create(hub.url()));
        client = HubClient.builder()
                .endpoint(wire.uri())
                .token(Optional.of(new HubToken(hub.token(), "the test's token file")))
                .retryPolicy(RetryPolicy.none())
                .uploadThreads(2)
                .build();
        client.createRepo(REPO, false, false);
    }

    @AfterEach
    void stop() {
        client.close();
        wire.close();
        hub.close();
    }

    /** {@code n} binary files of a few KiB each, by path in the repo. */
    Map<String, Path> files(int n) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        Random random = new Random(n);
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[1024 + random.nextInt(4096)];
            random.nextBytes(b);
            b[0] = 0;
            Path f = dir.resolve("work").resolve("shard-" + i + ".bin");
            Files.write(f, b);
            files.put("data/shard-" + i + ".bin", f);
        }
        return files;
    }

    CommitInfo commit(Map<String, Path> files) {
        List<CommitOperation> ops = new ArrayList<>();
        files.forEach((path, f) -> ops.add(new CommitOperation.Add(path, ContentSource.of(f))));
        return client.commit(REPO, CommitRequest.onMain("Upload shards", ops));
    }

    static String sha256(Path f) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void manyFilesGoInGroupsOfBatchRequestsAndMakeOneCommitWithEveryObject() throws IOException {
        Map<String, Path> files = files(LfsUpload.BATCH + 30);
        int before = client.listCommits(REPO, "main").stream().toList().size();

        CommitInfo c = commit(files);

        assertThat(client.listCommits(REPO, "main").stream().toList()).hasSize(before + 1);
        assertThat(client.listCommits(REPO, "main").stream()
                        .findFirst()
                        .orElseThrow()
                        .id())
                .isEqualTo(c.oid());
        assertThat(wire.count("POST", ".*/info/lfs/objects/batch")).isEqualTo(2);
        assertThat(wire.count("POST", ".*/commit/main")).isEqualTo(1);
        Map<String, String> onHub = client.listTree(REPO, "main", "data", true).stream()
                .filter(TreeEntry::isFile)
                .collect(Collectors.toMap(TreeEntry::path, e -> e.lfs().oid()));
        Map<String, String> local = new TreeMap<>();
        files.forEach((path, f) -> local.put(path, sha256(f)));
        assertThat(onHub).isEqualTo(local);

        // again, unchanged: nothing is sent and no commit is made
        wire.clearLog();
        assertThat(commit(files).oid()).isEqualTo(c.oid());
        assertThat(wire.count("PUT", ".*")).isZero();
        assertThat(wire.count("POST", ".*/commit/main")).isZero();
    }

    @Test
    void aFileRewrittenBetweenItsHashAndItsSendingIsRefusedAndNothingIsCommitted() throws IOException {
        Map<String, Path> files = files(3);
        Path changed = files.get("data/shard-1.bin");
        byte[] other = Files.readAllBytes(changed);
        other[other.length - 1] ^= 1; // same size, other bytes
        // the batch request names the oids hashed so far; the file changes right after
        wire.inject("POST", ".*/info/lfs/objects/batch", 1, Fault.before(() -> {
            try {
                Files.write(changed, other);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        String head = client.listCommits(REPO, "main").stream()
                .findFirst()
                .orElseThrow()
                .id();

        HubBadRequestException e = catchThrowableOfType(() -> commit(files), HubBadRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("sha256");
        assertThat(wire.count("POST", ".*/commit/main")).isZero();
        assertThat(client.listCommits(REPO, "main").stream()
                        .findFirst()
                        .orElseThrow()
                        .id())
                .isEqualTo(head);
    }
}
