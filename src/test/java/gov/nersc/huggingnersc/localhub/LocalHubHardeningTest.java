package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests the fuzz test, and an attack on the hub as a hostile user would make it, found mishandled,
 * each kept as a case: a 4xx with the Hub's error answer, and nothing on disk that git refuses.
 */
class LocalHubHardeningTest {
    // one hub for all cases (stopping one takes a second); no case changes what the others read
    @TempDir
    static Path dir;

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
    @ValueSource(
            strings = {
                "/api/whoami-v2?%=%",
                "/api/datasets?search=%zz",
                "/api/datasets/nersc/hard/tree/main?a=%",
                "/api/datasets/nersc/hard/revision/main?expand=%G1"
            })
    void aMalformedQueryIsA400NotAHangUp(String path) throws Exception {
        RawHttp.Answer a = RawHttp.send(hub.url(), RawHttp.request("GET", path, hub.token(), null, new byte[0], null));
        assertThat(a.status()).as(a.text()).isEqualTo(400);
    }

    // the JDK's HttpServer answered these itself, with HTML naming its exceptions ("URISyntaxException thrown")
    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET /datasets/x/%zz HTTP/1.1",
                "GET /api/datasets/%E0%A4%A HTTP/1.1",
                "GET / HTTP/9.9",
                "GET /a b HTTP/1.1",
                "GET / HTTP/1.1\r\nBad Header",
                "GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6",
                "POST / HTTP/1.1\r\nTransfer-Encoding: gzip",
                "GET / HTTP/1.1\r\nX-Big: LONG",
                "GET /LONG HTTP/1.1"
            })
    void requestsTheServerRefusesGetTheHubsJsonError(String head) throws Exception {
        String request = head.replace("LONG", "x".repeat(20_000)) + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        RawHttp.Answer a = RawHttp.send(hub.url(), request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        // 505 for an HTTP version other than 1.x; every other refusal is the client's error
        assertThat(a.status()).as(a.text()).isBetween(400, 505).isNotEqualTo(500);
        String body = a.text().substring(a.text().indexOf("\r\n\r\n") + 4);
        assertThat(HubHttp.JSON.readTree(body).path("error").asText())
                .as(a.text())
                .isNotBlank();
        assertThat(a.text()).doesNotContain("Exception", "<h1>", "Jetty");
    }

    // "offset:-1" in the cursor's base64: a negative offset was an IndexOutOfBoundsException, a 500
    @ParameterizedTest
    @ValueSource(
            strings = {"/api/datasets?cursor=b2Zmc2V0Oi0x", "/api/datasets/nersc/hard/tree/main?cursor=b2Zmc2V0Oi0x"})
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
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
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

        HubHttp.Answer a = http.commit(
                "nersc/stale",
                "main",
                java.util.Map.of("summary", "after a kill", "parentCommit", head),
                java.util.List.of(HubHttp.file("a.txt", "a")));

        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(http.head("nersc/stale")).isEqualTo(a.json().get("commitOid").asText());
        assertThat(lock).doesNotExist();
        HubHttp.Answer stale = http.commit(
                "nersc/stale",
                "main",
                java.util.Map.of("summary", "stale parent", "parentCommit", head),
                java.util.List.of(HubHttp.file("b.txt", "b")));
        assertThat(stale.status()).as("a stale parent is still refused").isEqualTo(412);
        assertThat(HubIntegrity.problems(dir)).isEmpty();
    }

    // a card whose YAML refers to itself made CardMetadata recurse without end: the create route took
    // it unchecked, and from then on the listing, the front page and the repo's pages died unanswered
    static final String SELF_REFERENCE = "---\na: &a [*a]\n---\n# Loop\n";
    static final String ALIAS_BOMB =
            "---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
                    + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\n"
                    + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e]\n---\n";

    @ParameterizedTest
    @ValueSource(strings = {SELF_REFERENCE, ALIAS_BOMB})
    void aCardTheHubCannotReadIsRefusedWhereverItIsWritten(String card) {
        HubHttp.Answer created = http.post(
                "/api/repos/create",
                Map.of(
                        "name",
                        "loop",
                        "organization",
                        "nersc",
                        "type",
                        "dataset",
                        "files",
                        List.of(Map.of("path", "README.md", "content", card))));
        assertThat(created.status()).as(created.toString()).isEqualTo(400);
        assertThat(created.json().get("error").asText()).contains("README.md");
        HubHttp.Answer committed =
                http.commit("nersc/hard", "main", Map.of("summary", "loop"), List.of(HubHttp.file("README.md", card)));
        assertThat(committed.status()).as(committed.toString()).isEqualTo(400);
        HubHttp.Answer validated = http.post("/api/validate-yaml", Map.of("content", card, "repoType", "dataset"));
        assertThat(validated.status()).as(validated.toString()).isEqualTo(400);
        assertThat(validated.json().get("error").asText()).contains("front matter");

        assertThat(http.getAnonymous("/api/datasets").status()).isEqualTo(200);
        assertThat(http.page("/", false).status()).isEqualTo(200);
        assertThat(http.get("/api/datasets/nersc/hard").status()).isEqualTo(200);
    }

    @Test
    void aCardThatRefersToItselfAlreadyInARepoBreaksNoListing() throws Exception {
        http.createRepo("nersc/old-loop", false);
        // as a hub before this check would have stored it: straight into the repository
        RepoStore store = new RepoStore(dir);
        try (DatasetRepo repo = store.open(new gov.nersc.huggingnersc.api.RepoId("nersc", "old-loop"))) {
            var head = repo.resolve("main").commit();
            var files = repo.files(head);
            try (var ins = repo.git.newObjectInserter()) {
                files.put(
                        "README.md",
                        ins.insert(
                                org.eclipse.jgit.lib.Constants.OBJ_BLOB,
                                SELF_REFERENCE.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                ins.flush();
            }
            repo.commit("refs/heads/main", head, head, files, "old card", java.time.Instant.now());
        }
        assertThat(http.getAnonymous("/api/datasets?full=true").status()).isEqualTo(200);
        assertThat(http.page("/", false).status()).isEqualTo(200);
        assertThat(http.page("/datasets/nersc/old-loop", false).status()).isEqualTo(200);
        HubHttp.Answer info = http.get("/api/datasets/nersc/old-loop");
        assertThat(info.status()).as(info.toString()).isEqualTo(200);
        assertThat(info.json().has("cardData")).isFalse();
    }

    // a pointer committed as a regular file named an object the hub lacked, or claimed 5000 bytes for
    // a 1000-byte object: the tree listed the false size and the download hung after its headers
    @Test
    void anLfsPointerInARegularFileMustMatchTheStoredObject() {
        byte[] object = LfsUploadTest.bytes(1000);
        Map<String, Object> lfsOp = http.lfsFile("nersc/hard", "real.bin", object);
        String oid = LfsUploadTest.sha256(object);
        String missing = pointer("ab".repeat(32), 1000);
        String wrongSize = pointer(oid, 5000);
        for (String content : List.of(missing, wrongSize)) {
            HubHttp.Answer a = http.commit(
                    "nersc/hard", "main", Map.of("summary", "pointer"), List.of(HubHttp.file("fake.bin", content)));
            assertThat(a.status()).as(a.toString()).isEqualTo(400);
            assertThat(a.json().get("error").asText()).contains("fake.bin", "LFS pointer");
            HubHttp.Answer created = http.post(
                    "/api/repos/create",
                    Map.of(
                            "name",
                            "pointer",
                            "organization",
                            "nersc",
                            "type",
                            "dataset",
                            "files",
                            List.of(Map.of("path", "fake.bin", "content", content))));
            assertThat(created.status()).as(created.toString()).isEqualTo(400);
        }
        HubHttp.Answer right = http.commit(
                "nersc/hard",
                "main",
                Map.of("summary", "pointer"),
                List.of(lfsOp, HubHttp.file("same.bin", pointer(oid, 1000))));
        assertThat(right.status())
                .as("a pointer to a stored object of its size is fine: %s", right)
                .isEqualTo(200);
        HubHttp.Answer download = http.get("/datasets/nersc/hard/resolve/main/same.bin");
        assertThat(download.http().body()).isEqualTo(object);
    }

    private static String pointer(String oid, long size) {
        return "version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize " + size + "\n";
    }

    // .git in disguise (macOS ignores U+200C and U+FEFF in names, Windows reads GIT~1 as .git) and a
    // .gitmodules whose url an old git takes for an option: git fsck, and cloning git, refuse them
    @ParameterizedTest
    @ValueSource(
            strings = {
                ".git\u200c/config",
                ".Git\ufeff/config",
                "GIT~1/config",
                "a/.git./hooks/x",
                "con.txt",
                "a/b:c.txt"
            })
    void pathsGitRefusesOnWindowsOrMacOsAreRefused(String path) throws Exception {
        HubHttp.Answer a = http.commit(
                "nersc/hard", "main", Map.of("summary", "disguise"), List.of(HubHttp.file(path, "[core]\n")));
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(HubIntegrity.problems(dir)).isEmpty();
    }

    @Test
    void aGitmodulesFileWhoseUrlIsAnOptionIsRefused() throws Exception {
        String modules = "[submodule \"x\"]\n\tpath = x\n\turl = --upload-pack=touch /tmp/pwned\n";
        for (String name : List.of(".gitmodules", ".GITMODULES", "sub/.gitmodules")) {
            HubHttp.Answer a = http.commit(
                    "nersc/hard", "main", Map.of("summary", "modules"), List.of(HubHttp.file(name, modules)));
            assertThat(a.status()).as(name + ": " + a).isEqualTo(400);
        }
        assertThat(HubIntegrity.problems(dir)).isEmpty();
    }

    // refs are files: refs/heads/a/b beside refs/heads/a failed in the file system, a 500 naming the
    // server's path (".../x.git/refs/heads/a/b.lock: Not a directory"); the Hub answers 409
    @ParameterizedTest
    @ValueSource(strings = {"branch:a:a/b", "branch:c/d:c", "tag:t:t/u", "tag:v/w:v"})
    void aRefInsideOrAroundAnotherIsAConflict(String spec) {
        String[] p = spec.split(":");
        for (int i = 1; i <= 2; i++) {
            HubHttp.Answer a = p[0].equals("branch")
                    ? http.post("/api/datasets/nersc/hard/branch/" + p[i], Map.of("startingPoint", "main"))
                    : http.post("/api/datasets/nersc/hard/tag/main", Map.of("tag", p[i]));
            if (i == 1) {
                assertThat(a.status()).as(a.toString()).isEqualTo(200);
            } else {
                assertThat(a.status()).as(a.toString()).isEqualTo(409);
                assertThat(a.text()).doesNotContain(dir.toString(), ".lock");
            }
        }
    }

    // Jackson's limits named its own settings ("from `StreamReadConstraints.getMaxNestingDepth()`")
    @Test
    void errorsNameNoLibraryInternals() {
        String deep = "[".repeat(2000) + "]".repeat(2000);
        HubHttp.Answer a = http.send(http.request("/api/repos/create", true)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\": " + deep + "}")));
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.text()).doesNotContain("StreamReadConstraints", "`", "com.fasterxml", "Exception");
    }

    // private repos were world-readable on disk under umask 022: any user could git clone them
    @Test
    void privateRepoFoldersAreTheServerOwnersAlone() throws Exception {
        http.createRepo("nersc/secret", true);
        http.createRepo("nersc/open", false);
        Path secret = dir.resolve("datasets/nersc/secret.git");
        Path open = dir.resolve("datasets/nersc/open.git");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                .isEqualTo("rwx------");
        assertThat(Files.getPosixFilePermissions(open)).isEqualTo(Files.getPosixFilePermissions(open.getParent()));

        assertThat(http.put("/api/datasets/nersc/secret/settings", Map.of("private", false))
                        .status())
                .isEqualTo(200);
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(Files.getPosixFilePermissions(secret.getParent()));
        assertThat(http.put("/api/datasets/nersc/open/settings", Map.of("private", true))
                        .status())
                .isEqualTo(200);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open)))
                .isEqualTo("rwx------");
        if (HubIntegrity.hasGit()) {
            // the owner still clones from disk
            Path clone = dir.resolve("clone");
            assertThat(HubIntegrity.git(dir, "clone", "-q", secret.toString(), clone.toString()))
                    .isNull();
            assertThat(clone.resolve(".gitattributes")).exists();
        }
    }
}
