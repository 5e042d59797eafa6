package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests the fuzz test found mishandled, each kept as a case: a 4xx with the Hub's error answer. */
class LocalHubHardeningTest {
  // one hub for all cases (stopping one takes a second); no case changes what the others read
  @TempDir static Path dir;
  static LocalHub hub;
  static HubHttp http;

  @BeforeAll
  static void start() throws Exception {
    hub = LocalHub.start(dir, LocalHub.Options.defaults());
    http = new HubHttp(hub);
    http.createRepo("nersc/hard", false);
  }

  @AfterAll
  static void stop() {
    hub.stop();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/whoami-v2?%=%", "/api/datasets?search=%zz", "/api/datasets/nersc/hard/tree/main?a=%",
      "/api/datasets/nersc/hard/revision/main?expand=%G1"})
  void aMalformedQueryIsA400NotAHangUp(String path) throws Exception {
    RawHttp.Answer a = RawHttp.send(hub.url(), RawHttp.request("GET", path, hub.token(), null, new byte[0], null));
    assertThat(a.status()).as(a.text()).isEqualTo(400);
  }

  // the JDK's HttpServer answered these itself, with HTML naming its exceptions ("URISyntaxException thrown")
  @ParameterizedTest
  @ValueSource(strings = {"GET /datasets/x/%zz HTTP/1.1", "GET /api/datasets/%E0%A4%A HTTP/1.1", "GET / HTTP/9.9",
      "GET /a b HTTP/1.1", "GET / HTTP/1.1\r\nBad Header", "GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6",
      "POST / HTTP/1.1\r\nTransfer-Encoding: gzip", "GET / HTTP/1.1\r\nX-Big: LONG", "GET /LONG HTTP/1.1"})
  void requestsTheServerRefusesGetTheHubsJsonError(String head) throws Exception {
    String request = head.replace("LONG", "x".repeat(20_000)) + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    RawHttp.Answer a = RawHttp.send(hub.url(), request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    // 505 for an HTTP version other than 1.x; every other refusal is the client's error
    assertThat(a.status()).as(a.text()).isBetween(400, 505).isNotEqualTo(500);
    String body = a.text().substring(a.text().indexOf("\r\n\r\n") + 4);
    assertThat(HubHttp.JSON.readTree(body).path("error").asText()).as(a.text()).isNotBlank();
    assertThat(a.text()).doesNotContain("Exception", "<h1>", "Jetty");
  }

  // "offset:-1" in the cursor's base64: a negative offset was an IndexOutOfBoundsException, a 500
  @ParameterizedTest
  @ValueSource(strings = {"/api/datasets?cursor=b2Zmc2V0Oi0x", "/api/datasets/nersc/hard/tree/main?cursor=b2Zmc2V0Oi0x"})
  void aCursorWithANegativeOffsetIsA400(String path) {
    HubHttp.Answer a = http.get(path);
    assertThat(a.status()).as(a.toString()).isEqualTo(400);
    assertThat(a.header("X-Error-Message")).contains("cursor");
  }

  // a lone surrogate reached the file system as a ref name ("Cannot read file"), a 5000-character
  // branch name was too long for it: both were 500s
  @ParameterizedTest
  @ValueSource(strings = {"{\"startingPoint\":\"\\ud800\"}", "{\"startingPoint\":\"x\\udfffy\"}"})
  void aRevisionThatIsNoTextIsNotFound(String body) {
    HubHttp.Answer a = http.send(http.request("/api/datasets/nersc/hard/branch/dev", true)
        .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    assertThat(a.status()).as(a.toString()).isEqualTo(404);
    assertThat(a.header("X-Error-Code")).isEqualTo("RevisionNotFound");
  }

  @ParameterizedTest
  @ValueSource(strings = {"branch/", "tag/"})
  void aRefNameTooLongForTheFileSystemIsA400(String kind) {
    String name = "x".repeat(5000);
    HubHttp.Answer a = kind.equals("branch/")
        ? http.post("/api/datasets/nersc/hard/branch/" + name, java.util.Map.of("startingPoint", "main"))
        : http.post("/api/datasets/nersc/hard/tag/main", java.util.Map.of("tag", name));
    assertThat(a.status()).as(a.toString()).isEqualTo(400);
    assertThat(a.header("X-Error-Message")).contains("too long");
    assertThat(http.get("/api/datasets/nersc/hard/refs").status()).isEqualTo(200);
  }

  // found by KillTest: a writer killed while moving a branch leaves refs/heads/main.lock, and every
  // later commit was a 412 ("the branch was updated") for ever, so no re-run could complete
  @org.junit.jupiter.api.Test
  void aLockFileLeftByAKilledWriterDoesNotWedgeTheRepo() throws Exception {
    http.createRepo("nersc/stale", false);
    String head = http.head("nersc/stale");
    Path lock = dir.resolve("datasets/nersc/stale.git/refs/heads/main.lock");
    java.nio.file.Files.writeString(lock, "0123456789012345678901234567890123456789\n");

    HubHttp.Answer a = http.commit("nersc/stale", "main", java.util.Map.of("summary", "after a kill",
        "parentCommit", head), java.util.List.of(HubHttp.file("a.txt", "a")));

    assertThat(a.status()).as(a.toString()).isEqualTo(200);
    assertThat(http.head("nersc/stale")).isEqualTo(a.json().get("commitOid").asText());
    assertThat(lock).doesNotExist();
    HubHttp.Answer stale = http.commit("nersc/stale", "main", java.util.Map.of("summary", "stale parent",
        "parentCommit", head), java.util.List.of(HubHttp.file("b.txt", "b")));
    assertThat(stale.status()).as("a stale parent is still refused").isEqualTo(412);
    assertThat(HubIntegrity.problems(dir)).isEmpty();
  }
}
