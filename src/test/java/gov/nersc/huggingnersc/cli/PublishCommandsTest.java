package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.EarlierToolEntry;
import gov.nersc.huggingnersc.TreeSnapshot;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.DatasetInfo;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.FaultProxy;
import gov.nersc.huggingnersc.testing.FaultProxy.Fault;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * catalog-new-dataset and upload-dataset end to end: the CLI in-process against a local hub behind
 * a recording proxy ({@code --endpoint http://127.0.0.1:PORT}, {@code HF_TOKEN} = its token).
 */
class PublishCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path IRIS = Path.of("examples/iris");
    private static final Path JET = Path.of("examples/jetclass");
    private static final RepoId IRIS_REPO = new RepoId("NERSC", "iris");
    private static final String OUR_TITLE = "Catalog iris from NERSC (huggingnersc)";

    @TempDir
    Path home;

    Path root;
    LocalHub localHub;
    FaultProxy proxy;
    HubClient hub;
    CliRunner cli;

    @BeforeEach
    void setUp() throws IOException {
        root = home.resolve("catalog");
        localHub = LocalHub.start(home.resolve("hub"), LocalHub.Options.defaults());
        proxy = FaultProxy.start(URI.create(localHub.url()));
        hub = client(localHub);
        cli = new CliRunner(home).env("HF_TOKEN", localHub.token());
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        localHub.close();
    }

    private static HubClient client(LocalHub h) {
        return HubClient.builder()
                .endpoint(URI.create(h.url()))
                .token(Optional.of(new HubToken(h.token(), "test")))
                .build();
    }

    private CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--catalog-root", root.toString(), "--endpoint", proxy.url()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    /** The arguments of catalog-new-dataset for the bundled iris example, then {@code extra}. */
    static String[] iris(String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "catalog-new-dataset",
                "Iris",
                "iris",
                IRIS.resolve("iris_loader.py").toString(),
                IRIS.resolve("data").toString(),
                "none",
                IRIS.resolve("iris_metadata.json").toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static String[] jetclass(String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "catalog-new-dataset",
                "JetClass",
                "jetclass",
                JET.resolve("jetclass_loader.py").toString(),
                "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/jetclass/data/",
                "auto",
                JET.resolve("jetclass_metadata.json").toString(),
                JET.resolve("jetclass_batch.sh").toString(),
                "true",
                "--no-data-check"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private List<RepoCommit> commits(HubClient h, RepoId repo) {
        List<RepoCommit> all = new ArrayList<>();
        h.listCommits(repo, "main").forEach(all::add);
        return all;
    }

    private List<String> files(HubClient h, RepoId repo) {
        List<String> paths = new ArrayList<>();
        h.listTree(repo, "main", null, true).forEach(e -> paths.add(e.path()));
        return paths;
    }

    private JsonNode nerscJson(HubClient h, RepoId repo) throws IOException {
        return JSON.readTree(h.readFile(repo, "main", "nersc.json"));
    }

    private JsonNode info(String nickname) throws IOException {
        return JSON.readTree(
                root.resolve(nickname).resolve(nickname + "_info.json").toFile());
    }

    @Test
    void irisIsPublishedInOneCommitWithFewRequestsAndTheRerunOnlyCompares() throws IOException {
        CliRunner.Result r = run(iris());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        // new repo: the existence check, who the token is (to say where it publishes), create, the card check,
        // preupload and the one commit
        assertThat(proxy.requests())
                .containsExactly(
                        "GET /api/datasets/NERSC/iris/revision/main",
                        "GET /api/whoami-v2",
                        "POST /api/repos/create",
                        "POST /api/validate-yaml",
                        "POST /api/datasets/NERSC/iris/preupload/main",
                        "POST /api/datasets/NERSC/iris/commit/main");
        List<RepoCommit> history = commits(hub, IRIS_REPO);
        assertThat(history).hasSize(2); // the repo's creation, then ours
        assertThat(history.get(0).title()).isEqualTo(OUR_TITLE);
        String commit = history.get(0).id();
        assertThat(r.out())
                .startsWith("Cataloged iris.\n")
                .contains("NERSC location: " + root.resolve("iris") + "/")
                .contains("Hub URL:        " + proxy.url() + "/datasets/NERSC/iris\n")
                .contains("commit:         " + proxy.url() + "/datasets/NERSC/iris/commit/" + commit + "\n");
        // a token and an endpoint were given: only where it publishes, before the first write
        assertThat(r.err())
                .isEqualTo("publishing to " + proxy.url() + " as huggingnersc-local (token from HF_TOKEN)\n");

        assertThat(files(hub, IRIS_REPO))
                .containsExactlyInAnyOrder(
                        ".gitattributes",
                        "README.md",
                        "iris_loader.py",
                        "croissant.json",
                        "nersc.json",
                        "sample",
                        "sample/iris.csv");
        assertThat(new String(hub.readFile(IRIS_REPO, "main", "README.md"), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(root.resolve("iris/README.md")));
        assertThat(hub.readFile(IRIS_REPO, "main", "iris_loader.py"))
                .isEqualTo(Files.readAllBytes(IRIS.resolve("iris_loader.py")));
        DatasetInfo info = hub.datasetInfo(IRIS_REPO, null, List.of("cardData", "tags"));
        assertThat(info.cardData().get("pretty_name").asText()).isEqualTo("Iris");
        assertThat(info.tags()).contains("language:en", "size_categories:n<1K");
        JsonNode link = nerscJson(hub, IRIS_REPO);
        assertThat(link.get("nickname").asText()).isEqualTo("iris");
        assertThat(link.get("official_name").asText()).isEqualTo("Iris");
        assertThat(link.get("data_path").asText())
                .isEqualTo(IRIS.resolve("data").toAbsolutePath().toString());
        assertThat(link.get("catalog_entry").asText()).isEqualTo(root.resolve("iris") + "/");
        assertThat(link.get("notebook").asText()).isEqualTo(root.resolve("iris") + "/iris_dataloader.ipynb");
        assertThat(link.get("jupyter_url").asText()).endsWith(root.resolve("iris") + "/iris_dataloader.ipynb");
        JsonNode entry = info("iris");
        assertThat(entry.at("/published/commit").asText()).isEqualTo(commit);
        assertThat(entry.get("endpoint").asText()).isEqualTo(proxy.url());

        Map<String, String> catalogBefore = TreeSnapshot.of(root);
        proxy.clearLog();

        CliRunner.Result again = run(iris());

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out())
                .startsWith("iris: already cataloged, unchanged\n")
                .contains("(the repo already held these files; no new commit)");
        assertThat(proxy.requests())
                .containsExactly(
                        "GET /api/datasets/NERSC/iris/revision/main", "GET /api/datasets/NERSC/iris/tree/" + commit);
        assertThat(commits(hub, IRIS_REPO)).hasSize(2);
        assertThat(TreeSnapshot.of(root)).isEqualTo(catalogBefore);
    }

    @Test
    void jetclassCarriesItsBatchScriptLicenseAndPaper() throws IOException {
        RepoId repo = new RepoId("NERSC", "jetclass");
        CliRunner.Result r = run(jetclass("--json"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("status").asText()).isEqualTo("new");
        assertThat(out.at("/publication/status").asText()).isEqualTo("committed");
        assertThat(out.at("/publication/hub_url").asText()).isEqualTo(proxy.url() + "/datasets/NERSC/jetclass");
        assertThat(out.at("/publication/commit").asText()).isEqualTo(hub.headOf(repo, "main"));
        assertThat(out.at("/publication/commit_url").asText()).endsWith("/commit/" + hub.headOf(repo, "main"));
        assertThat(out.at("/publication/repo_created").asBoolean()).isTrue();

        assertThat(files(hub, repo))
                .containsExactlyInAnyOrder(
                        ".gitattributes",
                        "README.md",
                        "jetclass_loader.py",
                        "jetclass_batch.sh",
                        "croissant.json",
                        "nersc.json",
                        "nersc_files.csv");
        assertThat(hub.readFile(repo, "main", "jetclass_batch.sh"))
                .isEqualTo(Files.readAllBytes(JET.resolve("jetclass_batch.sh")));
        DatasetInfo info = hub.datasetInfo(repo, null, List.of("cardData", "tags"));
        assertThat(info.tags()).contains("license:cc-by-4.0", "size_categories:100M<n<1B", "arxiv:2202.03772");
        JsonNode link = nerscJson(hub, repo);
        assertThat(link.get("download_link").asText())
                .isEqualTo("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/jetclass/data/");
        assertThat(link.get("notebook").isNull()).isTrue(); // distributed: no notebook
        assertThat(link.get("jupyter_url").isNull()).isTrue();
    }

    @Test
    void privateCreatesAPrivateRepo() {
        CliRunner.Result r = run(jetclass("--private"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(hub.datasetInfo(new RepoId("NERSC", "jetclass"), null, List.of("private"))
                        .isPrivate())
                .isTrue();
    }

    @Test
    void aFailedCommitKeepsTheEntryUnpublishedAndTheSameCommandFinishesIt() throws IOException {
        proxy.always("POST", ".*/commit/.*", Fault.status(403));

        CliRunner.Result failed = run(iris());

        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.err().lines()).hasSize(2);
        assertThat(failed.err().lines().skip(1).findFirst().orElseThrow())
                .startsWith("error: the catalog entry " + root.resolve("iris") + "/ is written, but "
                        + "publishing it to " + proxy.url() + " failed: ")
                .contains("run the same command again, or 'huggingnersc upload-dataset iris'");
        assertThat(info("iris").get("published").isNull()).isTrue();
        assertThat(commits(hub, IRIS_REPO)).hasSize(1); // created, nothing committed

        proxy.heal();
        CliRunner.Result again = run(iris());

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).startsWith("iris: already cataloged, unchanged\n");
        List<RepoCommit> history = commits(hub, IRIS_REPO);
        assertThat(history).hasSize(2);
        assertThat(history.stream().filter(c -> c.title().equals(OUR_TITLE))).hasSize(1);
        assertThat(info("iris").at("/published/commit").asText())
                .isEqualTo(history.get(0).id());

        CliRunner.Result third = run(iris());
        assertThat(third.exitCode()).as(third.toString()).isZero();
        assertThat(commits(hub, IRIS_REPO)).hasSize(2);
    }

    @Test
    void aRepoWithSomeoneElsesContentIsAConflictAndNothingChanges() throws IOException {
        hub.createRepo(IRIS_REPO, false, false);
        hub.commit(
                IRIS_REPO,
                CommitRequest.onMain(
                        "their dataset",
                        List.of(
                                new CommitOperation.Add(
                                        "README.md",
                                        ContentSource.of("---\npretty_name: Iris (theirs)\n---\n# Theirs\n")),
                                new CommitOperation.Add("iris.csv", ContentSource.of("a,b\n1,2\n")))));
        String head = hub.headOf(IRIS_REPO, "main");
        proxy.clearLog();

        CliRunner.Result r = run(iris());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err())
                .startsWith("error: the Hub repo NERSC/iris (" + proxy.url() + "/datasets/NERSC/iris) "
                        + "already exists and is not the catalog entry 'iris'")
                .contains("nothing was changed on the Hub");
        assertThat(hub.headOf(IRIS_REPO, "main")).isEqualTo(head);
        assertThat(proxy.requests()).allMatch(req -> req.startsWith("GET "));
        assertThat(root.resolve("iris")).doesNotExist(); // checked before the entry was written
    }

    @Test
    void uploadDatasetQuietPrintsOnlyTheHubUrl() {
        assertThat(run(iris("--no-push")).exitCode()).isZero();
        CliRunner.Result up = run("-q", "upload-dataset", "iris");
        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(up.out()).isEqualTo(proxy.url() + "/datasets/NERSC/iris\n");
        CliRunner.Result all = run("-q", "upload-dataset", "--all");
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(all.out()).isEqualTo(proxy.url() + "/datasets/NERSC/iris\n");
    }

    @Test
    void noPushThenUploadDatasetPublishesOnceThenNothing() throws IOException {
        assertThat(run(iris("--no-push")).exitCode()).isZero();
        assertThat(proxy.requests()).isEmpty();

        CliRunner.Result up = run("upload-dataset", "iris");

        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(up.out())
                .startsWith("Published iris.\n")
                .contains("Hub URL:        " + proxy.url() + "/datasets/NERSC/iris");
        assertThat(commits(hub, IRIS_REPO)).hasSize(2);
        proxy.clearLog();

        CliRunner.Result again = run("upload-dataset", "iris");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).startsWith("iris: already published, unchanged\n");
        assertThat(commits(hub, IRIS_REPO)).hasSize(2);
        assertThat(proxy.requests()).allMatch(req -> req.startsWith("GET "));
    }

    @Test
    void aCommitWhoseRecordWasNotWrittenIsRecordedByTheSameUploadWithoutASecondCommit() throws IOException {
        assertThat(run(iris()).exitCode()).isZero();
        assertThat(run("update-dataset", "iris", "--official-name", "Iris flowers", "--no-push")
                        .exitCode())
                .isZero();
        Path infoJson = root.resolve("iris/iris_info.json");
        byte[] unrecorded = Files.readAllBytes(infoJson);
        assertThat(run("upload-dataset", "iris").exitCode()).isZero();
        int commits = commits(hub, IRIS_REPO).size();
        // the state a crash between the commit and recording it leaves: the repo updated, the entry's record not
        Files.write(infoJson, unrecorded);

        CliRunner.Result again = run("upload-dataset", "iris");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        List<RepoCommit> history = commits(hub, IRIS_REPO);
        assertThat(history).as("no second commit").hasSize(commits);
        assertThat(info("iris").at("/published/commit").asText())
                .as("the commit that holds the change")
                .isEqualTo(history.get(0).id());
    }

    @Test
    void othersCommittingOtherFilesDoNotChangeTheRecordedCommit() throws IOException {
        assertThat(run(iris()).exitCode()).isZero();
        String recorded = info("iris").at("/published/commit").asText();
        hub.commit(
                IRIS_REPO,
                CommitRequest.onMain(
                        "Add notes", List.of(new CommitOperation.Add("NOTES.md", ContentSource.of("notes\n")))));
        proxy.clearLog();

        CliRunner.Result again = run("upload-dataset", "iris");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).startsWith("iris: already published, unchanged\n");
        assertThat(info("iris").at("/published/commit").asText()).isEqualTo(recorded);
        assertThat(proxy.requests()).allMatch(req -> req.startsWith("GET "));
    }

    @Test
    void anEarlierToolEntryIsUploadedWithTheLoaderFromItsCard() throws IOException {
        EarlierToolEntry.iris(root);
        // the earlier tool had created the repo and uploaded the card and the loader, one commit each
        hub.createRepo(IRIS_REPO, false, false);
        hub.commit(
                IRIS_REPO,
                CommitRequest.onMain(
                        "Upload iris_loader.py",
                        List.of(new CommitOperation.Add("iris_loader.py", ContentSource.of("import pandas as pd\n")))));
        hub.commit(
                IRIS_REPO,
                CommitRequest.onMain(
                        "Upload README.md",
                        List.of(new CommitOperation.Add("README.md", ContentSource.of(EarlierToolEntry.IRIS_README)))));

        CliRunner.Result r = run("upload-dataset", "iris");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(files(hub, IRIS_REPO))
                .containsExactlyInAnyOrder(".gitattributes", "README.md", "iris_loader.py", "nersc.json");
        assertThat(commits(hub, IRIS_REPO)).hasSize(4); // only nersc.json was new
        JsonNode link = nerscJson(hub, IRIS_REPO);
        assertThat(link.get("catalog_entry").asText()).isEqualTo(root.resolve("iris") + "/");
        assertThat(link.get("jupyter_url").asText())
                .isEqualTo("https://jupyter.nersc.gov/hub/user-redirect/lab/tree"
                        + "/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/iris_dataloader.ipynb");
        JsonNode entry = info("iris");
        assertThat(entry.has("schema_version")).isFalse(); // still the earlier tool's file, plus "published"
        assertThat(entry.at("/published/commit").asText()).isEqualTo(hub.headOf(IRIS_REPO, "main"));
        assertThat(entry.get("hf_dir").asText()).isEqualTo(proxy.url() + "/datasets/NERSC/iris/");

        assertThat(run("upload-dataset", "iris").out()).startsWith("iris: already published, unchanged\n");
        assertThat(commits(hub, IRIS_REPO)).hasSize(4);
    }

    @Test
    void anEntryPublishedToTheEmbeddedHubIsUploadedToAnotherHubLater() throws IOException {
        CliRunner noToken = new CliRunner(home);
        String[] args = new String[] {"--catalog-root", root.toString()};
        List<String> first = new ArrayList<>(List.of(args));
        first.addAll(List.of(iris()));
        CliRunner.Result embedded = noToken.run(first.toArray(String[]::new));
        assertThat(embedded.exitCode()).as(embedded.toString()).isZero();
        Path embeddedDir = home.resolve(".huggingnersc/hub");
        assertThat(embedded.err())
                .contains(
                        "publishing to the embedded local hub at " + embeddedDir,
                        "huggingnersc upload-dataset iris --endpoint https://huggingface.co");
        assertThat(info("iris").get("endpoint").asText()).isEqualTo("file:" + embeddedDir);

        // "huggingface.co": the proxied local hub of this test
        CliRunner.Result up = run("upload-dataset", "iris");

        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(up.out()).startsWith("Published iris.\n");
        assertThat(up.err())
                .isEqualTo("publishing to " + proxy.url() + " as huggingnersc-local (token from HF_TOKEN)\n");
        assertThat(files(hub, IRIS_REPO)).contains("README.md", "iris_loader.py", "nersc.json");
        JsonNode entry = info("iris");
        assertThat(entry.get("endpoint").asText()).isEqualTo(proxy.url());
        assertThat(entry.get("hf_dir").asText()).isEqualTo(proxy.url() + "/datasets/NERSC/iris/");
        assertThat(entry.at("/published/commit").asText()).isEqualTo(hub.headOf(IRIS_REPO, "main"));

        // the first command again: the entry is unchanged (where it was published is not its content)
        Map<String, String> before = TreeSnapshot.of(root);
        CliRunner.Result rerun = noToken.run(first.toArray(String[]::new));
        assertThat(rerun.exitCode()).as(rerun.toString()).isZero();
        assertThat(rerun.out()).startsWith("iris: already cataloged, unchanged\n");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void uploadAllContinuesPastAFailureAndExitsOne() throws IOException {
        assertThat(run(iris("--no-push")).exitCode()).isZero();
        Path broken = Files.createDirectories(root.resolve("broken"));
        Files.writeString(broken.resolve("broken_info.json"), EarlierToolEntry.IRIS_INFO.replace("iris", "broken"));
        Files.writeString(broken.resolve("README.md"), "---\npretty_name: Broken\n---\n# Broken\nNo code here.\n");

        CliRunner.Result r = run("upload-dataset", "--all");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out())
                .startsWith("NICKNAME  RESULT             COMMIT OR ERROR\n")
                .containsPattern("broken    failed \\(exit 2\\)    catalog entry .*broken/: no loader script")
                .containsPattern(
                        "iris      committed          " + proxy.url() + "/datasets/NERSC/iris/commit/[0-9a-f]{40}")
                .contains("1 published, 1 failed: broken");
        assertThat(info("iris").get("published").isObject()).isTrue();

        JsonNode json = JSON.readTree(run("--json", "upload-dataset", "--all").out());
        assertThat(json.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(json.get(1).get("status").asText()).isEqualTo("already_published");
    }

    // --- upload-dataset merges the card onto the repo's, as update-dataset does ---------------------

    private String card(RepoId repo) {
        return new String(hub.readFile(repo, "main", "README.md"), StandardCharsets.UTF_8);
    }

    /** A colleague adds a front-matter key and a paragraph of their own to the card on the Hub. */
    private void colleagueEdits(RepoId repo) {
        String edited = card(repo).replaceFirst("^---\n", "---\nhomepage: https://example.org/" + repo.name() + "\n")
                + "\n## Notes from a colleague\n\nThe 1936 measurements, checked against the paper.\n";
        hub.commit(
                repo,
                CommitRequest.onMain(
                        "Add notes", List.of(new CommitOperation.Add("README.md", ContentSource.of(edited)))));
    }

    private void assertColleaguesEditsKept(RepoId repo) {
        String card = card(repo);
        assertThat(DatasetCard.parse(card).frontMatter())
                .containsEntry("homepage", "https://example.org/" + repo.name());
        assertThat(card).endsWith("## Notes from a colleague\n\nThe 1936 measurements, checked against the paper.\n");
        assertThat(card.indexOf("Notes from a colleague")).isGreaterThan(card.indexOf("<!-- huggingnersc:end -->"));
    }

    @Test
    void uploadDatasetAfterUploadDataKeepsTheConfigsAndARerunCommitsNothing() throws IOException {
        assertThat(run(iris()).exitCode()).isZero();
        CliRunner.Result data = run("upload-data", "iris");
        assertThat(data.exitCode()).as(data.toString()).isZero();
        Object configs = DatasetCard.parse(card(IRIS_REPO)).frontMatter().get("configs");
        assertThat(configs).as("upload-data gave the card configs").isNotNull();
        assertThat(run("manifest", "iris").exitCode()).isZero(); // nersc.json gains the manifest digest: a commit

        CliRunner.Result up = run("upload-dataset", "iris");

        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(up.out()).startsWith("Published iris.\n");
        assertThat(commits(hub, IRIS_REPO).get(0).title()).isEqualTo("Update iris from NERSC (huggingnersc)");
        assertThat(DatasetCard.parse(card(IRIS_REPO)).frontMatter().get("configs"))
                .isEqualTo(configs);
        assertThat(nerscJson(hub, IRIS_REPO).get("manifest_digest").asText()).isNotBlank();
        assertThat(Files.readString(root.resolve("iris/README.md")))
                .as("the entry keeps the card as committed")
                .isEqualTo(card(IRIS_REPO));
        int commits = commits(hub, IRIS_REPO).size();

        CliRunner.Result again = run("upload-dataset", "iris");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).startsWith("iris: already published, unchanged\n");
        assertThat(commits(hub, IRIS_REPO)).hasSize(commits);
        CliRunner.Result recatalog = run(iris());
        assertThat(recatalog.out()).as(recatalog.toString()).startsWith("iris: already cataloged, unchanged\n");
        assertThat(commits(hub, IRIS_REPO)).hasSize(commits);
    }

    @Test
    void aColleaguesKeyAndParagraphOnTheHubSurviveUploadDataset() throws IOException {
        assertThat(run(iris()).exitCode()).isZero();
        colleagueEdits(IRIS_REPO);
        assertThat(run("update-dataset", "iris", "--official-name", "Iris flowers", "--no-push")
                        .exitCode())
                .isZero();

        CliRunner.Result up = run("upload-dataset", "iris");

        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertColleaguesEditsKept(IRIS_REPO);
        assertThat(card(IRIS_REPO)).contains("# Iris flowers\n");
        assertThat(Files.readString(root.resolve("iris/README.md"))).isEqualTo(card(IRIS_REPO));
        int commits = commits(hub, IRIS_REPO).size();

        assertThat(run("upload-dataset", "iris").out()).startsWith("iris: already published, unchanged\n");
        assertThat(commits(hub, IRIS_REPO)).hasSize(commits);
    }

    @Test
    void aColleaguesKeyAndParagraphOnTheHubSurviveUploadDatasetAll() throws IOException {
        RepoId jet = new RepoId("NERSC", "jetclass");
        assertThat(run(iris()).exitCode()).isZero();
        assertThat(run(jetclass()).exitCode()).isZero();
        colleagueEdits(IRIS_REPO);
        colleagueEdits(jet);
        int before = commits(hub, IRIS_REPO).size() + commits(hub, jet).size();

        CliRunner.Result all = run("upload-dataset", "--all");

        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertColleaguesEditsKept(IRIS_REPO);
        assertColleaguesEditsKept(jet);
        int after = commits(hub, IRIS_REPO).size() + commits(hub, jet).size();
        assertThat(after).as("their cards already hold ours: nothing to commit").isEqualTo(before);

        assertThat(run("upload-dataset", "--all").exitCode()).isZero();
        assertThat(commits(hub, IRIS_REPO).size() + commits(hub, jet).size()).isEqualTo(after);
    }

    @Test
    void anEarlierToolEntrysCardIsMergedOntoTheRepos() throws IOException {
        EarlierToolEntry.iris(root);
        hub.createRepo(IRIS_REPO, false, false);
        hub.commit(
                IRIS_REPO,
                CommitRequest.onMain(
                        "Upload README.md",
                        List.of(new CommitOperation.Add("README.md", ContentSource.of(EarlierToolEntry.IRIS_README)))));
        colleagueEdits(IRIS_REPO);

        CliRunner.Result r = run("upload-dataset", "iris");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String card = card(IRIS_REPO);
        assertThat(DatasetCard.parse(card).frontMatter()).containsEntry("homepage", "https://example.org/iris");
        assertThat(card)
                .contains("import pandas as pd")
                .endsWith("## Notes from a colleague\n\nThe 1936 measurements, checked against the paper.\n");
        int commits = commits(hub, IRIS_REPO).size();
        assertThat(run("upload-dataset", "iris").out()).startsWith("iris: already published, unchanged\n");
        assertThat(commits(hub, IRIS_REPO)).hasSize(commits);
    }

    @Test
    void orgPublishesTheEntryUnderThatOrganizationAsTheConflictAdvises() throws IOException {
        hub.createRepo(IRIS_REPO, false, false);
        hub.commit(
                IRIS_REPO,
                CommitRequest.onMain(
                        "their dataset",
                        List.of(new CommitOperation.Add(
                                "README.md", ContentSource.of("---\npretty_name: Iris (theirs)\n---\n# Theirs\n")))));
        String theirHead = hub.headOf(IRIS_REPO, "main");
        assertThat(run(iris("--no-push")).exitCode()).isZero();
        CliRunner.Result conflict = run("upload-dataset", "iris");
        assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(3);
        assertThat(conflict.err()).contains("publish it under another organization (--org ORG)");

        CliRunner.Result r = run("upload-dataset", "iris", "--org", "my-group");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        RepoId ours = new RepoId("my-group", "iris");
        assertThat(r.out()).startsWith("Published iris.\n").contains(proxy.url() + "/datasets/my-group/iris");
        assertThat(commits(hub, ours).get(0).title()).isEqualTo(OUR_TITLE);
        assertThat(files(hub, ours)).contains("README.md", "iris_loader.py", "croissant.json", "nersc.json");
        assertThat(hub.headOf(IRIS_REPO, "main")).as("their repo is untouched").isEqualTo(theirHead);
        JsonNode entry = info("iris");
        assertThat(entry.get("repo_id").asText()).isEqualTo("my-group/iris");
        assertThat(entry.get("hf_dir").asText()).isEqualTo(proxy.url() + "/datasets/my-group/iris/");
        assertThat(entry.at("/published/commit").asText()).isEqualTo(hub.headOf(ours, "main"));
        JsonNode croissant = JSON.readTree(root.resolve("iris/croissant.json").toFile());
        assertThat(croissant.get("url").asText()).isEqualTo(proxy.url() + "/datasets/my-group/iris");
        assertThat(JSON.readTree(hub.readFile(ours, "main", "croissant.json"))).isEqualTo(croissant);
        int commits = commits(hub, ours).size();

        // the entry now records my-group/iris: no --org, or another org from the environment, keeps it there
        assertThat(run("upload-dataset", "iris").out()).startsWith("iris: already published, unchanged\n");
        cli.env("HUGGINGNERSC_ORG", "elsewhere");
        assertThat(run("upload-dataset", "iris").out()).startsWith("iris: already published, unchanged\n");
        assertThat(commits(hub, ours)).hasSize(commits);
        assertThat(hub.headOf(IRIS_REPO, "main")).isEqualTo(theirHead);
    }

    @Test
    void uploadDatasetWithoutATokenIsRefusedWithAnAdviceItCanFollow() throws IOException {
        assertThat(run(iris("--no-push")).exitCode()).isZero();
        Map<String, String> before = TreeSnapshot.of(root);

        CliRunner.Result r = new CliRunner(home)
                .run("--catalog-root", root.toString(), "--endpoint", proxy.url(), "upload-dataset", "iris");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("error: upload-dataset iris: no Hub token to publish to " + proxy.url()
                        + " (endpoint from --endpoint); run `huggingnersc login --endpoint " + proxy.url()
                        + "` or set HF_TOKEN\n")
                .as("upload-dataset has no --no-push")
                .doesNotContain("--no-push");
        assertThat(proxy.requests()).isEmpty();
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void withoutATokenAnHttpEndpointIsRefusedBeforeAnythingIsWritten() {
        CliRunner noToken = new CliRunner(home);
        CliRunner.Result r = noToken.run(
                concat(new String[] {"--catalog-root", root.toString(), "--endpoint", proxy.url()}, iris()));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("error: catalog-new-dataset iris: no Hub token to publish to " + proxy.url()
                        + " (endpoint from --endpoint); run `huggingnersc login --endpoint " + proxy.url()
                        + "` or set HF_TOKEN; "
                        + "or write the entry only with --no-push");
        assertThat(root).doesNotExist();
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void uploadDatasetNeedsANicknameOrAll() {
        assertThat(run("upload-dataset").exitCode()).isEqualTo(2);
        assertThat(run("upload-dataset", "iris", "--all").exitCode()).isEqualTo(2);
        CliRunner.Result missing = run("upload-dataset", "iris");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: no catalog entry 'iris' under " + root);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
