package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.FaultProxy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect-dataset --remote and list-datasets --remote against a local hub (two repos a page). */
class RemoteCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RepoId IRIS = new RepoId("NERSC", "iris");

    @TempDir
    Path home;

    HubTestbed bed;
    Path root;
    FaultProxy proxy;
    HubClient someoneElse;

    @BeforeEach
    void setUp() throws IOException {
        bed = HubTestbed.start(home, LocalHub.Options.defaults().withPageSize(2));
        root = bed.root;
        proxy = bed.proxy;
        someoneElse = bed.someoneElse;
    }

    @AfterEach
    void tearDown() {
        bed.close();
    }

    private CliRunner.Result run(String... args) {
        return bed.run(args);
    }

    /** The requests after the first {@code before} ones, {@code "METHOD /path?query"}. */
    private List<String> asked(int before) {
        List<FaultProxy.Exchange> all = proxy.exchanges();
        return all.subList(before, all.size()).stream()
                .map(x -> x.method() + " " + x.target())
                .toList();
    }

    private void someoneElsesRepo(String name) {
        RepoId id = new RepoId("NERSC", name);
        someoneElse.createRepo(id, false, false);
        someoneElse.commit(
                id,
                CommitRequest.onMain(
                        "Their dataset",
                        List.of(new CommitOperation.Add(
                                "README.md", ContentSource.of("---\ntags:\n- theirs\n---\n# " + name + "\n")))));
    }

    @Test
    void inspectWithoutRemoteMakesNoRequest() {
        bed.catalogIris();
        int before = proxy.requests().size();

        CliRunner.Result r = run("inspect-dataset", "iris");
        CliRunner.Result json = run("--json", "inspect-dataset", "iris");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).doesNotContain("\"remote\"");
        assertThat(proxy.requests()).hasSize(before);
    }

    @Test
    void inspectRemoteShowsTheRepoAndThatItAgrees() throws IOException {
        bed.catalogIris();
        String head = someoneElse.headOf(IRIS, "main");

        CliRunner.Result r = run("inspect-dataset", "iris", "--remote");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("repo URL:      " + proxy.url() + "/datasets/NERSC/iris\n")
                .contains("last commit:   " + head + " ")
                .contains("Hub tags:      ")
                .contains("size_categories:n<1K")
                .contains("  README.md ")
                .contains("  iris_loader.py ")
                .contains("  nersc.json ")
                .contains("agrees:        yes, the repo holds the entry's files");

        JsonNode j = JSON.readTree(
                run("--json", "inspect-dataset", "iris", "--remote").out());
        JsonNode remote = j.get("remote");
        assertThat(remote.get("exists").asBoolean()).isTrue();
        assertThat(remote.get("last_commit").get("id").asText()).isEqualTo(head);
        assertThat(remote.get("last_commit").get("title").asText()).isNotBlank();
        assertThat(remote.get("agrees").asBoolean()).isTrue();
        assertThat(remote.get("files").findValuesAsText("path")).contains("README.md", "iris_loader.py", "nersc.json");
        assertThat(remote.get("tags").toString()).contains("size_categories:n<1K");
        assertThat(j.get("nickname").asText())
                .as("the local part is still there")
                .isEqualTo("iris");
    }

    @Test
    void inspectRemoteSaysWhichFilesDifferAfterSomeoneChangedTheRepo() throws IOException {
        bed.catalogIris();
        byte[] data = new byte[4096];
        someoneElse.commit(
                IRIS,
                CommitRequest.onMain(
                        "Someone else's changes",
                        List.of(
                                new CommitOperation.Delete("nersc.json"),
                                new CommitOperation.Add(
                                        "iris_loader.py", ContentSource.of("print('changed on the Hub')\n")),
                                new CommitOperation.Add("data/iris.parquet", ContentSource.of(data)))));

        CliRunner.Result r = run("inspect-dataset", "iris", "--remote");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains(
                        "agrees:        no; missing on the Hub: nersc.json; different on the Hub: " + "iris_loader.py");
        assertThat(r.out()
                        .lines()
                        .filter(l -> l.contains("data/iris.parquet"))
                        .findFirst()
                        .orElseThrow())
                .contains("4096 B")
                .endsWith("LFS");
        JsonNode remote = JSON.readTree(
                        run("--json", "inspect-dataset", "iris", "--remote").out())
                .get("remote");
        assertThat(remote.get("agrees").asBoolean()).isFalse();
        assertThat(remote.get("missing").get(0).asText()).isEqualTo("nersc.json");
        assertThat(remote.get("differing").get(0).asText()).isEqualTo("iris_loader.py");
        assertThat(remote.get("extra").get(0).asText()).isEqualTo("data/iris.parquet");
    }

    @Test
    void inspectRemoteReadsTheRevisionGivenAsHfDoes() throws IOException {
        bed.catalogIris();
        String published = someoneElse.headOf(IRIS, "main");
        someoneElse.commit(
                IRIS,
                CommitRequest.onMain(
                        "Someone else's change",
                        List.of(new CommitOperation.Add(
                                "iris_loader.py", ContentSource.of("print('changed on the Hub')\n")))));

        CliRunner.Result now = run("inspect-dataset", "iris", "--remote");
        CliRunner.Result then = run("inspect-dataset", "iris", "--remote", "--revision", published.substring(0, 40));

        assertThat(now.out()).contains("different on the Hub: iris_loader.py");
        assertThat(then.exitCode()).as(then.toString()).isZero();
        assertThat(then.out())
                .contains("last commit:   " + published + " ")
                .contains("agrees:        yes, the repo holds the entry's files");
        JsonNode remote = JSON.readTree(run("--json", "inspect-dataset", "iris", "--remote", "--revision", published)
                        .out())
                .get("remote");
        assertThat(remote.get("last_commit").get("id").asText()).isEqualTo(published);

        CliRunner.Result missing = run("inspect-dataset", "iris", "--remote", "--revision", "v9");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.err())
                .startsWith("error: --revision 'v9': the repo NERSC/iris has no such branch, tag or " + "commit");
        CliRunner.Result alone = run("inspect-dataset", "iris", "--revision", "main");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err()).contains("--revision goes with --remote");
    }

    @Test
    void inspectRemoteOfAnEntryWithoutRepoSaysSo() {
        bed.catalogIris("--no-push");

        CliRunner.Result r = run("inspect-dataset", "iris", "--remote");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("repo:          does not exist on this Hub; publish it with "
                        + "'huggingnersc upload-dataset iris'");
    }

    @Test
    void withoutATokenAPrivateRepoIsSaidToMaybeBePrivateNotToBeMissing() throws IOException {
        bed.catalogIris("--private");
        CliRunner anonymous = new CliRunner(home);
        String[] where = {"--catalog-root", root.toString(), "--endpoint", proxy.url()};
        String login = "run `huggingnersc login --endpoint " + proxy.url() + "` or set HF_TOKEN";

        CliRunner.Result r = anonymous.run(concat(where, "inspect-dataset", "iris", "--remote"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("repo:          not found: it may be private (no Hub token was found, so " + proxy.url()
                        + " shows public repos only; to see private ones, " + login + "), or it does not exist")
                .doesNotContain("does not exist on this Hub");
        assertThat(JSON.readTree(anonymous
                                .run(concat(where, "--json", "inspect-dataset", "iris", "--remote"))
                                .out())
                        .at("/remote/public_only")
                        .asBoolean())
                .isTrue();

        CliRunner.Result list = anonymous.run(concat(where, "list-datasets", "--remote"));
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).contains("iris (no repo, or private)");
        assertThat(list.err()).contains("note: no Hub token was found, so " + proxy.url() + " shows public repos only");

        CliRunner.Result withToken = run("inspect-dataset", "iris", "--remote");
        assertThat(withToken.out()).as("the token sees it").contains("agrees:        yes");
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void listRemoteReadsEveryPageAndMarksCatalogEntries() throws IOException {
        bed.catalogIris();
        bed.catalogJetclass();
        someoneElsesRepo("other");
        someoneElsesRepo("more");
        someoneElse.createRepo(new RepoId("elsewhere", "iris"), false, false);
        java.nio.file.Files.writeString(
                home.resolve("cosmo.json"),
                "{\"datacard_tags\": {\"pretty_name\": \"CosmoFlow\", \"size_categories\": \"n<1K\"}, \"other_info\": {}}");
        CliRunner.Result cosmo = run(
                "catalog-new-dataset",
                "CosmoFlow",
                "cosmoflow",
                Path.of("examples/iris/iris_loader.py").toString(),
                "/global/cfs/cdirs/m0000/cosmo/",
                "none",
                home.resolve("cosmo.json").toString(),
                "--no-data-check",
                "--no-push");
        assertThat(cosmo.exitCode()).as(cosmo.toString()).isZero();
        int before = proxy.exchanges().size();

        CliRunner.Result r = run("list-datasets", "--remote");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> pages = asked(before).stream()
                .filter(q -> q.startsWith("GET /api/datasets"))
                .toList();
        assertThat(pages).as("four repos, two a page").hasSizeGreaterThanOrEqualTo(2);
        assertThat(pages.get(0)).contains("author=NERSC");
        assertThat(r.out())
                .containsPattern("NERSC/iris +iris ")
                .containsPattern("NERSC/jetclass +jetclass ")
                .containsPattern("NERSC/other +none ")
                .containsPattern("NERSC/more +none ")
                .containsPattern("NERSC/cosmoflow +cosmoflow \\(no repo\\)")
                .doesNotContain("elsewhere/")
                .contains("4 repos of NERSC on " + proxy.url()
                        + "; 2 without a catalog entry; 1 catalog entry without a repo");

        JsonNode j = JSON.readTree(run("--json", "list-datasets", "--remote").out());
        assertThat(j.get("repos").findValuesAsText("id"))
                .containsExactlyInAnyOrder("NERSC/iris", "NERSC/jetclass", "NERSC/other", "NERSC/more");
        assertThat(j.get("entries_without_repo").get(0).asText()).isEqualTo("cosmoflow");
        for (JsonNode repo : j.get("repos")) {
            String id = repo.get("id").asText();
            assertThat(repo.get("catalog_entry").isNull())
                    .as(id)
                    .isEqualTo(id.equals("NERSC/other") || id.equals("NERSC/more"));
        }
    }

    @Test
    void listRemotePassesTagAndSearchToTheHub() {
        bed.catalogIris();
        someoneElsesRepo("other");
        int before = proxy.exchanges().size();

        CliRunner.Result bySearch = run("list-datasets", "--remote", "--search", "iri");
        CliRunner.Result byTag = run("list-datasets", "--remote", "--tag", "theirs");

        assertThat(bySearch.exitCode()).as(bySearch.toString()).isZero();
        assertThat(bySearch.out())
                .contains("NERSC/iris")
                .doesNotContain("NERSC/other")
                .doesNotContain("without a repo");
        assertThat(byTag.out()).contains("NERSC/other").doesNotContain("NERSC/iris");
        assertThat(asked(before)).anyMatch(q -> q.contains("search=iri")).anyMatch(q -> q.contains("filter=theirs"));
    }
}
