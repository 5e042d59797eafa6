package gov.nersc.huggingnersc.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.Version;
import gov.nersc.huggingnersc.errors.HuggingNerscException.Kind;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.hub.FakeHub.Reply;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubClientErrorsAndRetriesTest {
    static final String SECRET = "hf_SecretTokenValue123";
    static final RepoId REPO = RepoId.parse("NERSC/climate");
    static final String INFO = "/api/datasets/NERSC/climate/revision/main";

    final FakeHub hub = new FakeHub();
    final FakeTime time = new FakeTime();

    @AfterEach
    void stop() {
        hub.close();
    }

    HubClient client(RetryPolicy policy) {
        return HubClient.builder()
                .endpoint(hub.uri())
                .token(Optional.of(new HubToken(SECRET, "HF_TOKEN")))
                .retryPolicy(policy)
                .sleeper(time)
                .clock(time)
                .requestTimeout(Duration.ofSeconds(2))
                .build();
    }

    HubClient client() {
        return client(new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(2), 0.25));
    }

    static Reply info() {
        return Reply.json(200, "{\"id\":\"NERSC/climate\",\"sha\":\"" + "a".repeat(40) + "\"}");
    }

    @Test
    void sendsUserAgentAndBearerTokenToTheHub() {
        hub.on("GET", INFO, r -> info());
        client().datasetInfo(REPO, "main", List.of());
        FakeHub.Request r = hub.requests().get(0);
        assertThat(r.header("User-Agent")).isEqualTo(Version.userAgent());
        assertThat(r.header("Authorization")).isEqualTo("Bearer " + SECRET);
    }

    @Test
    void serverErrorsAreRetriedWithGrowingWaitsUntilTheyPass() {
        hub.once("GET", INFO, Reply.status(500), Reply.status(502), Reply.status(503), Reply.status(504));
        hub.on("GET", INFO, r -> info());
        DatasetInfo info = client().datasetInfo(REPO, "main", List.of());
        assertThat(info.sha()).isEqualTo("a".repeat(40));
        assertThat(hub.requests()).hasSize(5);
        // 1 s doubling to 8 s, each shortened by at most the 25 % jitter
        assertThat(time.sleeps).hasSize(4);
        long[] base = {1000, 2000, 4000, 8000};
        for (int i = 0; i < 4; i++) {
            assertThat(time.sleeps.get(i).toMillis()).isBetween(base[i] * 3 / 4, base[i]);
        }
    }

    @Test
    void retriesStopAfterTheAttemptBudgetWithTheLastError() {
        hub.on("GET", INFO, r -> Reply.error(503, null, "down for maintenance"));
        HubServerErrorException e = catchThrowableOfType(
                () -> client().datasetInfo(REPO, "main", List.of()), HubServerErrorException.class);
        assertThat(hub.requests()).hasSize(5);
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.getMessage()).contains("down for maintenance", "req-5", INFO);
        assertThat(e.kind()).isEqualTo(Kind.FAILED);
    }

    @Test
    void retriesStopWhenTheTimeBudgetWouldBePassed() {
        hub.on("GET", INFO, r -> Reply.status(503));
        RetryPolicy tenSeconds =
                new RetryPolicy(100, Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(10), 0);
        assertThatThrownBy(() -> client(tenSeconds).datasetInfo(REPO, "main", List.of()))
                .isInstanceOf(HubServerErrorException.class);
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4));
        assertThat(hub.requests()).hasSize(3);
    }

    @Test
    void retryAfterSecondsIsHonoured() {
        hub.once("GET", INFO, Reply.error(429, null, "slow down").header("Retry-After", "7"));
        hub.on("GET", INFO, r -> info());
        client().datasetInfo(REPO, "main", List.of());
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void rateLimitHeaderResetIsHonoured() {
        hub.once("GET", INFO, Reply.status(429).header("RateLimit", "\"api\";r=0;t=12"));
        hub.on("GET", INFO, r -> info());
        client().datasetInfo(REPO, "main", List.of());
        assertThat(time.sleeps).containsExactly(Duration.ofSeconds(12));
    }

    @Test
    void aRateLimitLongerThanTheBudgetFailsAtOnceWithTheResetTime() {
        hub.on("GET", INFO, r -> Reply.error(429, null, "too many requests").header("RateLimit", "\"api\";r=0;t=280"));
        Instant before = time.instant();
        RateLimitedException e =
                catchThrowableOfType(() -> client().datasetInfo(REPO, "main", List.of()), RateLimitedException.class);
        assertThat(time.sleeps).isEmpty();
        assertThat(e.resetAt()).contains(before.plusSeconds(280));
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(280));
        assertThat(e.getMessage()).contains("rate limited", "resets at " + before.plusSeconds(280), "req-1");
    }

    @Test
    void droppedConnectionsAreRetried() {
        hub.once("GET", INFO, Reply.drop(), Reply.drop());
        hub.on("GET", INFO, r -> info());
        assertThat(client().datasetInfo(REPO, "main", List.of()).id()).isEqualTo("NERSC/climate");
        assertThat(hub.requests()).hasSize(3);
    }

    @Test
    void eachRetryIsToldInOneLineWithItsWaitAttemptAndCause() {
        hub.once("GET", INFO, Reply.error(503, null, "down for maintenance"), Reply.status(502));
        hub.on("GET", INFO, r -> info());
        List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
        HubClient c = HubClient.builder()
                .endpoint(hub.uri())
                .token(Optional.of(new HubToken(SECRET, "HF_TOKEN")))
                .retryPolicy(new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(2), 0))
                .sleeper(time)
                .clock(time)
                .retryNotices(notices::add)
                .build();

        c.datasetInfo(REPO, "main", List.of());

        assertThat(notices).hasSize(2);
        assertThat(notices.get(0))
                .startsWith("retrying in 1.0 s (attempt 2 of 5): the Hub failed: down for maintenance");
        assertThat(notices.get(1)).startsWith("retrying in 2.0 s (attempt 3 of 5): the Hub failed (HTTP 502");
        assertThat(String.join("\n", notices)).doesNotContain(SECRET);
    }

    @Test
    void aRefusedConnectionToThisMachineFailsAtOnceAndAsksWhetherHubServeRuns() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HubClient c = HubClient.builder()
                .endpoint(URI.create("http://127.0.0.1:" + closed))
                .sleeper(time)
                .clock(time)
                .build();

        HubConnectionException e = catchThrowableOfType(c::whoami, HubConnectionException.class);

        assertThat(e.getMessage())
                .startsWith("connection refused: is `hub serve` running on 127.0.0.1:" + closed + "?");
        assertThat(time.sleeps)
                .as("nothing listens there; waiting will not start it")
                .isEmpty();
    }

    @Test
    void aStalledAnswerTimesOutAndIsRetried() {
        hub.once("GET", INFO, Reply.stall());
        hub.on("GET", INFO, r -> info());
        HubClient c = HubClient.builder()
                .endpoint(hub.uri())
                .retryPolicy(RetryPolicy.defaults())
                .sleeper(time)
                .clock(time)
                .requestTimeout(Duration.ofMillis(300))
                .build();
        assertThat(c.datasetInfo(REPO, "main", List.of()).id()).isEqualTo("NERSC/climate");
        assertThat(hub.requests()).hasSize(2);
    }

    @Test
    void clientErrorsAreNotRetried() {
        hub.on("GET", INFO, r -> Reply.error(404, "RepoNotFound", "Repository not found"));
        assertThatThrownBy(() -> client().datasetInfo(REPO, "main", List.of()))
                .isInstanceOf(RepoNotFoundException.class);
        assertThat(hub.requests()).hasSize(1);
        assertThat(time.sleeps).isEmpty();
    }

    @Test
    void errorCodesAndStatusesMapToTypedExceptionsWithTheRequestId() {
        record Case(Reply reply, Class<? extends HubException> type, Kind kind) {}
        List<Case> cases = List.of(
                new Case(
                        Reply.error(404, "RepoNotFound", "Repository not found"),
                        RepoNotFoundException.class,
                        Kind.FAILED),
                new Case(
                        Reply.error(404, "RevisionNotFound", "Invalid rev id"),
                        RevisionNotFoundException.class,
                        Kind.FAILED),
                new Case(Reply.error(404, "EntryNotFound", "no such file"), EntryNotFoundException.class, Kind.FAILED),
                new Case(Reply.error(403, "GatedRepo", "access is restricted"), GatedRepoException.class, Kind.FAILED),
                new Case(Reply.error(400, null, "bad payload"), HubBadRequestException.class, Kind.INVALID_INPUT),
                new Case(Reply.error(409, null, "already exists"), HubConflictException.class, Kind.CONFLICT),
                new Case(
                        Reply.error(412, null, "The branch was updated"),
                        PreconditionFailedException.class,
                        Kind.CONFLICT),
                new Case(
                        Reply.error(401, null, "Invalid credentials in Authorization header"),
                        UnauthorizedException.class,
                        Kind.FAILED),
                new Case(Reply.error(403, null, "You don't have the rights"), UnauthorizedException.class, Kind.FAILED),
                new Case(Reply.error(422, null, "unprocessable"), HubException.class, Kind.FAILED));
        HubClient c = client(RetryPolicy.none());
        for (Case k : cases) {
            hub.once("GET", INFO, k.reply());
            HubException e = catchThrowableOfType(() -> c.datasetInfo(REPO, "main", List.of()), HubException.class);
            assertThat(e).as(k.toString()).isExactlyInstanceOf(k.type());
            assertThat(e.kind()).as(k.toString()).isEqualTo(k.kind());
            assertThat(e.requestId()).as(k.toString()).isPresent();
            assertThat(e.getMessage())
                    .as(k.toString())
                    .contains(e.requestId().get(), e.serverMessage().get())
                    .doesNotContain("\n");
            assertThat(e.url().toString()).endsWith(INFO);
        }
    }

    @Test
    void aRefusedTokenNamesWhereItCameFromButNeverTheToken() {
        hub.on("GET", "/api/whoami-v2", r -> Reply.error(401, null, "Invalid credentials; you sent " + SECRET));
        UnauthorizedException e = catchThrowableOfType(() -> client().whoami(), UnauthorizedException.class);
        assertThat(e.getMessage())
                .contains("the token from HF_TOKEN was refused", "huggingnersc login", "<redacted>")
                .doesNotContain(SECRET);
        assertThat(e.toString()).doesNotContain(SECRET);
        assertThat(e.serverMessage().orElseThrow()).doesNotContain(SECRET);
    }

    @Test
    void noExceptionOrValueShowsTheToken() {
        HubClient c = client(RetryPolicy.none());
        List<Reply> replies = List.of(
                Reply.error(404, "RepoNotFound", "x"),
                Reply.error(403, "GatedRepo", "x"),
                Reply.error(401, null, "x"),
                Reply.error(403, null, "x"),
                Reply.error(400, null, "x"),
                Reply.error(409, null, "x"),
                Reply.error(412, null, "x"),
                Reply.error(429, null, "x"),
                Reply.error(500, null, "x"),
                Reply.drop());
        for (Reply reply : replies) {
            hub.once("GET", INFO, reply);
            HubException e = catchThrowableOfType(() -> c.datasetInfo(REPO, "main", List.of()), HubException.class);
            assertThat(e.getMessage()).doesNotContain(SECRET);
            assertThat(e.toString()).doesNotContain(SECRET);
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
            }
        }
        assertThat(new HubToken(SECRET, "HF_TOKEN").toString()).doesNotContain(SECRET);
    }

    @Test
    void withoutATokenTheHintSaysHowToLogIn() {
        hub.on("GET", "/api/whoami-v2", r -> Reply.error(401, null, "Unauthorized"));
        HubClient anonymous = HubClient.builder().endpoint(hub.uri()).build();
        assertThatThrownBy(anonymous::whoami)
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining(
                        "none was found; run `huggingnersc login --endpoint " + hub.uri() + "` or set HF_TOKEN");
        assertThat(hub.requests().get(0).header("Authorization")).isNull();
    }

    @Test
    void theTokenIsNotSentOverPlainHttpToAnotherHost() {
        Optional<HubToken> token = Optional.of(new HubToken(SECRET, "HF_TOKEN"));
        assertThatThrownBy(() -> HubClient.builder()
                        .endpoint(URI.create("http://hub.example.org"))
                        .token(token)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("refusing to send the token from HF_TOKEN over plain http")
                .hasMessageNotContaining(SECRET);
        // https, loopback, or an explicit opt-in are fine
        HubClient.builder()
                .endpoint(URI.create("https://hub.example.org"))
                .token(token)
                .build();
        HubClient.builder()
                .endpoint(URI.create("http://localhost:8080"))
                .token(token)
                .build();
        HubClient.builder()
                .endpoint(URI.create("http://[::1]:8080"))
                .token(token)
                .build();
        HubClient.builder()
                .endpoint(URI.create("http://hub.example.org"))
                .token(token)
                .allowInsecureToken(true)
                .build();
    }
}
