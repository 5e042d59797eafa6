package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LFS through the batch API: basic and multipart uploads, checks, and commits that point at them. */
class LfsUploadTest {
    static final String REPO = "nersc/lfs";

    @TempDir
    Path dir;

    LocalHub hub;
    HubHttp http;

    @BeforeEach
    void start() throws Exception {
        // parts sent out of order one after another wait half the idle timeout for the ones before them
        hub = LocalHub.start(
                dir, LocalHub.Options.defaults().withMultipartChunkSize(1000).withIdleTimeout(Duration.ofSeconds(2)));
        http = new HubHttp(hub);
        http.createRepo(REPO, false);
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) {
        return HexFormat.of().formatHex(LfsStore.sha256().digest(b));
    }

    JsonNode batch(String oid, long size, String... transfers) {
        HubHttp.Answer a = http.post(
                "/datasets/" + REPO + ".git/info/lfs/objects/batch",
                Map.of(
                        "operation",
                        "upload",
                        "transfers",
                        List.of(transfers),
                        "hash_algo",
                        "sha_256",
                        "objects",
                        List.of(Map.of("oid", oid, "size", size))));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.json();
    }

    HubHttp.Answer putNoAuth(String url, byte[] body) {
        return http.send(http.request(url, false).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Test
    void whatAbandonedUploadsLeftIsRemovedWhenAHubStartsAndRecentUploadsAreLeftAlone() throws Exception {
        hub.close();
        Path incomplete = dir.resolve("lfs/incomplete");
        java.nio.file.attribute.FileTime twoDaysAgo =
                java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(2)));
        Path oldPut = Files.writeString(incomplete.resolve("put-1.tmp"), "cut short");
        Files.setLastModifiedTime(oldPut, twoDaysAgo);
        Path oldMultipart = Files.createDirectories(incomplete.resolve("upload-old"));
        Files.setLastModifiedTime(Files.writeString(oldMultipart.resolve("data"), "part"), twoDaysAgo);
        Files.setLastModifiedTime(Files.writeString(oldMultipart.resolve("00001"), ""), twoDaysAgo);
        Files.setLastModifiedTime(oldMultipart, twoDaysAgo);
        // an upload another hub sharing the folder is busy with: its folder is old, a part was just written
        Path busy = Files.createDirectories(incomplete.resolve("upload-busy"));
        Files.writeString(busy.resolve("data"), "being written");
        Files.setLastModifiedTime(busy, twoDaysAgo);
        Path recentPut = Files.writeString(incomplete.resolve("put-2.tmp"), "being written");

        // parts sent out of order one after another wait half the idle timeout for the ones before them
        hub = LocalHub.start(
                dir, LocalHub.Options.defaults().withMultipartChunkSize(1000).withIdleTimeout(Duration.ofSeconds(2)));

        assertThat(oldPut).doesNotExist();
        assertThat(oldMultipart).doesNotExist();
        assertThat(busy.resolve("data")).hasContent("being written");
        assertThat(recentPut).hasContent("being written");
    }

    @Test
    void multipartUploadThenCommitThenDownloadGivesTheSameBytes() throws Exception {
        byte[] data = bytes(2500);
        String oid = sha256(data);
        JsonNode answer = batch(oid, data.length, "basic", "multipart");
        assertThat(answer.get("transfer").asText()).isEqualTo("multipart");
        JsonNode upload = answer.at("/objects/0/actions/upload");
        assertThat(upload.at("/header/chunk_size").asText()).isEqualTo("1000");
        List<Map<String, Object>> parts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String url = upload.at("/header/0000" + i).asText();
            assertThat(url).startsWith(hub.url());
            byte[] part = java.util.Arrays.copyOfRange(data, (i - 1) * 1000, Math.min(data.length, i * 1000));
            HubHttp.Answer put = putNoAuth(url, part);
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.header("ETag")).startsWith("\"");
            parts.add(Map.of("partNumber", i, "etag", put.header("ETag")));
        }
        assertThat(upload.at("/header/00004").isMissingNode()).isTrue();
        HubHttp.Answer done = http.send(http.request(upload.get("href").asText(), false)
                .POST(HttpRequest.BodyPublishers.ofString(HubHttp.toJson(Map.of("oid", oid, "parts", parts)))));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(Files.readAllBytes(
                        dir.resolve("lfs/objects/" + oid.substring(0, 2) + "/" + oid.substring(2, 4) + "/" + oid)))
                .isEqualTo(data);

        assertThat(batch(oid, data.length, "basic", "multipart")
                        .at("/objects/0/actions")
                        .isMissingNode())
                .as("a stored object needs no upload")
                .isTrue();

        HubHttp.Answer commit = http.commit(
                REPO,
                "main",
                Map.of("summary", "big"),
                List.of(Map.of(
                        "key",
                        "lfsFile",
                        "value",
                        Map.of("path", "data/big.dat", "algo", "sha256", "oid", oid, "size", data.length))));
        assertThat(commit.status()).as(commit.toString()).isEqualTo(200);
        HubHttp.Answer resolved = http.get("/datasets/" + REPO + "/resolve/main/data/big.dat");
        assertThat(resolved.http().body()).isEqualTo(data);
        assertThat(resolved.header("X-Linked-Etag")).isEqualTo("\"" + oid + "\"");
        assertThat(resolved.header("X-Linked-Size")).isEqualTo("2500");
        String pointer =
                http.get("/datasets/" + REPO + "/raw/main/data/big.dat").text();
        assertThat(pointer)
                .isEqualTo("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize 2500\n");
        assertThat(http.get("/datasets/" + REPO + "/resolve/main/.gitattributes")
                        .text())
                .contains("data/big.dat filter=lfs diff=lfs merge=lfs -text");
        JsonNode entry = http.post(
                        "/api/datasets/" + REPO + "/paths-info/main", Map.of("paths", List.of("data/big.dat")))
                .json()
                .get(0);
        assertThat(entry.at("/lfs/oid").asText()).isEqualTo(oid);
        assertThat(entry.get("size").asLong()).isEqualTo(2500);
        assertThat(entry.at("/lfs/pointerSize").asInt()).isEqualTo(pointer.length());
    }

    @Test
    void partsArriveInAnyOrderAndAPartSentAgainWrongCountsOnlyOnceSentRight() throws Exception {
        byte[] data = bytes(2500);
        String oid = sha256(data);
        JsonNode upload = batch(oid, data.length, "basic", "multipart").at("/objects/0/actions/upload");
        Map<Integer, String> etags = new java.util.TreeMap<>();
        for (int i : new int[] {3, 1, 2}) {
            byte[] part = java.util.Arrays.copyOfRange(data, (i - 1) * 1000, Math.min(data.length, i * 1000));
            etags.put(i, putNoAuth(upload.at("/header/0000" + i).asText(), part).header("ETag"));
        }
        // part 1 again, one byte too long: refused, and its extra byte must not spill into part 2
        byte[] tooLong = java.util.Arrays.copyOfRange(data, 0, 1001);
        tooLong[0] ^= 1;
        assertThat(putNoAuth(upload.at("/header/00001").asText(), tooLong).status())
                .isEqualTo(400);
        List<Map<String, Object>> parts = new ArrayList<>();
        etags.forEach((n, etag) -> parts.add(Map.of("partNumber", n, "etag", etag)));
        String completion = HubHttp.toJson(Map.of("oid", oid, "parts", parts));
        HubHttp.Answer early = http.send(
                http.request(upload.get("href").asText(), false).POST(HttpRequest.BodyPublishers.ofString(completion)));
        assertThat(early.status()).as("part 1 no longer counts").isEqualTo(400);
        assertThat(early.text()).contains("part 1");

        assertThat(putNoAuth(upload.at("/header/00001").asText(), java.util.Arrays.copyOfRange(data, 0, 1000))
                        .status())
                .isEqualTo(200);
        HubHttp.Answer done = http.send(
                http.request(upload.get("href").asText(), false).POST(HttpRequest.BodyPublishers.ofString(completion)));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(Files.readAllBytes(
                        dir.resolve("lfs/objects/" + oid.substring(0, 2) + "/" + oid.substring(2, 4) + "/" + oid)))
                .isEqualTo(data);
        assertThat(dir.resolve("lfs/incomplete")).isEmptyDirectory();
    }

    @Test
    void basicUploadWithWrongBytesIsRefusedAndNothingIsStored() {
        byte[] data = bytes(500);
        String oid = sha256(data);
        JsonNode answer = batch(oid, data.length, "basic");
        assertThat(answer.get("transfer").asText()).isEqualTo("basic");
        String href = answer.at("/objects/0/actions/upload/href").asText();
        byte[] tampered = data.clone();
        tampered[7] ^= 1;
        HubHttp.Answer refused = putNoAuth(href, tampered);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).contains("sha256");
        assertThat(batch(oid, data.length, "basic")
                        .at("/objects/0/actions/upload")
                        .isMissingNode())
                .isFalse();
        assertThat(putNoAuth(href, data).status()).isEqualTo(200);
    }

    @Test
    void commitsCannotPointAtObjectsThatWereNeverUploaded() {
        String oid = "a".repeat(64);
        HubHttp.Answer a = http.commit(
                REPO,
                "main",
                Map.of("summary", "ghost"),
                List.of(Map.of(
                        "key",
                        "lfsFile",
                        "value",
                        Map.of("path", "ghost.bin", "algo", "sha256", "oid", oid, "size", 10))));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("never uploaded");
    }

    @Test
    void batchNeedsTheTokenAndRejectsBadOids() {
        HubHttp.Answer anon = http.send(http.request("/datasets/" + REPO + ".git/info/lfs/objects/batch", false)
                .POST(HttpRequest.BodyPublishers.ofString("{\"operation\":\"upload\",\"objects\":[]}")));
        assertThat(anon.status()).isEqualTo(401);
        JsonNode bad = batch("not-a-sha", 3, "basic");
        assertThat(bad.at("/objects/0/error/code").asInt()).isEqualTo(422);
    }
}
