package gov.nersc.huggingnersc.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.api.WhoAmI;
import gov.nersc.huggingnersc.hub.FakeHub.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repos, info, listings, trees and downloads on the wire. */
class HubClientReadTest {
    static final RepoId REPO = RepoId.parse("NERSC/climate");
    static final String API = "/api/datasets/NERSC/climate";

    @TempDir
    Path dir;

    final FakeHub hub = new FakeHub();
    final FakeTime time = new FakeTime();
    final HubClient client = HubClient.builder()
            .endpoint(hub.uri())
            .token(Optional.of(new HubToken("hf_ReadTestToken", "HF_TOKEN")))
            .sleeper(time)
            .clock(time)
            .requestTimeout(Duration.ofSeconds(5))
            .build();

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void whoamiReadsNameOrgsAndTokenRole() {
        hub.on(
                "GET",
                "/api/whoami-v2",
                r -> Reply.json(
                        200,
                        "{\"type\":\"user\",\"name\":\"steward\",\"fullname\":\"A Steward\","
                                + "\"orgs\":[{\"name\":\"NERSC\"},{\"name\":\"LBNL\"}],\"auth\":{\"type\":\"access_token\","
                                + "\"accessToken\":{\"displayName\":\"cli\",\"role\":\"write\"}}}"));
        assertThat(client.whoami())
                .isEqualTo(new WhoAmI("steward", "user", "A Steward", List.of("NERSC", "LBNL"), "write", "cli"));
    }

    @Test
    void createRepoSendsNameOrganizationTypeAndVisibility() {
        hub.on(
                "POST",
                "/api/repos/create",
                r -> Reply.json(
                        200,
                        "{\"url\":\"" + hub.url("/datasets/NERSC/climate") + "\",\"name\":\"NERSC/climate\",\"id\":\""
                                + "a".repeat(24) + "\"}"));
        assertThat(client.createRepo(REPO, true, false)).isEqualTo(hub.url("/datasets/NERSC/climate"));
        assertThat(hub.requests().get(0).json().toString())
                .isEqualTo("{\"name\":\"climate\",\"organization\":\"NERSC\",\"type\":\"dataset\",\"private\":true}");
    }

    @Test
    void createRepoThatExistsIsFineWithExistOkAndAConflictWithout() {
        hub.on(
                "POST",
                "/api/repos/create",
                r -> Reply.json(
                        409,
                        "{\"error\":\"You already created this dataset repo\"," + "\"url\":\""
                                + hub.url("/datasets/NERSC/climate") + "\"}"));
        assertThat(client.createRepo(REPO, false, true)).isEqualTo(hub.url("/datasets/NERSC/climate"));
        assertThatThrownBy(() -> client.createRepo(REPO, false, false))
                .isInstanceOf(HubConflictException.class)
                .hasMessageContaining("You already created this dataset repo");
    }

    @Test
    void deleteRepoSendsItsIdAndToleratesAMissingRepoWhenAsked() {
        hub.once("DELETE", "/api/repos/delete", Reply.bytes(200, "OK".getBytes(StandardCharsets.UTF_8)));
        hub.on("DELETE", "/api/repos/delete", r -> Reply.error(404, "RepoNotFound", "Repository not found"));
        assertThat(client.deleteRepo(REPO, false)).isTrue();
        assertThat(hub.requests().get(0).json().toString())
                .isEqualTo("{\"name\":\"climate\",\"organization\":\"NERSC\",\"type\":\"dataset\"}");
        assertThat(client.deleteRepo(REPO, true)).isFalse();
        assertThatThrownBy(() -> client.deleteRepo(REPO, false)).isInstanceOf(RepoNotFoundException.class);
    }

    @Test
    void settingsSendOnlyWhatChanges() {
        hub.on("PUT", API + "/settings", r -> Reply.json(200, "{}"));
        client.updateSettings(REPO, null, "manual");
        client.updateSettings(REPO, false, "false");
        assertThat(hub.requests())
                .extracting(r -> r.json().toString())
                .containsExactly("{\"gated\":\"manual\"}", "{\"private\":false,\"gated\":false}");
    }

    @Test
    void datasetInfoEncodesTheRevisionAndReadsTheFields() {
        hub.on(
                "GET",
                API + "/revision/.*",
                r -> Reply.json(
                        200,
                        "{\"_id\":\"x\",\"id\":\"NERSC/climate\",\"sha\":\""
                                + "c".repeat(40)
                                + "\",\"lastModified\":\"2026-02-03T04:05:06.000Z\",\"private\":false,\"gated\":\"auto\","
                                + "\"tags\":[\"license:cc-by-4.0\",\"arxiv:1705.03551\"],\"cardData\":{\"license\":\"cc-by-4.0\"},"
                                + "\"siblings\":[{\"rfilename\":\".gitattributes\"},{\"rfilename\":\"README.md\"}]}"));
        DatasetInfo info = client.datasetInfo(REPO, "refs/pr/1", List.of("sha", "cardData"));
        FakeHub.Request r = hub.requests().get(0);
        assertThat(r.rawPath()).isEqualTo(API + "/revision/refs%2Fpr%2F1");
        assertThat(r.query("expand")).containsExactly("sha", "cardData");
        assertThat(info.id()).isEqualTo("NERSC/climate");
        assertThat(info.sha()).isEqualTo("c".repeat(40));
        assertThat(info.lastModified()).isEqualTo(Instant.parse("2026-02-03T04:05:06Z"));
        assertThat(info.isPrivate()).isFalse();
        assertThat(info.gated()).isEqualTo("auto");
        assertThat(info.tags()).containsExactly("license:cc-by-4.0", "arxiv:1705.03551");
        assertThat(info.cardData().path("license").asText()).isEqualTo("cc-by-4.0");
        assertThat(info.siblings()).containsExactly(".gitattributes", "README.md");
    }

    @Test
    void listDatasetsSendsTheQueryAndFetchesTheNextPageOnlyWhenItIsReached() {
        hub.on("GET", "/api/datasets", r -> {
            boolean second = r.query("cursor").contains("p2");
            ArrayNode page = FakeHub.JSON.createArrayNode();
            page.addObject().put("id", second ? "NERSC/c" : "NERSC/a");
            if (!second) {
                page.addObject().put("id", "NERSC/b");
                return Reply.json(200, page)
                        .header("Link", "<" + hub.url("/api/datasets?author=NERSC&cursor=p2") + ">; rel=\"next\"");
            }
            return Reply.json(200, page);
        });
        Listing<DatasetInfo> listing = client.listDatasets(
                new ListQuery("NERSC", "clim", List.of("license:mit", "language:en"), "lastModified", -1, null));
        assertThat(hub.requests()).as("nothing is fetched before iterating").isEmpty();
        Iterator<DatasetInfo> it = listing.iterator();
        assertThat(it.next().id()).isEqualTo("NERSC/a");
        assertThat(it.next().id()).isEqualTo("NERSC/b");
        assertThat(hub.requests()).hasSize(1);
        FakeHub.Request first = hub.requests().get(0);
        assertThat(first.query("author")).containsExactly("NERSC");
        assertThat(first.query("search")).containsExactly("clim");
        assertThat(first.query("filter")).containsExactly("license:mit", "language:en");
        assertThat(first.query("sort")).containsExactly("lastModified");
        assertThat(first.query("direction")).containsExactly("-1");
        assertThat(it.next().id()).isEqualTo("NERSC/c");
        assertThat(hub.requests()).hasSize(2);
        assertThat(hub.requests().get(1).query("cursor")).containsExactly("p2");
        assertThat(it.hasNext()).isFalse();
    }

    @Test
    void aLimitStopsTheListingWithoutFetchingMorePages() {
        hub.on(
                "GET",
                "/api/datasets",
                r -> Reply.json(200, "[{\"id\":\"NERSC/a\"},{\"id\":\"NERSC/b\"}]")
                        .header("Link", "<" + hub.url("/api/datasets?cursor=next") + ">; rel=\"next\""));
        assertThat(client.listDatasets(new ListQuery("NERSC", null, null, null, null, 2)).stream()
                        .map(DatasetInfo::id))
                .containsExactly("NERSC/a", "NERSC/b");
        assertThat(hub.requests()).hasSize(1);
        assertThat(hub.requests().get(0).query("limit")).containsExactly("2");
    }

    @Test
    void listTreeReadsFilesFoldersAndLfsEntries() {
        hub.on(
                "GET",
                API + "/tree/main/data%20sets",
                r -> Reply.json(
                        200,
                        "[{\"type\":\"directory\",\"oid\":\"d\",\"size\":0,"
                                + "\"path\":\"data sets/sub\"},{\"type\":\"file\",\"oid\":\"p\",\"size\":536063208,\"path\":\"data sets/x.h5\","
                                + "\"lfs\":{\"oid\":\"" + "e".repeat(64)
                                + "\",\"size\":536063208,\"pointerSize\":134}}]"));
        List<TreeEntry> entries =
                client.listTree(REPO, "main", "data sets", true).stream().toList();
        assertThat(hub.requests().get(0).query("recursive")).containsExactly("true");
        assertThat(entries)
                .containsExactly(
                        new TreeEntry("directory", "data sets/sub", 0, "d", null),
                        new TreeEntry(
                                "file",
                                "data sets/x.h5",
                                536063208,
                                "p",
                                new TreeEntry.Lfs("e".repeat(64), 536063208, 134)));
    }

    @Test
    void pathsInfoPostsThePaths() {
        hub.on(
                "POST",
                API + "/paths-info/main",
                r -> Reply.json(200, "[{\"type\":\"file\",\"oid\":\"o\",\"size\":3,\"path\":\"a.txt\"}]"));
        assertThat(client.pathsInfo(REPO, "main", List.of("a.txt", "missing.txt")))
                .extracting(TreeEntry::path)
                .containsExactly("a.txt");
        assertThat(hub.requests().get(0).json().toString())
                .isEqualTo("{\"expand\":false,\"paths\":[\"a.txt\",\"missing.txt\"]}");
    }

    @Test
    void listCommitsReadsTheHistory() {
        hub.on(
                "GET",
                API + "/commits/main",
                r -> Reply.json(
                        200,
                        "[{\"id\":\"" + "1".repeat(40) + "\",\"title\":\"Add card\","
                                + "\"message\":\"Add card\\n\\nmore\",\"authors\":[{\"user\":\"steward\"}],\"date\":\"2026-01-02T03:04:05.000Z\"}]"));
        assertThat(client.listCommits(REPO, "main").stream().toList())
                .containsExactly(new RepoCommit(
                        "1".repeat(40),
                        "Add card",
                        "Add card\n\nmore",
                        Instant.parse("2026-01-02T03:04:05Z"),
                        List.of("steward")));
    }

    @Test
    void downloadStreamsToTheTargetAndReportsCommitAndEtag() throws Exception {
        byte[] content = new byte[3_000_000];
        new Random(5).nextBytes(content);
        hub.on(
                "GET",
                "/datasets/NERSC/climate/resolve/main/data/x.bin",
                r -> Reply.bytes(200, content)
                        .header("X-Repo-Commit", "f".repeat(40))
                        .header("X-Linked-Etag", "\"" + "e".repeat(64) + "\""));
        Path target = dir.resolve("out/x.bin");
        DownloadedFile f = client.download(REPO, "main", "data/x.bin", target);
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(f).isEqualTo(new DownloadedFile(target, content.length, "f".repeat(40), "e".repeat(64)));
        try (var left = Files.list(target.getParent())) {
            assertThat(left).as("no temporary file is left").containsExactly(target);
        }
    }

    @Test
    void aFailedDownloadLeavesNoFileBehind() throws Exception {
        hub.on("GET", "/datasets/NERSC/climate/resolve/main/x.bin", r -> Reply.error(404, "EntryNotFound", "no x.bin"));
        Path target = dir.resolve("x.bin");
        assertThatThrownBy(() -> client.download(REPO, "main", "x.bin", target))
                .isInstanceOf(EntryNotFoundException.class);
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void rangesAndSmallFilesAreReadIntoMemory() {
        byte[] content = "0123456789".getBytes(StandardCharsets.UTF_8);
        hub.on("GET", "/datasets/NERSC/climate/resolve/v1/a.txt", r -> {
            String range = r.header("Range");
            if (range == null) {
                return Reply.bytes(200, content);
            }
            String[] ab = range.substring("bytes=".length()).split("-");
            int from = Integer.parseInt(ab[0]);
            int to = Integer.parseInt(ab[1]);
            return Reply.bytes(206, Arrays.copyOfRange(content, from, to + 1))
                    .header("Content-Range", "bytes " + from + "-" + to + "/10");
        });
        assertThat(client.downloadRange(REPO, "v1", "a.txt", 3, 4)).isEqualTo("3456".getBytes(StandardCharsets.UTF_8));
        assertThat(hub.requests().get(0).header("Range")).isEqualTo("bytes=3-6");
        assertThat(client.readFile(REPO, "v1", "a.txt")).isEqualTo(content);
    }

    @Test
    void fileExistsAsksWithHeadOnRaw() {
        hub.on("HEAD", "/datasets/NERSC/climate/raw/main/README.md", r -> Reply.status(200));
        hub.on("HEAD", "/datasets/NERSC/climate/raw/main/nope.md", r -> Reply.error(404, "EntryNotFound", "x"));
        assertThat(client.fileExists(REPO, "main", "README.md")).isTrue();
        assertThat(client.fileExists(REPO, "main", "nope.md")).isFalse();
    }
}
