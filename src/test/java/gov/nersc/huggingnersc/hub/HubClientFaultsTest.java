package gov.nersc.huggingnersc.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.errors.HuggingNerscException.Kind;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.FaultProxy;
import gov.nersc.huggingnersc.testing.FaultProxy.Fault;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries, lost answers and request counts against a real local hub, with a {@link FaultProxy}
 * injecting 429s, 5xx, resets, lost answers and stalls in between. Waits are recorded on a fake
 * clock, never slept.
 */
class HubClientFaultsTest {
    static final RepoId REPO = RepoId.parse("nersc/faults");
    static final String COMMIT = ".+/commit/main";
    static final String CARD = "---\nlicense: mit\n---\n# Faults\n";

    @TempDir
    Path dir;

    LocalHub hub;
    FaultProxy proxy;
    final FakeTime time = new FakeTime();

    @BeforeEach
    void start() throws IOException {
        hub = LocalHub.start(dir.resolve("hub"), LocalHub.Options.defaults().withMultipartChunkSize(1 << 20));
        proxy = FaultProxy.start(URI.create(hub.url()));
    }

    @AfterEach
    void stop() {
        proxy.close();
        hub.close();
    }

    HubClient client(RetryPolicy policy, Duration timeout) {
        return HubClient.builder()
                .endpoint(proxy.uri())
                .token(Optional.of(new HubToken(hub.token(), "test")))
                .retryPolicy(policy)
                .sleeper(time)
                .clock(time)
                .requestTimeout(timeout)
                .build();
    }

    HubClient client() {
        return client(
                new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(2), 0.25),
                Duration.ofSeconds(30));
    }

    /** The local hub's own view, not through the proxy. */
    List<RepoCommit> history() {
        HubClient direct = HubClient.builder()
                .endpoint(URI.create(hub.url()))
                .token(Optional.of(new HubToken(hub.token(), "test")))
                .build();
        return direct.listCommits(REPO, "main").stream().toList();
    }

    /** Commits a file of random bytes to a new repo through the proxy: one commit, and the bytes read back. */
    void commitsOnceAndReadsBack(String name, int size) throws IOException {
        HubClient client = client();
        client.createRepo(REPO, false, false);
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        Path file = Files.write(dir.resolve(name), bytes);

        CommitInfo c = client.commit(
                REPO, CommitRequest.onMain("data", List.of(new CommitOperation.Add(name, ContentSource.of(file)))));

        assertThat(history()).hasSize(2).first().extracting(RepoCommit::id).isEqualTo(c.oid());
        assertThat(client.readFile(REPO, "main", name)).isEqualTo(bytes);
    }

    static CommitRequest smallCommit(String summary) {
        return CommitRequest.onMain(
                summary,
                List.of(
                        new CommitOperation.Add("a.txt", ContentSource.of("a\n")),
                        new CommitOperation.Add("b.txt", ContentSource.of(summary))));
    }

    @Test
    void aCommitWhoseAnswerIsLostLandsExactlyOnce() {
        HubClient client = client();
        client.createRepo(REPO, false, false);
        proxy.inject("POST", COMMIT, 1, Fault.loseAnswer());

        CommitInfo c = client.commit(REPO, smallCommit("Add a and b"));

        List<RepoCommit> commits = history();
        assertThat(commits).hasSize(2);
        assertThat(commits.get(0).id()).isEqualTo(c.oid());
        assertThat(commits.get(0).title()).isEqualTo("Add a and b");
        assertThat(proxy.count("POST", COMMIT))
                .as("recognised as ours, not sent again")
                .isEqualTo(1);
    }

    @Test
    void aCommitResetBeforeItReachedTheHubIsSentAgainAndLandsOnce() {
        HubClient client = client();
        client.createRepo(REPO, false, false);
        proxy.inject("POST", COMMIT, 1, Fault.reset());

        CommitInfo c = client.commit(REPO, smallCommit("Add a and b"));

        assertThat(history()).hasSize(2).first().extracting(RepoCommit::id).isEqualTo(c.oid());
        assertThat(proxy.exchanges("POST", COMMIT))
                .extracting(FaultProxy.Exchange::status)
                .containsExactly(0, 200);
        assertThat(time.sleeps).hasSize(1);
    }

    @Test
    void anLfsObjectWhosePutAnswerIsLostIsFoundStoredNotFailed() throws IOException {
        proxy.inject("PUT", "/lfs-upload/.+", 1, Fault.loseAnswer());

        commitsOnceAndReadsBack("small.bin", 100_000); // one PUT, no parts

        // the PUT sent again finds its upload finished (404); the batch API then says the Hub has it
        assertThat(proxy.exchanges("PUT", "/lfs-upload/.+"))
                .extracting(FaultProxy.Exchange::status)
                .containsExactly(0, 404);
        assertThat(proxy.count("POST", ".+/info/lfs/objects/batch")).isEqualTo(2);
    }

    @Test
    void aMultipartUploadWhoseCompletionAnswerIsLostIsFoundStoredNotFailed() throws IOException {
        proxy.inject("POST", "/lfs-upload/[0-9a-f]{32}/complete", 1, Fault.loseAnswer());

        commitsOnceAndReadsBack("big.bin", (5 << 20) / 2); // three parts of 1 MiB

        assertThat(proxy.count("PUT", "/lfs-upload/[0-9a-f]{32}/\\d+"))
                .as("no part sent twice")
                .isEqualTo(3);
        // the completion sent again finds the upload finished (404); the batch API then says the Hub has it
        assertThat(proxy.exchanges("POST", "/lfs-upload/[0-9a-f]{32}/complete"))
                .extracting(FaultProxy.Exchange::status)
                .containsExactly(0, 404);
    }

    @Test
    void serverErrorsAndRateLimitsAreRetriedUntilTheCommitSucceeds() throws IOException {
        HubClient client = client();
        proxy.inject("POST", "/api/repos/create", 1, Fault.status(503));
        proxy.inject("POST", "/api/validate-yaml", 1, Fault.status(502));
        proxy.inject("POST", ".+/preupload/main", 2, Fault.rateLimited(7));
        proxy.inject("POST", ".+/info/lfs/objects/batch", 1, Fault.status(500));
        proxy.inject("PUT", "/lfs-upload/.+", 1, Fault.status(504));
        proxy.inject("POST", "/lfs-upload/.+/complete", 1, Fault.reset());
        proxy.inject("POST", COMMIT, 1, Fault.rateLimited(3));

        client.createRepo(REPO, false, false);
        byte[] big = new byte[(3 << 20) + 5];
        new Random(1).nextBytes(big);
        Path file = dir.resolve("big.bin");
        Files.write(file, big);
        CommitInfo c = client.commit(
                REPO,
                CommitRequest.onMain(
                        "data",
                        List.of(
                                new CommitOperation.Add("README.md", ContentSource.of(CARD)),
                                new CommitOperation.Add("big.bin", ContentSource.of(file)))));

        assertThat(history()).hasSize(2).first().extracting(RepoCommit::id).isEqualTo(c.oid());
        assertThat(client.downloadRange(REPO, "main", "big.bin", big.length - 5, 5))
                .isEqualTo(java.util.Arrays.copyOfRange(big, big.length - 5, big.length));
        assertThat(time.sleeps)
                .as("the Retry-After of 7 s was honoured twice, 3 s once")
                .filteredOn(d -> d.equals(Duration.ofSeconds(7)))
                .hasSize(2);
        assertThat(time.sleeps).contains(Duration.ofSeconds(3));
        assertThat(proxy.count("POST", COMMIT)).isEqualTo(2);
        assertThat(proxy.exchanges()).filteredOn(x -> x.fault() != null).hasSize(8);
    }

    @Test
    void readsSurviveResetsLostAnswersAndStalls() {
        HubClient setup = client();
        setup.createRepo(REPO, false, false);
        setup.commit(REPO, smallCommit("files"));
        HubClient client = client(
                new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(2), 0),
                Duration.ofMillis(500));
        proxy.inject("GET", ".+/revision/main", 1, Fault.reset());
        proxy.inject("GET", ".+/revision/main", 1, Fault.loseAnswer());
        proxy.inject("GET", ".+/revision/main", 1, Fault.stall());

        assertThat(client.datasetInfo(REPO, "main", List.of()).siblings()).contains("a.txt", "b.txt");
        assertThat(proxy.exchanges("GET", ".+/revision/main"))
                .extracting(FaultProxy.Exchange::status)
                .containsExactly(0, 0, 0, 200);
        // the JDK's HTTP client itself sends a GET again once when a fresh connection breaks; the
        // rest are our retries, with the policy's doubling waits
        assertThat(time.sleeps)
                .isNotEmpty()
                .isSubsetOf(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))
                .isSortedAccordingTo(Comparator.naturalOrder());
    }

    @Test
    void whenTheBudgetIsUsedUpTheLastErrorSurfacesClearly() {
        HubClient client = client();
        client.createRepo(REPO, false, false);
        proxy.always("GET", ".+/revision/main", Fault.status(503));
        HubServerErrorException down =
                catchThrowableOfType(() -> client.datasetInfo(REPO, "main", List.of()), HubServerErrorException.class);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.kind()).isEqualTo(Kind.FAILED);
        assertThat(down.getMessage()).contains("the Hub failed", "injected by the test's fault proxy", "proxy-5");
        assertThat(proxy.count("GET", ".+/revision/main"))
                .as("the 5 attempts of the policy")
                .isEqualTo(5);

        proxy.heal().always("POST", COMMIT, Fault.rateLimited(30));
        RateLimitedException limited =
                catchThrowableOfType(() -> client.commit(REPO, smallCommit("x")), RateLimitedException.class);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(limited.getMessage()).contains("rate limited", "the limit resets at");
        assertThat(history()).as("nothing landed").hasSize(1);
    }

    @Test
    void aLostCommitAnswerWhileAnotherWriterMovedTheBranchIsAConflictNotASecondSend() {
        HubClient client = client();
        client.createRepo(REPO, false, false);
        String parent = client.headOf(REPO, "main");
        // the lost answer is a 503 from the proxy; meanwhile someone else committed
        HubClient other = HubClient.builder()
                .endpoint(URI.create(hub.url()))
                .token(Optional.of(new HubToken(hub.token(), "test")))
                .build();
        other.commit(
                REPO,
                CommitRequest.onMain(
                        "someone else", List.of(new CommitOperation.Add("o.txt", ContentSource.of("o\n")))));
        proxy.inject("POST", COMMIT, 1, Fault.reset());

        PreconditionFailedException e = catchThrowableOfType(
                () -> client.commit(
                        REPO,
                        new CommitRequest(
                                "main",
                                "ours",
                                "",
                                Optional.of(parent),
                                false,
                                List.of(new CommitOperation.Add("a.txt", ContentSource.of("a\n"))))),
                PreconditionFailedException.class);
        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("nothing was sent again");
        assertThat(proxy.count("POST", COMMIT)).isEqualTo(1);
        assertThat(history()).extracting(RepoCommit::title).containsExactly("someone else", "initial commit");
    }

    @Test
    void aDeleteWhoseAnswerIsLostReportsTheRepoDeletedNotMissing() {
        HubClient client = client();
        client.createRepo(REPO, false, false);
        proxy.inject("DELETE", "/api/repos/delete", 1, Fault.loseAnswer());

        assertThat(client.deleteRepo(REPO, false)).isTrue();
        assertThat(proxy.exchanges("DELETE", "/api/repos/delete"))
                .extracting(FaultProxy.Exchange::status)
                .as("the retry found it gone")
                .containsExactly(0, 404);
        assertThat(client.deleteRepo(REPO, true)).as("really gone").isFalse();
    }

    @Test
    void aCreateWhoseAnswerIsLostIsAConflictThatSaysSo() {
        HubClient client = client();
        proxy.inject("POST", "/api/repos/create", 1, Fault.loseAnswer());
        HubConflictException e =
                catchThrowableOfType(() -> client.createRepo(REPO, false, false), HubConflictException.class);
        assertThat(e.getMessage()).contains("the answer to an earlier attempt was lost", "may have made it");
        assertThat(client.createRepo(REPO, false, true)).endsWith("/datasets/nersc/faults");
    }

    @Test
    void aSmallCommitToANewRepoTakesCreatePreuploadAndCommitOnly() {
        HubClient client = client();
        client.createRepo(REPO, false, false);
        client.commit(
                REPO,
                CommitRequest.onMain(
                        "Add card and data",
                        List.of(
                                new CommitOperation.Add("README.md", ContentSource.of(CARD)),
                                new CommitOperation.Add("data/a.csv", ContentSource.of("a\n1\n")),
                                new CommitOperation.Add("data/b.csv", ContentSource.of("b\n2\n")))));
        assertThat(proxy.exchanges())
                .extracting(x -> x.method() + " " + x.path().replace("/api/datasets/nersc/faults", ""))
                .as("the card check is the only request beyond create, preupload and commit")
                .containsExactly(
                        "POST /api/repos/create",
                        "POST /api/validate-yaml",
                        "POST /preupload/main",
                        "POST /commit/main");

        proxy.clearLog();
        RepoId plain = RepoId.parse("nersc/no-card");
        client.createRepo(plain, false, false);
        client.commit(
                plain,
                CommitRequest.onMain(
                        "data",
                        List.of(
                                new CommitOperation.Add("a.csv", ContentSource.of("a\n")),
                                new CommitOperation.Add("b.csv", ContentSource.of("b\n")))));
        assertThat(proxy.exchanges()).as("without a card: at most 3 requests").hasSize(3);
    }
}
