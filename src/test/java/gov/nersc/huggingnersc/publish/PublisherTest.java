package gov.nersc.huggingnersc.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.EarlierToolEntry;
import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.NewDataset;
import gov.nersc.huggingnersc.api.PublishOptions;
import gov.nersc.huggingnersc.api.PublishResult;
import gov.nersc.huggingnersc.api.RepoComparison;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.config.SettingsResolver;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing catalog entries into a local hub, compared by blob id; one commit per action. */
class PublisherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RepoId IRIS = new RepoId("NERSC", "iris");

    @TempDir
    Path home;

    LocalHub localHub;
    HubClient hub;
    Catalog catalog;
    Publisher publisher;

    @BeforeEach
    void setUp() throws IOException {
        localHub = LocalHub.start(home.resolve("hub"), LocalHub.Options.defaults());
        hub = HubClient.builder()
                .endpoint(URI.create(localHub.url()))
                .token(Optional.of(new HubToken(localHub.token(), "test")))
                .build();
        catalog = new Catalog(home.resolve("catalog"));
        publisher = new Publisher(catalog, hub, localHub.url());
    }

    @AfterEach
    void tearDown() {
        localHub.close();
    }

    private void catalogIris() throws IOException {
        DatasetFixtures.Inputs in = DatasetFixtures.iris(home);
        Settings settings = SettingsResolver.resolve(
                new SettingsResolver.Flags(localHub.url(), null, catalog.root(), null),
                Map.of(
                        "HOME",
                        home.toString(),
                        "HUGGINGNERSC_HOME",
                        home.resolve(".hn").toString()));
        HuggingNersc.create(settings)
                .catalogNewDataset(new NewDataset(
                        "Iris",
                        "iris",
                        in.loader(),
                        in.data().toString(),
                        "none",
                        in.metadata(),
                        Optional.empty(),
                        false,
                        true));
    }

    private int commits() {
        List<Object> all = new ArrayList<>();
        hub.listCommits(IRIS, "main").forEach(all::add);
        return all.size();
    }

    private String file(String path) {
        return new String(hub.readFile(IRIS, "main", path), StandardCharsets.UTF_8);
    }

    @Test
    void publishesEveryFileInOneCommitThenNothingMore() throws IOException {
        catalogIris();
        CatalogEntry entry = catalog.read("iris").orElseThrow();
        assertThat(publisher.compare(entry).repoExists()).isFalse();

        PublishResult first = publisher.publish("iris", PublishOptions.defaults());

        assertThat(first.status()).isEqualTo(PublishResult.Status.COMMITTED);
        assertThat(first.repoCreated()).isTrue();
        assertThat(first.repoUrl()).isEqualTo(localHub.url() + "/datasets/NERSC/iris");
        assertThat(first.commitUrl()).isEqualTo(first.repoUrl() + "/commit/" + first.commit());
        assertThat(hub.headOf(IRIS, "main")).isEqualTo(first.commit());
        assertThat(first.entry().published().orElseThrow().commit()).isEqualTo(first.commit());
        assertThat(catalog.read("iris").orElseThrow().published())
                .isEqualTo(first.entry().published());
        // the creation commit (.gitattributes) and ours
        assertThat(commits()).isEqualTo(2);
        List<String> paths = new ArrayList<>();
        hub.listTree(IRIS, "main", null, true).forEach(e -> paths.add(e.path()));
        assertThat(paths)
                .containsExactlyInAnyOrder(
                        ".gitattributes",
                        "README.md",
                        "iris_loader.py",
                        "croissant.json",
                        "nersc.json",
                        "sample",
                        "sample/iris.csv");
        assertThat(file("README.md")).isEqualTo(catalog.readFiles("iris").get("README.md"));
        assertThat(file("iris_loader.py")).isEqualTo(DatasetFixtures.IRIS_LOADER);
        JsonNode link = JSON.readTree(file("nersc.json"));
        assertThat(link.get("schema_version").asInt()).isEqualTo(1);
        assertThat(link.get("nickname").asText()).isEqualTo("iris");
        assertThat(link.get("catalog_entry").asText()).isEqualTo(catalog.dir("iris") + "/");
        assertThat(link.get("notebook").asText()).isEqualTo(catalog.dir("iris") + "/iris_dataloader.ipynb");
        assertThat(link.get("jupyter_url").asText())
                .isEqualTo("https://jupyter.nersc.gov/hub/user-redirect/lab/tree" + catalog.dir("iris")
                        + "/iris_dataloader.ipynb");
        assertThat(link.get("download_link").isNull()).isTrue();
        assertThat(link.get("tool").asText()).startsWith("huggingnersc ");
        assertThat(publisher.compare(entry).agrees()).isTrue();

        PublishResult again = publisher.publish("iris", PublishOptions.defaults());

        assertThat(again.status()).isEqualTo(PublishResult.Status.ALREADY_PUBLISHED);
        assertThat(again.commit()).isEqualTo(first.commit());
        assertThat(commits()).isEqualTo(2);
    }

    @Test
    void theComparisonNamesMissingDifferingAndExtraFiles() throws IOException {
        catalogIris();
        publisher.publish("iris", PublishOptions.defaults());
        hub.commit(
                IRIS,
                CommitRequest.onMain(
                        "someone edits",
                        List.of(
                                new CommitOperation.Add("iris_loader.py", ContentSource.of("print('changed')\n")),
                                new CommitOperation.Add("data/iris.csv", ContentSource.of("a,b\n")),
                                new CommitOperation.Delete("nersc.json"))));

        RepoComparison c = publisher.compare(catalog.read("iris").orElseThrow());

        assertThat(c.agrees()).isFalse();
        assertThat(c.missing()).containsExactly("nersc.json");
        assertThat(c.differing()).containsExactly("iris_loader.py");
        assertThat(c.extra()).containsExactly("data/iris.csv");
        assertThat(c.head()).isEqualTo(hub.headOf(IRIS, "main"));
    }

    @Test
    void aRepoWithSomeoneElsesFilesIsAConflictAndIsLeftAlone() throws IOException {
        catalogIris();
        hub.createRepo(IRIS, false, false);
        hub.commit(
                IRIS,
                CommitRequest.onMain(
                        "theirs",
                        List.of(new CommitOperation.Add(
                                "README.md", ContentSource.of("---\npretty_name: Other\n---\n# Other\n")))));
        String head = hub.headOf(IRIS, "main");

        assertThatThrownBy(() -> publisher.publish("iris", PublishOptions.defaults()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("NERSC/iris")
                .hasMessageContaining("nothing was changed on the Hub");

        assertThat(hub.headOf(IRIS, "main")).isEqualTo(head);
        assertThat(catalog.read("iris").orElseThrow().published()).isEmpty();
    }

    @Test
    void anEarlierToolEntryIsPublishedWithTheLoaderFromItsCard() throws IOException {
        EarlierToolEntry.iris(catalog.root());

        PublishResult r = publisher.publish("iris", PublishOptions.defaults());

        assertThat(r.status()).isEqualTo(PublishResult.Status.COMMITTED);
        assertThat(file("iris_loader.py")).isEqualTo("import pandas as pd\n");
        assertThat(file("README.md")).isEqualTo(EarlierToolEntry.IRIS_README);
        CatalogEntry after = catalog.read("iris").orElseThrow();
        assertThat(after.origin()).isEqualTo(CatalogEntry.Origin.EARLIER_TOOL);
        assertThat(after.published().orElseThrow().commit()).isEqualTo(r.commit());
        assertThat(after.hubUrl()).isEqualTo(localHub.url() + "/datasets/NERSC/iris/");
        assertThat(publisher.publish("iris", PublishOptions.defaults()).status())
                .isEqualTo(PublishResult.Status.ALREADY_PUBLISHED);
    }
}
