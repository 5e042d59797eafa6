package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.hub.CommitInfo;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.hub.PreconditionFailedException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty writers commit through {@link HubClient} to one local hub at once: half to one shared
 * repo, guarded by {@code parentCommit} (a 412 is an allowed answer, followed by a retry on the
 * fresh head), half each to a repo of its own. Every acknowledged commit is in its repo's history
 * exactly once, its files are there, nothing else was committed, and every repo and LFS object is
 * intact. Identical LFS content is uploaded by several writers at once.
 */
class ConcurrentHubClientCommitsTest {
    private static final int WRITERS = 20;
    private static final int ROUNDS = Integer.getInteger("concurrency.rounds", 5);
    private static final RepoId SHARED = new RepoId("nersc", "shared");

    @TempDir
    Path dir;

    /** An acknowledged commit: its id, its title, and the file it added with the content. */
    record Acknowledged(RepoId repo, String oid, String title, String path, byte[] content) {}

    @Test
    void everyAcknowledgedCommitLandsOnceAndNoRepoIsCorrupt() throws Exception {
        List<Acknowledged> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        Map<RepoId, Set<String>> history = new ConcurrentHashMap<>();
        try (LocalHub hub = LocalHub.start(
                dir, LocalHub.Options.defaults().withLfsThresholdBytes(1000).withMultipartChunkSize(4096))) {
            HubClient client = HubClient.builder()
                    .endpoint(URI.create(hub.url()))
                    .token(Optional.of(new HubToken(hub.token(), "the test")))
                    .build();
            client.createRepo(SHARED, false, false);
            for (int w = 1; w < WRITERS; w += 2) {
                client.createRepo(own(w), false, false);
            }
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    go.await();
                    RepoId repo = writer % 2 == 0 ? SHARED : own(writer);
                    for (int round = 0; round < ROUNDS; round++) {
                        acknowledged.add(commitUntilItLands(client, repo, writer, round, refused));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : writers) {
                f.get();
            }
            pool.shutdown();

            for (RepoId repo : acknowledged.stream().map(Acknowledged::repo).collect(Collectors.toSet())) {
                List<RepoCommit> commits =
                        client.listCommits(repo, "main").stream().toList();
                history.put(repo, commits.stream().map(RepoCommit::id).collect(Collectors.toSet()));
                List<String> titles = commits.stream()
                        .map(RepoCommit::title)
                        .filter(t -> !t.equals("initial commit"))
                        .toList();
                List<String> ours = acknowledged.stream()
                        .filter(a -> a.repo().equals(repo))
                        .map(Acknowledged::title)
                        .toList();
                assertThat(titles)
                        .as("%s holds each acknowledged commit once and nothing else", repo)
                        .containsExactlyInAnyOrderElementsOf(ours);
            }
            for (Acknowledged a : acknowledged) {
                assertThat(history.get(a.repo()))
                        .as("%s is in the history of %s", a.oid(), a.repo())
                        .contains(a.oid());
                assertThat(client.readFile(a.repo(), "main", a.path()))
                        .as("%s in %s", a.path(), a.repo())
                        .isEqualTo(a.content());
            }
        }
        assertThat(acknowledged).hasSize(WRITERS * ROUNDS);
        assertThat(HubIntegrity.problems(dir))
                .as("repositories and LFS objects")
                .isEmpty();
    }

    private static RepoId own(int writer) {
        return new RepoId("nersc", "own-" + writer);
    }

    /**
     * Commits a text file (and, every other round, a binary file that goes through LFS, the same bytes
     * for every writer) against the head read just before; on 412, reads the head again and retries.
     */
    private static Acknowledged commitUntilItLands(
            HubClient client, RepoId repo, int writer, int round, AtomicInteger refused) {
        String title = "writer " + writer + " round " + round;
        String path = "w" + writer + "/r" + round + ".txt";
        byte[] content = (title + "\n").getBytes(StandardCharsets.UTF_8);
        List<CommitOperation> ops = new ArrayList<>(List.of(new CommitOperation.Add(path, ContentSource.of(content))));
        if (round % 2 == 0) {
            byte[] blob = new byte[5000 + round];
            Arrays.fill(blob, (byte) round);
            ops.add(new CommitOperation.Add("w" + writer + "/r" + round + ".bin", ContentSource.of(blob)));
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            String parent = client.headOf(repo, "main");
            try {
                CommitInfo info =
                        client.commit(repo, new CommitRequest("main", title, "", Optional.of(parent), false, ops));
                return new Acknowledged(repo, info.oid(), title, path, content);
            } catch (PreconditionFailedException moved) {
                refused.incrementAndGet();
            }
        }
        throw new AssertionError(title + ": refused 1000 times in a row");
    }
}
