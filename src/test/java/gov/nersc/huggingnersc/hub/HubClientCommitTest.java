package gov.nersc.huggingnersc.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.errors.HuggingNerscException.Kind;
import gov.nersc.huggingnersc.hub.FakeHub.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit flow on the wire: validate-yaml, preupload, LFS (basic and multipart), NDJSON, lost answers. */
class HubClientCommitTest {
    static final String TOKEN = "hf_CommitTestToken";
    static final RepoId REPO = RepoId.parse("NERSC/climate");
    static final String API = "/api/datasets/NERSC/climate";
    static final String PARENT = "1".repeat(40);
    static final String OURS = "2".repeat(40);
    static final String CARD = "---\nlicense: cc-by-4.0\n---\n# Climate\n";

    @TempDir
    Path dir;

    final FakeHub hub = new FakeHub();
    final FakeTime time = new FakeTime();
    final AtomicReference<String> head = new AtomicReference<>(PARENT);

    @AfterEach
    void stop() {
        hub.close();
    }

    HubClient client() {
        return HubClient.builder()
                .endpoint(hub.uri())
                .token(Optional.of(new HubToken(TOKEN, "HF_TOKEN")))
                .retryPolicy(new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(2), 0))
                .sleeper(time)
                .clock(time)
                .build();
    }

    /** A hub that knows its branch head, calls *.bin files LFS, and commits by moving the head. */
    void standardRoutes() {
        hub.on("POST", "/api/validate-yaml", r -> Reply.json(200, "{}"));
        hub.on(
                "GET",
                API + "/revision/main",
                r -> Reply.json(200, "{\"id\":\"NERSC/climate\",\"sha\":\"" + head.get() + "\"}"));
        hub.on("POST", API + "/preupload/main", r -> {
            ObjectNode answer = FakeHub.JSON.createObjectNode();
            ArrayNode files = answer.putArray("files");
            r.json()
                    .path("files")
                    .forEach(f -> files.addObject()
                            .put("path", f.path("path").asText())
                            .put("uploadMode", f.path("path").asText().endsWith(".bin") ? "lfs" : "regular")
                            .put("shouldIgnore", false));
            return Reply.json(200, answer);
        });
        hub.on("POST", API + "/commit/main", r -> {
            head.set(OURS);
            return Reply.json(
                    200,
                    "{\"success\":true,\"commitOid\":\"" + OURS + "\",\"commitUrl\":\""
                            + hub.url("/datasets/NERSC/climate/commit/" + OURS) + "\"}");
        });
        hub.on(
                "GET",
                API + "/commits/" + OURS,
                r -> Reply.json(
                        200,
                        "[{\"id\":\"" + OURS + "\",\"title\":\"Publish climate\"},{\"id\":\"" + PARENT
                                + "\",\"title\":\"Initial commit\"}]"));
    }

    /** The LFS batch answers: upload everything with a basic PUT to /upload/{oid}. */
    void basicLfs() {
        hub.on("POST", "/datasets/NERSC/climate.git/info/lfs/objects/batch", r -> {
            ObjectNode answer = FakeHub.JSON.createObjectNode().put("transfer", "basic");
            ArrayNode objects = answer.putArray("objects");
            r.json()
                    .path("objects")
                    .forEach(o -> objects.addObject()
                            .put("oid", o.path("oid").asText())
                            .put("size", o.path("size").asLong())
                            .putObject("actions")
                            .putObject("upload")
                            .put("href", hub.url("/upload/" + o.path("oid").asText())));
            return Reply.json(200, answer);
        });
        hub.on("PUT", "/upload/.*", r -> Reply.status(200));
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static CommitRequest publish(List<CommitOperation> ops) {
        return new CommitRequest("main", "Publish climate", "from NERSC", Optional.empty(), false, ops);
    }

    @Test
    void theParentIsTakenFromPreuploadSoASmallCommitIsTwoRequests() {
        standardRoutes();
        hub.on("POST", API + "/preupload/main", r -> {
            ObjectNode answer = FakeHub.JSON.createObjectNode().put("commitOid", PARENT);
            r.json()
                    .path("files")
                    .forEach(f -> answer.withArray("files")
                            .addObject()
                            .put("path", f.path("path").asText())
                            .put("uploadMode", "regular")
                            .put("shouldIgnore", false));
            return Reply.json(200, answer);
        });

        CommitInfo info = client().commit(
                        REPO,
                        publish(List.of(new CommitOperation.Add(
                                "nersc.json", ContentSource.of("{}".getBytes(StandardCharsets.UTF_8))))));

        assertThat(info.oid()).isEqualTo(OURS);
        assertThat(hub.requests())
                .extracting(FakeHub.Request::method, FakeHub.Request::rawPath)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("POST", API + "/preupload/main"),
                        org.assertj.core.groups.Tuple.tuple("POST", API + "/commit/main"));
        assertThat(hub.requests("POST", API + "/commit/main")
                        .get(0)
                        .ndjson()
                        .get(0)
                        .path("value")
                        .path("parentCommit")
                        .asText())
                .isEqualTo(PARENT);
    }

    @Test
    void oneCommitCarriesTheHeaderInlineFilesLfsPointersAndDeletions() throws Exception {
        standardRoutes();
        basicLfs();
        byte[] big = random(3 * 1024 * 1024 + 17, 1);
        Path bigFile = Files.write(dir.resolve("big.bin"), big);
        byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);

        CommitInfo info = client().commit(
                        REPO,
                        publish(List.of(
                                new CommitOperation.Add("README.md", ContentSource.of(CARD)),
                                new CommitOperation.Add("data/x.csv", ContentSource.of(csv)),
                                new CommitOperation.Add("data/big.bin", ContentSource.of(bigFile)),
                                new CommitOperation.Delete("old.txt"),
                                new CommitOperation.DeleteFolder("old/"))));

        assertThat(info.oid()).isEqualTo(OURS);
        assertThat(info.url()).endsWith("/datasets/NERSC/climate/commit/" + OURS);

        JsonNode validate = hub.requests("POST", "/api/validate-yaml").get(0).json();
        assertThat(validate.path("content").asText()).isEqualTo(CARD);
        assertThat(validate.path("repoType").asText()).isEqualTo("dataset");

        JsonNode pre = hub.requests("POST", API + "/preupload/main").get(0).json();
        assertThat(pre.path("files")).hasSize(3);
        JsonNode bigPre = pre.path("files").get(2);
        assertThat(bigPre.path("path").asText()).isEqualTo("data/big.bin");
        assertThat(bigPre.path("size").asLong()).isEqualTo(big.length);
        assertThat(Base64.getDecoder().decode(bigPre.path("sample").asText())).isEqualTo(Arrays.copyOf(big, 512));

        FakeHub.Request batch =
                hub.requests("POST", ".*/info/lfs/objects/batch").get(0);
        assertThat(batch.header("Content-Type")).isEqualTo("application/vnd.git-lfs+json");
        assertThat(batch.header("Accept")).isEqualTo("application/vnd.git-lfs+json");
        assertThat(batch.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        JsonNode b = batch.json();
        assertThat(b.path("operation").asText()).isEqualTo("upload");
        assertThat(b.path("transfers").toString()).isEqualTo("[\"basic\",\"multipart\"]");
        assertThat(b.path("hash_algo").asText()).isEqualTo("sha256");
        assertThat(b.path("ref").path("name").asText()).isEqualTo("main");
        assertThat(b.path("objects")).hasSize(1);
        assertThat(b.path("objects").get(0).path("oid").asText()).isEqualTo(sha256(big));
        assertThat(b.path("objects").get(0).path("size").asLong()).isEqualTo(big.length);

        FakeHub.Request put = hub.requests("PUT", "/upload/.*").get(0);
        assertThat(put.body()).isEqualTo(big);
        assertThat(put.header("Authorization")).as("no token to upload URLs").isNull();

        FakeHub.Request commit = hub.requests("POST", API + "/commit/main").get(0);
        assertThat(commit.header("Content-Type")).isEqualTo("application/x-ndjson");
        List<JsonNode> lines = commit.ndjson();
        assertThat(lines)
                .extracting(l -> l.path("key").asText())
                .containsExactly("header", "file", "file", "lfsFile", "deletedFile", "deletedFolder");
        JsonNode header = lines.get(0).path("value");
        assertThat(header.path("summary").asText()).isEqualTo("Publish climate");
        assertThat(header.path("description").asText()).isEqualTo("from NERSC");
        assertThat(header.path("parentCommit").asText())
                .as("the head read first")
                .isEqualTo(PARENT);
        JsonNode card = lines.get(1).path("value");
        assertThat(card.path("path").asText()).isEqualTo("README.md");
        assertThat(card.path("encoding").asText()).isEqualTo("base64");
        assertThat(new String(Base64.getDecoder().decode(card.path("content").asText()), StandardCharsets.UTF_8))
                .isEqualTo(CARD);
        assertThat(Base64.getDecoder()
                        .decode(lines.get(2).path("value").path("content").asText()))
                .isEqualTo(csv);
        JsonNode lfs = lines.get(3).path("value");
        assertThat(lfs.path("path").asText()).isEqualTo("data/big.bin");
        assertThat(lfs.path("algo").asText()).isEqualTo("sha256");
        assertThat(lfs.path("oid").asText()).isEqualTo(sha256(big));
        assertThat(lfs.path("size").asLong()).isEqualTo(big.length);
        assertThat(lines.get(4).path("value").path("path").asText()).isEqualTo("old.txt");
        assertThat(lines.get(5).path("value").path("path").asText()).isEqualTo("old");
    }

    @Test
    void multipartSendsEachPartsByteRangeInParallelAndCompletesWithTheirEtags() throws Exception {
        standardRoutes();
        int chunk = 1024 * 1024;
        byte[] big = random(2 * chunk + 12345, 2);
        Path file = Files.write(dir.resolve("big.bin"), big);
        String oid = sha256(big);
        hub.on("POST", ".*/info/lfs/objects/batch", r -> {
            ObjectNode answer = FakeHub.JSON.createObjectNode().put("transfer", "multipart");
            ObjectNode upload = answer.putArray("objects")
                    .addObject()
                    .put("oid", oid)
                    .put("size", big.length)
                    .putObject("actions")
                    .putObject("upload")
                    .put("href", hub.url("/complete?uploadId=u1"));
            ObjectNode header = upload.putObject("header").put("chunk_size", Integer.toString(chunk));
            for (int i = 1; i <= 3; i++) {
                header.put(String.format("%05d", i), hub.url("/part/" + i));
            }
            return Reply.json(200, answer);
        });
        hub.on(
                "PUT",
                "/part/.*",
                r -> Reply.status(200).header("ETag", "\"etag-" + r.rawPath().substring(6) + "\""));
        hub.on("POST", "/complete", r -> Reply.json(200, "{}"));

        client().commit(REPO, publish(List.of(new CommitOperation.Add("big.bin", ContentSource.of(file)))));

        for (int i = 1; i <= 3; i++) {
            FakeHub.Request part = hub.requests("PUT", "/part/" + i).get(0);
            int from = (i - 1) * chunk;
            assertThat(part.body())
                    .as("part " + i)
                    .isEqualTo(Arrays.copyOfRange(big, from, Math.min(big.length, from + chunk)));
            assertThat(part.header("Authorization")).isNull();
        }
        FakeHub.Request done = hub.requests("POST", "/complete").get(0);
        assertThat(done.rawQuery()).isEqualTo("uploadId=u1");
        assertThat(done.header("Authorization")).isNull();
        assertThat(done.header("Content-Type")).isEqualTo("application/vnd.git-lfs+json");
        assertThat(done.json())
                .isEqualTo(FakeHub.JSON.readTree("{\"oid\":\"" + oid + "\",\"parts\":["
                        + "{\"partNumber\":1,\"etag\":\"\\\"etag-1\\\"\"},{\"partNumber\":2,\"etag\":\"\\\"etag-2\\\"\"},"
                        + "{\"partNumber\":3,\"etag\":\"\\\"etag-3\\\"\"}]}"));
        assertThat(hub.requests("POST", API + "/commit/main")
                        .get(0)
                        .ndjson()
                        .get(1)
                        .path("value")
                        .path("oid")
                        .asText())
                .isEqualTo(oid);
    }

    @Test
    void objectsTheHubAlreadyHasAreNotUploaded() throws Exception {
        standardRoutes();
        byte[] big = random(5000, 3);
        hub.on(
                "POST",
                ".*/info/lfs/objects/batch",
                r -> Reply.json(
                        200,
                        "{\"transfer\":\"basic\",\"objects\":[{\"oid\":\""
                                + r.json().path("objects").get(0).path("oid").asText() + "\",\"size\":5000}]}"));
        client().commit(REPO, publish(List.of(new CommitOperation.Add("a.bin", ContentSource.of(big)))));
        assertThat(hub.requests().stream().filter(r -> r.method().equals("PUT")))
                .isEmpty();
        assertThat(hub.requests("POST", API + "/commit/main")
                        .get(0)
                        .ndjson()
                        .get(1)
                        .path("key")
                        .asText())
                .isEqualTo("lfsFile");
    }

    @Test
    void anInvalidCardIsRefusedWithTheHubsReasonsBeforeAnythingIsSent() {
        standardRoutes();
        hub.on(
                "POST",
                "/api/validate-yaml",
                r -> Reply.json(
                        400, "{\"errors\":[{\"message\":\"\\\"license\\\" must be one of [apache-2.0, mit, ...]\"}]}"));
        HubBadRequestException e = catchThrowableOfType(
                () -> client().commit(
                                REPO, publish(List.of(new CommitOperation.Add("README.md", ContentSource.of(CARD))))),
                HubBadRequestException.class);
        assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
        assertThat(e.getMessage())
                .startsWith("README.md: the Hub refused the card's metadata: \"license\" must be one of");
        assertThat(hub.requests("POST", API + "/.*")).isEmpty();
    }

    @Test
    void anEndpointWithoutValidateYamlIsSkippedSilently() {
        standardRoutes();
        hub.on("POST", "/api/validate-yaml", r -> Reply.error(405, null, "method not allowed"));
        CommitInfo info =
                client().commit(REPO, publish(List.of(new CommitOperation.Add("README.md", ContentSource.of(CARD)))));
        assertThat(info.oid()).isEqualTo(OURS);
    }

    @Test
    void filesAlreadyThereAreLeftOutAndNothingChangedMeansNoCommit() throws Exception {
        standardRoutes();
        String blob = ContentSource.of(CARD).gitBlobSha1();
        hub.on(
                "POST",
                API + "/preupload/main",
                r -> Reply.json(
                        200,
                        "{\"files\":[{\"path\":\"README.md\","
                                + "\"uploadMode\":\"regular\",\"shouldIgnore\":false,\"oid\":\"" + blob + "\"}]}"));
        CommitInfo info =
                client().commit(REPO, publish(List.of(new CommitOperation.Add("README.md", ContentSource.of(CARD)))));
        assertThat(info.oid()).isEqualTo(PARENT);
        assertThat(hub.requests("POST", API + "/commit/main")).isEmpty();
    }

    @Test
    void preuploadAsksAbout256FilesAtATime() {
        standardRoutes();
        List<CommitOperation> ops = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ops.add(new CommitOperation.Add("f/" + i + ".txt", ContentSource.of("x" + i)));
        }
        client().commit(REPO, publish(ops));
        assertThat(hub.requests("POST", API + "/preupload/main"))
                .extracting(r -> r.json().path("files").size())
                .containsExactly(256, 44);
        assertThat(hub.requests("POST", API + "/commit/main").get(0).ndjson()).hasSize(301);
    }

    @Test
    void aLostCommitAnswerIsRecognisedFromTheBranchHeadAndNotSentAgain() {
        standardRoutes();
        hub.on("POST", API + "/commit/main", r -> {
            head.set(OURS); // the Hub committed, then the answer was lost
            return Reply.drop();
        });
        CommitRequest request = new CommitRequest(
                "main",
                "Publish climate",
                "",
                Optional.of(PARENT),
                false,
                List.of(new CommitOperation.Add("a.txt", ContentSource.of("a"))));
        CommitInfo info = client().commit(REPO, request);
        assertThat(info.oid()).isEqualTo(OURS);
        assertThat(hub.requests("POST", API + "/commit/main")).hasSize(1);
    }

    @Test
    void aCommitRefusedWith503WithoutLandingIsSentAgain() {
        standardRoutes();
        hub.once("POST", API + "/commit/main", Reply.error(503, null, "busy"));
        CommitInfo info =
                client().commit(REPO, publish(List.of(new CommitOperation.Add("a.txt", ContentSource.of("a")))));
        assertThat(info.oid()).isEqualTo(OURS);
        List<FakeHub.Request> commits = hub.requests("POST", API + "/commit/main");
        assertThat(commits).hasSize(2);
        assertThat(commits.get(1).body()).isEqualTo(commits.get(0).body());
        assertThat(time.sleeps).hasSize(1);
    }

    @Test
    void aLostAnswerWhileAnotherCommitLandedIsAConflictAndNothingIsResent() {
        standardRoutes();
        String theirs = "3".repeat(40);
        hub.on("POST", API + "/commit/main", r -> {
            head.set(theirs);
            return Reply.drop();
        });
        hub.on(
                "GET",
                API + "/commits/" + theirs,
                r -> Reply.json(
                        200,
                        "[{\"id\":\"" + theirs + "\",\"title\":\"Someone else's change\"},{\"id\":\"" + PARENT
                                + "\",\"title\":\"Initial\"}]"));
        PreconditionFailedException e = catchThrowableOfType(
                () -> client().commit(REPO, publish(List.of(new CommitOperation.Add("a.txt", ContentSource.of("a"))))),
                PreconditionFailedException.class);
        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("has moved from " + PARENT + " to " + theirs);
        assertThat(hub.requests("POST", API + "/commit/main")).hasSize(1);
    }

    @Test
    void aStaleParentIsAConflict() {
        standardRoutes();
        hub.on(
                "POST",
                API + "/commit/main",
                r -> Reply.error(412, null, "The branch was updated since you opened this page."));
        PreconditionFailedException e = catchThrowableOfType(
                () -> client().commit(REPO, publish(List.of(new CommitOperation.Add("a.txt", ContentSource.of("a"))))),
                PreconditionFailedException.class);
        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("The branch was updated", "req-");
        assertThat(hub.requests("POST", API + "/commit/main")).hasSize(1);
    }

    @Test
    void aPullRequestCommitAsksForOneAndReturnsItsUrl() {
        standardRoutes();
        hub.on(
                "POST",
                API + "/preupload/main",
                r -> Reply.json(
                        200,
                        "{\"files\":[{\"path\":\"a.txt\"," + "\"uploadMode\":\"regular\",\"shouldIgnore\":false}]}"));
        hub.on(
                "POST",
                API + "/commit/main",
                r -> Reply.json(
                        200,
                        "{\"commitOid\":\"" + OURS + "\",\"commitUrl\":\"u\"," + "\"pullRequestUrl\":\""
                                + hub.url("/datasets/NERSC/climate/discussions/1") + "\"}"));
        CommitInfo info = client().commit(
                        REPO,
                        new CommitRequest(
                                "main",
                                "Propose",
                                "",
                                Optional.of(PARENT),
                                true,
                                List.of(new CommitOperation.Add("a.txt", ContentSource.of("a")))));
        assertThat(info.pullRequestUrl()).endsWith("/discussions/1");
        assertThat(hub.requests("POST", API + "/commit/main").get(0).query("create_pr"))
                .containsExactly("1");
        assertThat(hub.requests("POST", API + "/preupload/main").get(0).query("create_pr"))
                .containsExactly("1");
    }
}
