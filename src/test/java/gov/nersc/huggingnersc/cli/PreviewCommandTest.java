package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.EarlierToolEntry;
import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.Preview;
import gov.nersc.huggingnersc.TreeSnapshot;
import gov.nersc.huggingnersc.config.SettingsResolver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreviewCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path IRIS_EXAMPLE = Path.of("examples/iris");

    @TempDir
    Path home;

    Path root;
    CliRunner cli;

    @BeforeEach
    void setUp() {
        root = home.resolve("catalog");
        cli = new CliRunner(home);
    }

    private CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--catalog-root", root.toString()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    private String[] irisArgs(String... extra) {
        List<String> a = new ArrayList<>(List.of(
                "catalog-new-dataset",
                "Iris",
                "iris",
                IRIS_EXAMPLE.resolve("iris_loader.py").toString(),
                "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/",
                "auto",
                IRIS_EXAMPLE.resolve("iris_metadata.json").toString(),
                "--no-data-check"));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private static HttpResponse<String> browse(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Accept", "text/html,application/xhtml+xml")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void previewPrintsThePageOfTheEntryAndStopsWithNoWait() throws Exception {
        assertThat(run(irisArgs()).exitCode()).isZero();
        Map<String, String> before = TreeSnapshot.of(root);

        CliRunner.Result r = run("--json", "preview", "iris", "--no-wait");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("url").asText()).matches("http://127\\.0\\.0\\.1:\\d+/datasets/NERSC/iris");
        assertThat(out.get("repo_id").asText()).isEqualTo("NERSC/iris");
        assertThat(out.get("serving").asBoolean()).isFalse();
        assertThat(JSON.convertValue(out.get("files"), List.class))
                .containsExactly("README.md", "iris_loader.py", "croissant.json", "nersc_files.csv", "nersc.json");
        assertThat(TreeSnapshot.of(root)).as("the catalog is only read").isEqualTo(before);

        CliRunner.Result text = run("preview", "iris", "--no-wait");
        assertThat(text.out())
                .contains("Preview of iris as it would be published (nothing was published):")
                .containsPattern("\\n  http://127\\.0\\.0\\.1:\\d+/datasets/NERSC/iris\\n");
    }

    @Test
    void thePreviewServesTheCardTheCroissantAndTheNerscBoxAsTheHubWould() throws Exception {
        assertThat(run(irisArgs()).exitCode()).isZero();
        HuggingNersc api = HuggingNersc.create(
                SettingsResolver.resolve(new SettingsResolver.Flags(null, null, root, null), cli.env()));
        try (Preview p = api.preview("iris")) {
            HttpResponse<String> page = browse(p.pageUrl());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .contains("<h1>iris</h1>", "<h1>Iris</h1>", "<code class=\"language-python\">")
                    .contains("href=\"https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data/\"")
                    .contains("<script type=\"application/ld+json\">{\"@context\"");
            HttpResponse<String> croissant = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(p.pageUrl() + "/resolve/main/croissant.json"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(croissant.body()).isEqualTo(Files.readString(root.resolve("iris/croissant.json")));
        }
    }

    @Test
    void anEarlierToolEntryIsPreviewedWithACroissantRenderedForIt() throws Exception {
        EarlierToolEntry.iris(root);
        HuggingNersc api = HuggingNersc.create(
                SettingsResolver.resolve(new SettingsResolver.Flags(null, null, root, null), cli.env()));
        try (Preview p = api.preview("iris")) {
            // the loader is read from the card's code block, as publishing does
            assertThat(p.files()).containsExactly("README.md", "iris_loader.py", "croissant.json", "nersc.json");
            String page = browse(p.pageUrl()).body();
            assertThat(page)
                    .contains("<h1>Iris</h1>")
                    .contains("\"conformsTo\":\"http://mlcommons.org/croissant/1.1\"");
        }
        assertThat(root.resolve("iris/croissant.json")).doesNotExist();
    }

    @Test
    void anUnknownNicknameIsInvalidInput() {
        CliRunner.Result r = run("preview", "iriss", "--no-wait");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no catalog entry 'iriss'");
    }

    @Test
    void aScreenshotWithoutChromiumFailsNamingHowToInstallIt() throws Exception {
        assertThat(run(irisArgs()).exitCode()).isZero();
        Path emptyPath = Files.createDirectories(home.resolve("empty-bin"));
        cli.env("PATH", emptyPath.toString());
        Path png = home.resolve("iris.png");
        CliRunner.Result r = run("preview", "iris", "--no-wait", "--screenshot", png.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no Chromium found on PATH").contains("apt-get install chromium");
        assertThat(r.out()).isEmpty();
        assertThat(png).doesNotExist();
    }

    @Test
    void catalogNewDatasetPreviewsADryRunWithoutTouchingTheCatalog() throws Exception {
        CliRunner.Result r = run(irisArgs("--dry-run", "--preview", "--no-wait", "--json"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("url").asText()).endsWith("/datasets/NERSC/iris");
        assertThat(JSON.convertValue(out.get("files"), List.class)).contains("README.md", "croissant.json");
        assertThat(root).doesNotExist();
    }

    @Test
    void previewOptionsWithoutPreviewAreInvalid() {
        CliRunner.Result r = run(irisArgs("--no-wait"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("go with --preview");
        assertThat(root).doesNotExist();
    }

    @Test
    void previewIsListedInTheHelp() {
        CliRunner.Result r = cli.run("preview", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--screenshot=FILE", "--no-wait", "--no-browser", "NICKNAME");
        assertThat(cli.run("--help").out()).contains("preview");
    }
}
