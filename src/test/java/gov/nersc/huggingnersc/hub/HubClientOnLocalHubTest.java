package gov.nersc.huggingnersc.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.api.WhoAmI;
import gov.nersc.huggingnersc.errors.HuggingNerscException.Kind;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.FaultProxy;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HubClient} against a real in-process {@link LocalHub}: every endpoint the client has, the
 * commit flow with regular and LFS (multipart) files, and the errors a real server gives. A
 * {@link FaultProxy} without faults sits in between only to count the requests on the wire.
 */
class HubClientOnLocalHubTest {
    static final RepoId REPO = RepoId.parse("nersc/climate");
    static final String TOKEN_SOURCE = "the test's token file";
    static final String CARD = """
      ---
      license: cc-by-4.0
      language:
      - en
      size_categories:
      - n<1K
      task_categories:
      - tabular-classification
      tags:
      - climate
      ---
      # Climate

      Described in https://arxiv.org/abs/2101.00001.
      """;
    /** Parts of 4 MiB: a 12 MiB file goes up in 4 parts. */
    static final long CHUNK = 4L << 20;

    @TempDir
    Path dir;

    @TempDir
    Path work;

    LocalHub hub;
    FaultProxy wire;
    HubClient client;

    @BeforeEach
    void start() throws IOException {
        hub = LocalHub.start(
                dir.resolve("hub"), LocalHub.Options.defaults().withPageSize(2).withMultipartChunkSize(CHUNK));
        wire = FaultProxy.start(URI.create(hub.url()));
        client = client(Optional.of(new HubToken(hub.token(), TOKEN_SOURCE)));
    }

    @AfterEach
    void stop() {
        wire.close();
        hub.close();
    }

    HubClient client(Optional<HubToken> token) {
        return HubClient.builder()
                .endpoint(wire.uri())
                .token(token)
                .retryPolicy(RetryPolicy.none())
                .build();
    }

    static CommitOperation.Add add(String path, String text) {
        return new CommitOperation.Add(path, ContentSource.of(text));
    }

    CommitInfo commit(String summary, CommitOperation... ops) {
        return client.commit(REPO, CommitRequest.onMain(summary, List.of(ops)));
    }

    List<RepoCommit> history() {
        return client.listCommits(REPO, "main").stream().toList();
    }

    /** A file of {@code size} random bytes (a NUL first, so it is binary by content too). */
    Path randomFile(String name, long size) throws IOException {
        Path f = work.resolve(name);
        byte[] block = new byte[1 << 20];
        Random random = new Random(size);
        try (var out = Files.newOutputStream(f)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                block[0] = 0;
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return f;
    }

    static String sha256(Path f) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    // ---------------------------------------------------------------- account and repos

    @Test
    void whoamiNamesTheLocalUser() {
        WhoAmI me = client.whoami();
        assertThat(me.name()).isEqualTo(LocalHub.USER);
        assertThat(wire.exchanges()).extracting(FaultProxy.Exchange::target).containsExactly("/api/whoami-v2");
    }

    @Test
    void createRepoMakesOneInitialCommitAndAgainIsA409UnlessExistOk() {
        String url = client.createRepo(REPO, false, false);
        assertThat(url).isEqualTo(wire.uri() + "/datasets/nersc/climate");
        assertThat(history()).hasSize(1);
        assertThat(client.fileExists(REPO, "main", ".gitattributes")).isTrue();

        assertThat(client.createRepo(REPO, false, true)).isEqualTo(url);
        HubConflictException e =
                catchThrowableOfType(() -> client.createRepo(REPO, false, false), HubConflictException.class);
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(history()).as("neither second create touched the repo").hasSize(1);
    }

    @Test
    void deleteRepoRemovesItAndAMissingRepoIsFineOnlyWithMissingOk() {
        client.createRepo(REPO, false, false);
        assertThat(client.deleteRepo(REPO, false)).isTrue();
        assertThat(catchThrowableOfType(() -> client.datasetInfo(REPO, null, List.of()), RepoNotFoundException.class))
                .isNotNull();
        assertThat(client.deleteRepo(REPO, true)).isFalse();
        RepoNotFoundException e =
                catchThrowableOfType(() -> client.deleteRepo(REPO, false), RepoNotFoundException.class);
        assertThat(e.status()).isEqualTo(404);
    }

    @Test
    void aPrivateRepoIsInvisibleWithoutTheTokenUntilMadePublicAgain() {
        client.createRepo(REPO, false, false);
        HubClient anonymous = client(Optional.empty());
        assertThat(anonymous.datasetInfo(REPO, null, List.of()).isPrivate()).isFalse();

        client.updateSettings(REPO, true, "manual");
        DatasetInfo owner = client.datasetInfo(REPO, null, List.of());
        assertThat(owner.isPrivate()).isTrue();
        assertThat(owner.gated()).isEqualTo("manual");
        RepoNotFoundException e =
                catchThrowableOfType(() -> anonymous.datasetInfo(REPO, null, List.of()), RepoNotFoundException.class);
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains("anonymous requests (no token found)");
        assertThat(anonymous.fileExists(REPO, "main", ".gitattributes")).isFalse();
        assertThat(anonymous.listDatasets(ListQuery.byAuthor("nersc")).stream().toList())
                .isEmpty();

        client.updateSettings(REPO, false, "false");
        assertThat(anonymous.datasetInfo(REPO, null, List.of()).gated()).isEqualTo("false");
    }

    // ---------------------------------------------------------------- info and listings

    @Test
    void datasetInfoAtMainHeadAndACommitIdWithTagsFromTheCard() {
        client.createRepo(REPO, false, false);
        String first = history().get(0).id();
        CommitInfo c = commit("Add card", add("README.md", CARD), add("data/a.csv", "x\n1\n"));

        for (String rev : Arrays.asList(null, "main", "HEAD", c.oid())) {
            DatasetInfo info = client.datasetInfo(REPO, rev, List.of());
            assertThat(info.id()).isEqualTo("nersc/climate");
            assertThat(info.sha()).as("sha at %s", rev).isEqualTo(c.oid());
            assertThat(info.tags())
                    .contains(
                            "license:cc-by-4.0",
                            "language:en",
                            "size_categories:n<1K",
                            "task_categories:tabular-classification",
                            "climate",
                            "arxiv:2101.00001");
            assertThat(info.cardData().path("license").asText()).isEqualTo("cc-by-4.0");
            assertThat(info.siblings()).contains("README.md", "data/a.csv", ".gitattributes");
        }
        DatasetInfo old = client.datasetInfo(REPO, first, List.of());
        assertThat(old.sha()).isEqualTo(first);
        assertThat(old.tags()).doesNotContain("license:cc-by-4.0", "arxiv:2101.00001");
        assertThat(old.siblings()).doesNotContain("README.md");

        DatasetInfo expanded = client.datasetInfo(REPO, "main", List.of("sha"));
        assertThat(expanded.sha()).isEqualTo(c.oid());
        assertThat(expanded.tags()).as("only the fields asked for").isEmpty();
        assertThat(expanded.cardData()).isNull();
        assertThat(client.headOf(REPO, "main")).isEqualTo(c.oid());
        assertThat(wire.exchanges("GET", ".*/revision/main"))
                .last()
                .satisfies(x -> assertThat(x.target()).endsWith("?expand=sha"));
    }

    @Test
    void listDatasetsFiltersSortsLimitsAndFollowsPagesLazily() {
        List<String> names = List.of("alpha", "climate-a", "climate-b", "delta", "echo");
        for (String n : names) {
            client.createRepo(new RepoId("nersc", n), false, false);
        }
        client.createRepo(RepoId.parse("other/climate-c"), false, false);
        // a card on one repo, the last change, so it is newest by lastModified too
        client.commit(new RepoId("nersc", "delta"), CommitRequest.onMain("card", List.of(add("README.md", CARD))));

        Function<ListQuery, List<String>> ids =
                q -> client.listDatasets(q).stream().map(DatasetInfo::id).toList();
        wire.clearLog();
        assertThat(ids.apply(ListQuery.byAuthor("nersc")))
                .containsExactlyElementsOf(names.stream().map(n -> "nersc/" + n).toList());
        assertThat(wire.count("GET", "/api/datasets"))
                .as("5 repos in pages of 2")
                .isEqualTo(3);

        assertThat(ids.apply(new ListQuery(null, "climate", null, null, null, null)))
                .containsExactlyInAnyOrder("nersc/climate-a", "nersc/climate-b", "other/climate-c");
        assertThat(ids.apply(new ListQuery(
                        "nersc", null, List.of("license:cc-by-4.0", "arxiv:2101.00001"), null, null, null)))
                .containsExactly("nersc/delta");
        // git keeps whole seconds, so repos made in the same second tie: check the order, not a winner
        List<DatasetInfo> newestFirst =
                client.listDatasets(new ListQuery("nersc", null, null, "lastModified", -1, null)).stream()
                        .toList();
        assertThat(newestFirst)
                .hasSize(5)
                .extracting(DatasetInfo::lastModified)
                .isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(client.listDatasets(new ListQuery("nersc", null, null, "lastModified", 1, null)).stream()
                        .toList())
                .extracting(DatasetInfo::lastModified)
                .isSortedAccordingTo(Comparator.naturalOrder());

        wire.clearLog();
        assertThat(ids.apply(new ListQuery("nersc", null, null, null, null, 3))).hasSize(3);
        assertThat(wire.count("GET", "/api/datasets"))
                .as("3 items need 2 pages, not 3")
                .isEqualTo(2);

        wire.clearLog();
        Iterator<DatasetInfo> lazy =
                client.listDatasets(ListQuery.byAuthor("nersc")).iterator();
        assertThat(wire.exchanges()).as("nothing fetched before iteration").isEmpty();
        lazy.next();
        lazy.next();
        assertThat(wire.count("GET", "/api/datasets")).as("two items: one page").isEqualTo(1);
        lazy.next();
        assertThat(wire.count("GET", "/api/datasets")).isEqualTo(2);
    }

    @Test
    void treeRecursiveAndPagedAndPathsInfo() throws Exception {
        client.createRepo(REPO, false, false);
        Path bin = randomFile("small.bin", 5000);
        commit(
                "files",
                add("README.md", "# x\n"),
                add("data/a.csv", "a\n"),
                add("data/b.csv", "bb\n"),
                add("data/sub/c.txt", "ccc\n"),
                new CommitOperation.Add("data/blob.bin", ContentSource.of(bin)));

        wire.clearLog();
        Map<String, TreeEntry> all =
                client.listTree(REPO, "main", null, true).stream().collect(Collectors.toMap(TreeEntry::path, e -> e));
        assertThat(all.keySet())
                .containsExactlyInAnyOrder(
                        ".gitattributes",
                        "README.md",
                        "data",
                        "data/a.csv",
                        "data/b.csv",
                        "data/sub",
                        "data/sub/c.txt",
                        "data/blob.bin");
        assertThat(wire.count("GET", ".*/tree/main"))
                .as("8 entries in pages of 2")
                .isEqualTo(4);
        assertThat(all.get("data").isDirectory()).isTrue();
        assertThat(all.get("data/b.csv").size()).isEqualTo(3);
        assertThat(all.get("data/b.csv").lfs()).isNull();
        TreeEntry blob = all.get("data/blob.bin");
        assertThat(blob.size()).isEqualTo(5000);
        assertThat(blob.lfs()).as("binary content goes through LFS").isNotNull();
        assertThat(blob.lfs().oid()).isEqualTo(sha256(bin));

        assertThat(client.listTree(REPO, "main", null, false).stream().map(TreeEntry::path))
                .containsExactlyInAnyOrder(".gitattributes", "README.md", "data");
        assertThat(client.listTree(REPO, "main", "data/sub", false).stream().map(TreeEntry::path))
                .containsExactly("data/sub/c.txt");

        List<TreeEntry> info =
                client.pathsInfo(REPO, "main", List.of("data/a.csv", "data/blob.bin", "nope.txt", "data"));
        assertThat(info).extracting(TreeEntry::path).containsExactlyInAnyOrder("data/a.csv", "data/blob.bin", "data");
        assertThat(info.stream()
                        .filter(e -> e.path().equals("data/blob.bin"))
                        .findFirst()
                        .orElseThrow()
                        .lfs()
                        .oid())
                .isEqualTo(sha256(bin));
        assertThat(info.stream()
                        .filter(e -> e.path().equals("data/a.csv"))
                        .findFirst()
                        .orElseThrow()
                        .oid())
                .isEqualTo(ContentSource.of("a\n").gitBlobSha1());
    }

    // ---------------------------------------------------------------- files and commits

    @Test
    void aCommitWithRegularAndMultipartLfsFilesDownloadsByteIdentical() throws Exception {
        client.createRepo(REPO, false, false);
        Path big = randomFile("big.dat", (12L << 20) + 123);
        wire.clearLog();
        CommitInfo c = commit(
                "data",
                add("README.md", CARD),
                add("data/table.csv", "a,b\n1,2\n"),
                new CommitOperation.Add("data/big.dat", ContentSource.of(big)));
        assertThat(c.oid()).matches("[0-9a-f]{40}");
        assertThat(c.url()).isEqualTo(wire.uri() + "/datasets/nersc/climate/commit/" + c.oid());
        assertThat(wire.count("PUT", "/lfs-upload/[0-9a-f]+/\\d+"))
                .as("12 MiB in 4 MiB parts")
                .isEqualTo(4);
        assertThat(wire.count("POST", "/lfs-upload/[0-9a-f]+/complete")).isEqualTo(1);

        DownloadedFile got = client.download(REPO, "main", "data/big.dat", work.resolve("out/big.dat"));
        assertThat(got.size()).isEqualTo(Files.size(big));
        assertThat(sha256(got.path())).isEqualTo(sha256(big));
        assertThat(got.etag()).as("an LFS file's ETag is its sha256").isEqualTo(sha256(big));
        assertThat(got.commit()).isEqualTo(c.oid());
        assertThat(Files.list(work.resolve("out"))).as("no temporary file left").hasSize(1);

        DownloadedFile csv = client.download(REPO, c.oid(), "data/table.csv", work.resolve("out/table.csv"));
        assertThat(Files.readString(csv.path())).isEqualTo("a,b\n1,2\n");
        assertThat(csv.etag()).isEqualTo(ContentSource.of("a,b\n1,2\n").gitBlobSha1());
        assertThat(client.readFile(REPO, "main", "README.md")).isEqualTo(CARD.getBytes(StandardCharsets.UTF_8));

        byte[] all = Files.readAllBytes(big);
        long offset = CHUNK - 10; // across a part boundary
        assertThat(client.downloadRange(REPO, "main", "data/big.dat", offset, 1000))
                .isEqualTo(Arrays.copyOfRange(all, (int) offset, (int) offset + 1000));
        assertThat(client.downloadRange(REPO, "main", "data/table.csv", 2, 3))
                .isEqualTo("b\n1".getBytes(StandardCharsets.UTF_8));
        assertThat(wire.exchanges("GET", ".*/resolve/main/data/big.dat"))
                .last()
                .satisfies(x -> assertThat(x.status()).as("a real Range answer").isEqualTo(206));

        assertThat(client.fileExists(REPO, "main", "data/big.dat")).isTrue();
        assertThat(client.fileExists(REPO, "main", "data/none.dat")).isFalse();
        assertThat(client.fileExists(REPO, history().get(1).id(), "data/big.dat"))
                .as("not in the first commit")
                .isFalse();
    }

    /** A downloaded file and the hub's LFS object have the permissions the umask gives any new file (not 0600). */
    @Test
    void aDownloadAndTheHubsLfsObjectHaveThePermissionsOfAnyNewFile() throws Exception {
        Set<PosixFilePermission> newFile = Files.getPosixFilePermissions(Files.createFile(work.resolve("new-file")));
        assumeTrue(newFile.contains(PosixFilePermission.GROUP_READ), "the umask lets the group read new files");
        client.createRepo(REPO, false, false);
        Path bin = randomFile("small.bin", 5000);
        commit("data", new CommitOperation.Add("data/small.bin", ContentSource.of(bin)));

        String oid = sha256(bin);
        try (var objects = Files.walk(dir.resolve("hub/lfs/objects"))) {
            Path object = objects.filter(p -> p.getFileName().toString().equals(oid))
                    .findFirst()
                    .orElseThrow();
            assertThat(Files.getPosixFilePermissions(object))
                    .as("the hub's LFS object")
                    .isEqualTo(newFile);
        }
        DownloadedFile got = client.download(REPO, "main", "data/small.bin", work.resolve("out/small.bin"));
        assertThat(Files.getPosixFilePermissions(got.path())).as("the download").isEqualTo(newFile);
    }

    @Test
    void preuploadSaysRegularOrLfsAndNamesWhatIsAlreadyThere() throws Exception {
        client.createRepo(REPO, false, false);
        Path bin = randomFile("x.bin", 3000);
        Path big = randomFile("big.txt", 11L << 20);
        List<CommitOperation.Add> files = List.of(
                add("README.md", CARD),
                add("notes.txt", "hello\n"),
                new CommitOperation.Add("x.bin", ContentSource.of(bin)),
                new CommitOperation.Add("big.txt", ContentSource.of(big)),
                add("model.parquet", "not really parquet\n"));
        Map<String, PreuploadFile> before = byPath(client.preupload(REPO, "main", false, files));
        assertThat(before.get("README.md").lfs()).isFalse();
        assertThat(before.get("notes.txt").lfs()).isFalse();
        assertThat(before.get("x.bin").lfs()).as("binary sample").isTrue();
        assertThat(before.get("big.txt").lfs()).as("10 MB or more").isTrue();
        assertThat(before.get("model.parquet").lfs())
                .as(".gitattributes pattern")
                .isTrue();
        assertThat(before.values()).allSatisfy(p -> assertThat(p.remoteOid()).isNull());

        client.commit(REPO, CommitRequest.onMain("files", List.copyOf(files)));
        Map<String, PreuploadFile> after = byPath(client.preupload(REPO, "main", false, files));
        assertThat(after.get("notes.txt").remoteOid())
                .isEqualTo(ContentSource.of("hello\n").gitBlobSha1());
        assertThat(after.get("x.bin").remoteOid()).isEqualTo(sha256(bin));
    }

    static Map<String, PreuploadFile> byPath(List<PreuploadFile> files) {
        return files.stream().collect(Collectors.toMap(PreuploadFile::path, p -> p));
    }

    @Test
    void deletedFileAndDeletedFolderInOneCommit() {
        client.createRepo(REPO, false, false);
        commit(
                "files",
                add("keep.txt", "k\n"),
                add("old.txt", "o\n"),
                add("tmp/a.txt", "a\n"),
                add("tmp/deep/b.txt", "b\n"));
        CommitInfo c = commit(
                "tidy",
                new CommitOperation.Delete("old.txt"),
                new CommitOperation.DeleteFolder("tmp"),
                add("new.txt", "n\n"));
        assertThat(client.listTree(REPO, c.oid(), null, true).stream().map(TreeEntry::path))
                .containsExactlyInAnyOrder(".gitattributes", "keep.txt", "new.txt");
        assertThat(history()).extracting(RepoCommit::title).containsExactly("tidy", "files", "initial commit");
    }

    @Test
    void aStaleParentCommitIsRefusedAsAConflictAndNothingLands() {
        client.createRepo(REPO, false, false);
        String first = history().get(0).id();
        commit("moves the branch", add("a.txt", "a\n"));
        PreconditionFailedException e = catchThrowableOfType(
                () -> client.commit(
                        REPO,
                        new CommitRequest(
                                "main", "late", "", Optional.of(first), false, List.of(add("late.txt", "late\n")))),
                PreconditionFailedException.class);
        assertThat(e.status()).isEqualTo(412);
        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(history()).hasSize(2);
        assertThat(client.fileExists(REPO, "main", "late.txt")).isFalse();
    }

    @Test
    void createPrCommitsToAPullRequestAndLeavesMainAlone() {
        client.createRepo(REPO, false, false);
        String main = client.headOf(REPO, "main");
        CommitInfo pr = client.commit(
                REPO,
                new CommitRequest(
                        "main",
                        "Proposal",
                        "please review",
                        Optional.empty(),
                        true,
                        List.of(add("proposal.txt", "p\n"))));
        assertThat(pr.pullRequestUrl()).isEqualTo(wire.uri() + "/datasets/nersc/climate/discussions/1");
        assertThat(client.headOf(REPO, "main")).isEqualTo(main);
        assertThat(client.fileExists(REPO, "refs/pr/1", "proposal.txt")).isTrue();
        assertThat(client.headOf(REPO, "refs/pr/1")).isEqualTo(pr.oid());
    }

    @Test
    void aCardTheHubWouldRefuseIsStoppedByValidateYamlAndNothingIsCommitted() {
        client.createRepo(REPO, false, false);
        wire.clearLog();
        HubBadRequestException e = catchThrowableOfType(
                () -> commit(
                        "bad card", add("README.md", "---\nlicense: not-a-licence\n---\n# x\n"), add("a.txt", "a\n")),
                HubBadRequestException.class);
        assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
        assertThat(e.getMessage()).contains("README.md", "not-a-licence");
        assertThat(wire.exchanges()).extracting(FaultProxy.Exchange::path).containsExactly("/api/validate-yaml");
        assertThat(history()).hasSize(1);
    }

    @Test
    void committingIdenticalFilesAgainMakesNoNewCommit() throws Exception {
        client.createRepo(REPO, false, false);
        Path bin = randomFile("x.bin", 3000);
        List<CommitOperation> ops = List.of(
                add("README.md", CARD), add("a.txt", "a\n"), new CommitOperation.Add("x.bin", ContentSource.of(bin)));
        CommitInfo first = client.commit(REPO, CommitRequest.onMain("files", ops));
        wire.clearLog();
        CommitInfo again = client.commit(REPO, CommitRequest.onMain("files again", ops));
        assertThat(again.oid()).isEqualTo(first.oid());
        assertThat(history()).hasSize(2);
        assertThat(wire.count("POST", ".*/commit/main")).isZero();
        assertThat(wire.count("POST", ".*/info/lfs/objects/batch")).isZero();
    }

    // ---------------------------------------------------------------- errors from a real server

    @Test
    void notFoundErrorsSayWhatWasMissing() {
        RepoNotFoundException repo =
                catchThrowableOfType(() -> client.datasetInfo(REPO, null, List.of()), RepoNotFoundException.class);
        assertThat(repo.status()).isEqualTo(404);
        assertThat(repo.requestId()).isPresent();
        assertThat(repo.getMessage())
                .contains("the token from " + TOKEN_SOURCE)
                .contains(repo.requestId().get());

        client.createRepo(REPO, false, false);
        RevisionNotFoundException rev = catchThrowableOfType(
                () -> client.datasetInfo(REPO, "no-such-branch", List.of()), RevisionNotFoundException.class);
        assertThat(rev.status()).isEqualTo(404);
        assertThat(catchThrowableOfType(
                        () -> client.download(REPO, "no-such-branch", ".gitattributes", work.resolve("x")),
                        RevisionNotFoundException.class))
                .isNotNull();

        EntryNotFoundException entry = catchThrowableOfType(
                () -> client.download(REPO, "main", "missing.csv", work.resolve("missing.csv")),
                EntryNotFoundException.class);
        assertThat(entry.status()).isEqualTo(404);
        assertThat(work.resolve("missing.csv")).doesNotExist();
        assertThat(catchThrowableOfType(
                        () -> client.readFile(REPO, "main", "missing.csv"), EntryNotFoundException.class))
                .isNotNull();
    }

    @Test
    void aWrongTokenIsUnauthorizedNamingItsSourceNeverItsValue() {
        client.createRepo(REPO, false, false);
        String wrong = "hf_WrongTokenValue0123456789abcdefgh";
        HubClient bad = client(Optional.of(new HubToken(wrong, "HF_TOKEN")));
        UnauthorizedException who = catchThrowableOfType(bad::whoami, UnauthorizedException.class);
        assertThat(who.status()).isEqualTo(401);
        assertThat(who.getMessage())
                .contains("the token from HF_TOKEN")
                .doesNotContain(wrong)
                .doesNotContain(hub.token());

        UnauthorizedException write = catchThrowableOfType(
                () -> bad.commit(REPO, CommitRequest.onMain("x", List.of(add("a.txt", "a\n")))),
                UnauthorizedException.class);
        assertThat(write.getMessage()).contains("HF_TOKEN").doesNotContain(wrong);
        assertThat(history()).hasSize(1);
    }
}
