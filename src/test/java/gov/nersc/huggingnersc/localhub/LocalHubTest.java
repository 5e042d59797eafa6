package gov.nersc.huggingnersc.localhub;

import static gov.nersc.huggingnersc.localhub.HubHttp.file;
import static gov.nersc.huggingnersc.localhub.HubHttp.op;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local hub over raw HTTP: the protocol's answers, errors, security and paging. */
class LocalHubTest {
    static final String REPO = "nersc/demo";
    static final String CARD = "---\nlicense: mit\nlanguage: [en, fr]\nsize_categories: [1K<n<10K]\n"
            + "task_categories: [image-classification]\ntags: [climate]\n---\n# Demo\n\nPaper: https://arxiv.org/pdf/1705.03551v2\n";

    @TempDir
    Path dir;

    LocalHub hub;
    HubHttp http;

    @BeforeEach
    void start() throws Exception {
        hub = LocalHub.start(
                dir,
                LocalHub.Options.defaults()
                        .withPageSize(2)
                        .withMultipartChunkSize(1000)
                        .withLfsThresholdBytes(5000));
        http = new HubHttp(hub);
    }

    @AfterEach
    void stop() {
        hub.stop();
    }

    @Test
    void whoamiNeedsTheServersToken() {
        assertThat(http.getAnonymous("/api/whoami-v2").status()).isEqualTo(401);
        HubHttp.Answer wrong =
                http.send(http.request("/api/whoami-v2", false).header("Authorization", "Bearer hf_wrong"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("X-Error-Message")).isEqualTo("Invalid credentials in Authorization header");
        http.createRepo(REPO, false);
        JsonNode me = http.get("/api/whoami-v2").json();
        assertThat(me.get("name").asText()).isEqualTo(LocalHub.USER);
        assertThat(me.at("/auth/accessToken/role").asText()).isEqualTo("write");
        assertThat(me.get("orgs").findValuesAsText("name")).containsExactly("nersc");
    }

    @Test
    void createAnswersUrlAndIdThenConflictWithUrl() {
        HubHttp.Answer created = http.createRepo(REPO, false);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json().get("url").asText()).isEqualTo(hub.url() + "/datasets/" + REPO);
        assertThat(created.json().get("id").asText()).matches("[0-9a-f]{24}");
        HubHttp.Answer again = http.createRepo(REPO, false);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("url").asText()).isEqualTo(hub.url() + "/datasets/" + REPO);
        assertThat(again.json().get("error").asText()).contains("already created");
        JsonNode tree = http.get("/api/datasets/" + REPO + "/tree/main").json();
        assertThat(tree.findValuesAsText("path")).containsExactly(".gitattributes");
        String attrs =
                http.get("/datasets/" + REPO + "/resolve/main/.gitattributes").text();
        assertThat(attrs)
                .contains("*.parquet filter=lfs diff=lfs merge=lfs -text", "*.h5 filter=lfs", "*.png filter=lfs");
    }

    @Test
    void createWithoutTokenOrWithBadNameIsRefused() {
        HubHttp.Answer anon = http.send(http.request("/api/repos/create", false)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"x\",\"organization\":\"nersc\",\"type\":\"dataset\"}")));
        assertThat(anon.status()).isEqualTo(401);
        HubHttp.Answer bad =
                http.post("/api/repos/create", Map.of("name", "bad--name", "organization", "nersc", "type", "dataset"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").asText()).contains("--");
    }

    @Test
    void everyErrorCarriesCodeMessageJsonAndTheRequestId() {
        HubHttp.Answer missing =
                http.send(http.request("/api/datasets/nersc/none", true).header("X-Request-Id", "trace-42"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("X-Error-Code")).isEqualTo("RepoNotFound");
        assertThat(missing.header("X-Error-Message")).contains("nersc/none");
        assertThat(missing.header("X-Request-Id")).isEqualTo("trace-42");
        assertThat(missing.json().get("error").asText()).contains("nersc/none");
        HubHttp.Answer amzn =
                http.send(http.request("/api/datasets/nersc/none", true).header("X-Amzn-Trace-Id", "amzn-7"));
        assertThat(amzn.header("X-Request-Id")).isEqualTo("amzn-7");
        assertThat(http.get("/api/datasets/nersc/none").header("X-Request-Id")).isNotBlank();
        http.createRepo(REPO, false);
        HubHttp.Answer rev = http.get("/api/datasets/" + REPO + "/revision/nope");
        assertThat(rev.status()).isEqualTo(404);
        assertThat(rev.header("X-Error-Code")).isEqualTo("RevisionNotFound");
        HubHttp.Answer deleted = http.send(http.request("/api/repos/delete", true)
                .method(
                        "DELETE",
                        HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"none\",\"organization\":\"nersc\",\"type\":\"dataset\"}")));
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.header("X-Error-Code")).isEqualTo("RepoNotFound");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "[1,2", "\"just a string\""})
    void malformedJsonIsA400NotA500(String body) {
        HubHttp.Answer a =
                http.send(http.request("/api/repos/create", true).POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().has("error")).isTrue();
    }

    @Test
    void malformedCommitsAreA400AndChangeNothing() {
        http.createRepo(REPO, false);
        String head = http.head(REPO);
        for (String body : List.of(
                "garbage",
                "{\"key\":\"file\",\"value\":{\"path\":\"a\"}}",
                "{\"key\":\"header\",\"value\":{\"summary\":\"only a header\"}}",
                "{\"key\":\"header\",\"value\":{\"summary\":\"x\"}}\n{\"key\":\"file\",\"value\":{\"path\":\"a\",\"content\":\"%%%\",\"encoding\":\"base64\"}}",
                "{\"key\":\"header\",\"value\":{\"summary\":\"\"}}\n{\"key\":\"deletedFile\",\"value\":{\"path\":\"a\"}}")) {
            HubHttp.Answer a = http.send(http.request("/api/datasets/" + REPO + "/commit/main", true)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(a.status()).as(body).isEqualTo(400);
        }
        assertThat(http.get("/api/datasets/" + REPO + "/commits/main").header("X-Error-Code"))
                .isNull();
        assertThat(http.head(REPO)).isEqualTo(head);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../escape.txt",
                "/abs.txt",
                "a/../../b",
                ".git/config",
                "dir/.git/hooks/x",
                "back\\slash",
                "nul\u0000byte",
                "a//b",
                "./a"
            })
    void unsafePathsAreRefusedWith400(String path) {
        http.createRepo(REPO, false);
        String head = http.head(REPO);
        HubHttp.Answer a = http.commit(REPO, "main", Map.of("summary", "evil"), List.of(file(path, "x")));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.header("X-Error-Message")).isNotBlank();
        assertThat(http.head(REPO)).isEqualTo(head);
    }

    @Test
    void staleParentCommitIsA412WithTheHubsMessage() {
        http.createRepo(REPO, false);
        String first = http.head(REPO);
        HubHttp.Answer ok =
                http.commit(REPO, "main", Map.of("summary", "one", "parentCommit", first), List.of(file("a.txt", "1")));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("commitUrl").asText())
                .isEqualTo(hub.url() + "/datasets/" + REPO + "/commit/"
                        + ok.json().get("commitOid").asText());
        HubHttp.Answer stale =
                http.commit(REPO, "main", Map.of("summary", "two", "parentCommit", first), List.of(file("b.txt", "2")));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().get("error").asText())
                .isEqualTo("The branch was updated since you opened this page. Please refresh and try again.");
        assertThat(http.head(REPO)).isEqualTo(ok.json().get("commitOid").asText());
    }

    @Test
    void preuploadClassifiesByPatternContentAndSizeAndNamesExistingOids() {
        http.createRepo(REPO, false);
        http.commit(REPO, "main", Map.of("summary", "csv"), List.of(file("t.csv", "a,b\n")));
        String nul = Base64.getEncoder().encodeToString(new byte[] {1, 0, 2});
        String text = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
        JsonNode answer = http.post(
                        "/api/datasets/" + REPO + "/preupload/main",
                        Map.of(
                                "gitIgnore",
                                "*.log\n",
                                "files",
                                List.of(
                                        Map.of("path", "t.csv", "size", 4, "sample", text),
                                        Map.of("path", "x.parquet", "size", 10, "sample", text),
                                        Map.of("path", "blob.dat", "size", 3, "sample", nul),
                                        Map.of("path", "big.txt", "size", 5000, "sample", text),
                                        Map.of("path", "empty.bin", "size", 0, "sample", ""),
                                        Map.of("path", "run.log", "size", 5, "sample", text))))
                .json();
        Map<String, String> modes = new java.util.HashMap<>();
        answer.get("files")
                .forEach(f ->
                        modes.put(f.get("path").asText(), f.get("uploadMode").asText()));
        assertThat(modes)
                .containsEntry("t.csv", "regular")
                .containsEntry("x.parquet", "lfs")
                .containsEntry("blob.dat", "lfs")
                .containsEntry("big.txt", "lfs")
                .containsEntry("empty.bin", "regular");
        assertThat(answer.get("files").get(0).get("oid").asText()).matches("[0-9a-f]{40}");
        assertThat(answer.get("files").get(5).get("shouldIgnore").asBoolean()).isTrue();
        assertThat(answer.get("files").get(1).get("shouldIgnore").asBoolean()).isFalse();
        assertThat(answer.get("commitOid").asText()).isEqualTo(http.head(REPO));
    }

    @Test
    void privateReposAreInvisibleWithoutTheToken() {
        http.createRepo(REPO, true);
        http.createRepo("nersc/open", false);
        HubHttp.Answer anon = http.getAnonymous("/api/datasets/" + REPO);
        assertThat(anon.status()).isEqualTo(404);
        assertThat(anon.header("X-Error-Code")).isEqualTo("RepoNotFound");
        assertThat(http.getAnonymous("/datasets/" + REPO + "/resolve/main/.gitattributes")
                        .status())
                .isEqualTo(404);
        assertThat(http.get("/api/datasets/" + REPO).json().get("private").asBoolean())
                .isTrue();
        assertThat(http.getAnonymous("/api/datasets").json().findValuesAsText("id"))
                .containsExactly("nersc/open");
        assertThat(http.put("/api/datasets/" + REPO + "/settings", Map.of("visibility", "public"))
                        .status())
                .isEqualTo(200);
        assertThat(http.getAnonymous("/api/datasets/" + REPO).status()).isEqualTo(200);
        assertThat(http.send(http.request("/api/datasets/" + REPO + "/settings", false)
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"private\":true}")))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void listingsPageThroughAbsoluteLinks() {
        for (int i = 0; i < 5; i++) {
            http.createRepo("nersc/set-" + i, false);
        }
        http.createRepo("other/x", false);
        List<String> pages = new ArrayList<>();
        List<JsonNode> all = http.allPages("/api/datasets?author=nersc&sort=id&direction=1", pages);
        assertThat(all.stream().map(j -> j.get("id").asText()))
                .containsExactly("nersc/set-0", "nersc/set-1", "nersc/set-2", "nersc/set-3", "nersc/set-4");
        assertThat(pages).hasSize(3);
        assertThat(pages.get(1)).startsWith(hub.url() + "/api/datasets?").contains("author=nersc", "cursor=");
        assertThat(http.get("/api/datasets?search=set-3").json().findValuesAsText("id"))
                .containsExactly("nersc/set-3");

        for (int i = 0; i < 4; i++) {
            http.commit("nersc/set-0", "main", Map.of("summary", "c" + i), List.of(file("d/f" + i + ".txt", "x" + i)));
        }
        List<String> treePages = new ArrayList<>();
        List<JsonNode> tree = http.allPages("/api/datasets/nersc/set-0/tree/main?recursive=true", treePages);
        assertThat(tree.stream().map(j -> j.get("path").asText()))
                .containsExactlyInAnyOrder(".gitattributes", "d", "d/f0.txt", "d/f1.txt", "d/f2.txt", "d/f3.txt");
        assertThat(treePages).hasSize(3);
        List<JsonNode> commits = http.allPages("/api/datasets/nersc/set-0/commits/main", new ArrayList<>());
        assertThat(commits.stream().map(c -> c.get("title").asText()))
                .containsExactly("c3", "c2", "c1", "c0", "initial commit");
        assertThat(http.get("/api/datasets?cursor=bogus").status()).isEqualTo(400);
    }

    @Test
    void downloadsHonourRangeAndAnswerEntryNotFoundOnHeadToo() {
        http.createRepo(REPO, false);
        String commit = http.commit(REPO, "main", Map.of("summary", "f"), List.of(file("dir/f.txt", "0123456789")))
                .json()
                .get("commitOid")
                .asText();
        HubHttp.Answer ranged = http.send(http.request("/datasets/" + REPO + "/resolve/main/dir/f.txt", true)
                .header("Range", "bytes=2-5"));
        assertThat(ranged.status()).isEqualTo(206);
        assertThat(ranged.text()).isEqualTo("2345");
        assertThat(ranged.header("Content-Range")).isEqualTo("bytes 2-5/10");
        assertThat(ranged.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(ranged.header("X-Repo-Commit")).isEqualTo(commit);
        assertThat(ranged.header("ETag")).matches("\"[0-9a-f]{40}\"");
        HubHttp.Answer suffix = http.send(http.request("/datasets/" + REPO + "/raw/" + commit + "/dir%2Ff.txt", true)
                .header("Range", "bytes=-3"));
        assertThat(suffix.text()).isEqualTo("789");
        HubHttp.Answer head = http.send(http.request("/datasets/" + REPO + "/resolve/main/dir/f.txt", true)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("10");
        HubHttp.Answer missingHead = http.send(http.request("/datasets/" + REPO + "/resolve/main/nope.txt", true)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(missingHead.status()).isEqualTo(404);
        assertThat(missingHead.header("X-Error-Code")).isEqualTo("EntryNotFound");
        assertThat(missingHead.header("X-Repo-Commit")).isEqualTo(commit);
        HubHttp.Answer outside = http.send(http.request("/datasets/" + REPO + "/resolve/main/dir/f.txt", true)
                .header("Range", "bytes=50-60"));
        assertThat(outside.status()).isEqualTo(416);
        assertThat(outside.header("Content-Range")).isEqualTo("bytes */10");
    }

    @Test
    void validateYamlExplainsWhatTheHubWouldRefuse() {
        HubHttp.Answer good = http.post("/api/validate-yaml", Map.of("content", CARD, "repoType", "dataset"));
        assertThat(good.status()).isEqualTo(200);
        HubHttp.Answer broken =
                http.post("/api/validate-yaml", Map.of("content", "---\nlicense: [mit\n---\n", "repoType", "dataset"));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().at("/errors/0/message").asText()).contains("not valid YAML");
        HubHttp.Answer vocab = http.post(
                "/api/validate-yaml",
                Map.of(
                        "content",
                        "---\nlicense: free-for-all\ntask_categories: [dancing]\nsize_categories: [lots]\n---\n",
                        "repoType",
                        "dataset"));
        assertThat(vocab.status()).isEqualTo(400);
        assertThat(vocab.json().get("errors").findValuesAsText("message"))
                .anySatisfy(m -> assertThat(m).contains("/license", "free-for-all"))
                .anySatisfy(m -> assertThat(m).contains("/task_categories", "dancing"))
                .anySatisfy(m -> assertThat(m).contains("/size_categories", "lots"));
        assertThat(http.send(http.request("/api/validate-yaml", false)
                                .POST(HttpRequest.BodyPublishers.ofString("nope")))
                        .json()
                        .has("error"))
                .isTrue();
    }

    @Test
    void aCommitWithAnInvalidCardIsRefused() {
        http.createRepo(REPO, false);
        String head = http.head(REPO);
        HubHttp.Answer a = http.commit(
                REPO,
                "main",
                Map.of("summary", "card"),
                List.of(file("README.md", "---\nlicense: not-a-licence\n---\nbody\n")));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("error").asText()).contains("README.md", "/license", "not-a-licence");
        assertThat(http.head(REPO)).isEqualTo(head);
    }

    @Test
    void infoDerivesTagsAndHonoursExpand() {
        http.createRepo(REPO, false);
        http.commit(REPO, "main", Map.of("summary", "card"), List.of(file("README.md", CARD)));
        JsonNode info = http.get("/api/datasets/" + REPO).json();
        List<String> tags = new ArrayList<>();
        info.get("tags").forEach(t -> tags.add(t.asText()));
        assertThat(tags)
                .containsExactly(
                        "climate",
                        "task_categories:image-classification",
                        "language:en",
                        "language:fr",
                        "license:mit",
                        "size_categories:1K<n<10K",
                        "arxiv:1705.03551",
                        "region:us");
        assertThat(info.at("/cardData/license").asText()).isEqualTo("mit");
        assertThat(info.get("siblings").findValuesAsText("rfilename")).contains("README.md", ".gitattributes");
        JsonNode expanded =
                http.get("/api/datasets/" + REPO + "?expand[]=likes&expand=sha").json();
        Set<String> fields = new HashSet<>();
        expanded.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("_id", "id", "likes", "sha");
        assertThat(http.get("/api/datasets/" + REPO + "?expand=nonsense").status())
                .isEqualTo(400);
        JsonNode blobs = http.get("/api/datasets/" + REPO + "?blobs=true").json();
        assertThat(blobs.at("/siblings/0/size").isNumber()).isTrue();
        assertThat(http.get("/api/datasets?filter=license:mit").json().findValuesAsText("id"))
                .containsExactly(REPO);
        assertThat(http.get("/api/datasets?filter=license:apache-2.0").json()).isEmpty();
    }

    @Test
    void revisionsResolveBranchesTagsCommitsHeadAndPullRequests() {
        http.createRepo(REPO, false);
        String first = http.head(REPO);
        http.commit(REPO, "main", Map.of("summary", "a"), List.of(file("a.txt", "a")));
        assertThat(http.post("/api/datasets/" + REPO + "/branch/dev", Map.of("startingPoint", first))
                        .status())
                .isEqualTo(200);
        assertThat(http.post("/api/datasets/" + REPO + "/tag/main", Map.of("tag", "v1"))
                        .status())
                .isEqualTo(200);
        HubHttp.Answer pr =
                http.commit(REPO + "", "main?create_pr=1", Map.of("summary", "pr"), List.of(file("p.txt", "p")));
        assertThat(pr.status()).isEqualTo(200);
        assertThat(pr.json().get("pullRequestUrl").asText()).endsWith("/datasets/" + REPO + "/discussions/1");
        String prCommit = pr.json().get("commitOid").asText();
        String main = http.head(REPO);
        assertThat(sha("dev")).isEqualTo(first);
        assertThat(sha("v1")).isEqualTo(main);
        assertThat(sha("HEAD")).isEqualTo(main);
        assertThat(sha(first)).isEqualTo(first);
        assertThat(sha("refs%2Fpr%2F1")).isEqualTo(prCommit);
        assertThat(http.get("/datasets/" + REPO + "/resolve/refs%2Fpr%2F1/p.txt")
                        .text())
                .isEqualTo("p");
        assertThat(http.allPages("/api/datasets/" + REPO + "/tree/refs/pr/1", new ArrayList<>()).stream()
                        .map(j -> j.get("path").asText()))
                .contains("p.txt");
        assertThat(http.get("/datasets/" + REPO + "/resolve/main/p.txt").status())
                .isEqualTo(404);
        JsonNode refs =
                http.get("/api/datasets/" + REPO + "/refs?include_prs=1").json();
        assertThat(refs.get("branches").findValuesAsText("name")).containsExactlyInAnyOrder("main", "dev");
        assertThat(refs.get("pullRequests").findValuesAsText("ref")).containsExactly("refs/pr/1");
    }

    private String sha(String rev) {
        HubHttp.Answer a = http.get("/api/datasets/" + REPO + "/revision/" + rev + "?expand=sha");
        assertThat(a.status()).as(rev + ": " + a).isEqualTo(200);
        return a.json().get("sha").asText();
    }

    @Test
    void deletionsOfFilesAndFolders() {
        http.createRepo(REPO, false);
        http.commit(
                REPO,
                "main",
                Map.of("summary", "files"),
                List.of(file("keep.txt", "k"), file("d/a.txt", "a"), file("d/e/b.txt", "b"), file("dx.txt", "x")));
        assertThat(http.commit(REPO, "main", Map.of("summary", "rm"), List.of(op("deletedFolder", "d/")))
                        .status())
                .isEqualTo(200);
        assertThat(http.allPages("/api/datasets/" + REPO + "/tree/main?recursive=1", new ArrayList<>()).stream()
                        .map(j -> j.get("path").asText()))
                .containsExactlyInAnyOrder(".gitattributes", "keep.txt", "dx.txt");
        assertThat(http.get("/api/datasets/" + REPO + "/tree/main/d%2Fe").status())
                .isEqualTo(404);
        HubHttp.Answer missing =
                http.commit(REPO, "main", Map.of("summary", "rm"), List.of(op("deletedFile", "nope.txt")));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("X-Error-Code")).isEqualTo("EntryNotFound");
        assertThat(http.commit(REPO, "main", Map.of("summary", "rm"), List.of(op("deletedEntry", "keep.txt")))
                        .status())
                .isEqualTo(200);
        HubHttp.Answer clash =
                http.commit(REPO, "main", Map.of("summary", "clash"), List.of(file("dx.txt/inner", "i")));
        assertThat(clash.status()).isEqualTo(400);
    }

    @Test
    void treeTakesAnEncodedSubPath() {
        http.createRepo(REPO, false);
        http.commit(REPO, "main", Map.of("summary", "f"), List.of(file("d/e/a.txt", "a"), file("d/e/b.txt", "bb")));
        for (String path : List.of("d%2Fe", "d/e")) {
            JsonNode tree =
                    http.get("/api/datasets/" + REPO + "/tree/main/" + path).json();
            assertThat(tree.findValuesAsText("path")).as(path).containsExactly("d/e/a.txt", "d/e/b.txt");
            assertThat(tree.findValuesAsText("size")).containsExactly("1", "2");
        }
        HubHttp.Answer notThere = http.get("/api/datasets/" + REPO + "/tree/main/zz");
        assertThat(notThere.header("X-Error-Code")).isEqualTo("EntryNotFound");
    }

    @Test
    void bodiesOverTheLimitAreA413() throws Exception {
        LocalHub.Options small = LocalHub.Options.defaults();
        small = new LocalHub.Options(small.host(), 0, null, 10, 1000, 1000, 100, 200, 1000, 2, small.idleTimeout());
        try (LocalHub tiny = LocalHub.start(dir.resolve("tiny"), small)) {
            HubHttp t = new HubHttp(tiny);
            assertThat(t.post("/api/repos/create", Map.of("name", "x".repeat(200), "type", "dataset"))
                            .status())
                    .isEqualTo(413);
            t.createRepo(REPO, false);
            HubHttp.Answer big =
                    t.commit(REPO, "main", Map.of("summary", "big"), List.of(file("a.txt", "y".repeat(500))));
            assertThat(big.status()).isEqualTo(413);
            assertThat(big.json().get("error").asText()).contains("200 bytes");
        }
    }

    @Test
    void pathsInfoTakesFormAndJsonBodies() {
        http.createRepo(REPO, false);
        http.commit(REPO, "main", Map.of("summary", "f"), List.of(file("d/a.txt", "a")));
        JsonNode json = http.post(
                        "/api/datasets/" + REPO + "/paths-info/main", Map.of("paths", List.of("d/a.txt", "d", "none")))
                .json();
        assertThat(json.findValuesAsText("type")).containsExactly("file", "directory");
        JsonNode form = http.send(http.request("/api/datasets/" + REPO + "/paths-info/main", true)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("paths=d%2Fa.txt&paths=none&expand=true")))
                .json();
        assertThat(form.findValuesAsText("path")).containsExactly("d/a.txt");
        assertThat(form.at("/0/lastCommit/title").asText()).isEqualTo("f");
    }
}
