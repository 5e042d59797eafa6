package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.TreeSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogNewDatasetCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path IRIS_EXAMPLE = Path.of("examples/iris");
    private static final Path JETCLASS_EXAMPLE = Path.of("examples/jetclass");

    @TempDir
    Path home;

    Path root;
    CliRunner cli;
    DatasetFixtures.Inputs jetclass = new DatasetFixtures.Inputs(
            JETCLASS_EXAMPLE.resolve("jetclass_loader.py"),
            null,
            JETCLASS_EXAMPLE.resolve("jetclass_metadata.json"),
            JETCLASS_EXAMPLE.resolve("jetclass_batch.sh"));

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

    /** The command line {@code first}, then {@code extra}. */
    private static String[] with(List<String> first, String... extra) {
        List<String> a = new ArrayList<>(first);
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    private String[] irisArgs(String... extra) {
        return with(
                List.of(
                        "catalog-new-dataset",
                        "Iris",
                        "iris",
                        IRIS_EXAMPLE.resolve("iris_loader.py").toString(),
                        IRIS_EXAMPLE.resolve("data").toString() + "/",
                        "none",
                        IRIS_EXAMPLE.resolve("iris_metadata.json").toString()),
                extra);
    }

    private String[] jetclassArgs(String... extra) {
        return with(
                List.of(
                        "catalog-new-dataset",
                        "JetClass",
                        "jetclass",
                        jetclass.loader().toString(),
                        "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/jetclass/data/",
                        "auto",
                        jetclass.metadata().toString()),
                extra);
    }

    @Test
    void aTokenFoundOnTheMachineDoesNotMakeTheFirstPublishGoToHuggingFaceCo() throws IOException {
        // hf auth login, for downloading models, left a token: the README's try-it command must not publish with it
        Path token = Files.createDirectories(home.resolve(".hf")).resolve("token");
        Files.writeString(token, "hf_ForDownloadingModels");

        CliRunner.Result r = run(irisArgs());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("error: catalog-new-dataset iris: would publish to https://huggingface.co only "
                        + "because a Hub token was found (" + token
                        + "); say where to publish: --endpoint https://huggingface.co "
                        + "(or HF_ENDPOINT, or endpoint in the config file), or --endpoint file:"
                        + home.resolve(".huggingnersc/hub")
                        + " for the embedded local hub\n");
        assertThat(root).doesNotExist();

        assertThat(run(irisArgs("--no-push")).exitCode())
                .as("writing the entry only publishes nothing")
                .isZero();
        CliRunner.Result later = run("upload-dataset", "iris");
        assertThat(later.exitCode()).as(later.toString()).isEqualTo(2);
        assertThat(later.err())
                .startsWith("error: upload-dataset iris: would publish to https://huggingface.co only "
                        + "because a Hub token was found");
        CliRunner.Result there = run("upload-dataset", "iris", "--endpoint", "file:" + home.resolve("hub"));
        assertThat(there.exitCode()).as(there.toString()).isZero();
        assertThat(there.err()).isEqualTo("publishing to the embedded local hub at " + home.resolve("hub") + "\n");
    }

    @Test
    void catalogsTheIrisExampleIntoACompleteEntry() throws IOException {
        CliRunner.Result r = run(irisArgs());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path entry = root.resolve("iris");
        String data = IRIS_EXAMPLE.resolve("data").toAbsolutePath() + "/";
        assertThat(r.out())
                .startsWith("Cataloged iris.\n")
                .contains("NERSC location: " + entry + "/")
                .contains("data path:      " + data)
                .contains("download link:  none (not public)")
                .contains("Hub URL:        http://127.0.0.1:18081/datasets/NERSC/iris\n")
                .containsPattern("commit:         http://127\\.0\\.0\\.1:18081/datasets/NERSC/iris/tree/[0-9a-f]{40}\n")
                .contains("local hub:      " + home.resolve(".huggingnersc/hub") + "; to open these links, run: "
                        + "huggingnersc hub serve --dir " + home.resolve(".huggingnersc/hub") + " --port 18081\n")
                .doesNotContain("file:");
        assertThat(r.err())
                .isEqualTo("publishing to the embedded local hub at " + home.resolve(".huggingnersc/hub")
                        + " (no Hub token or endpoint is configured)\nto publish it to huggingface.co later: 'huggingnersc login', "
                        + "then 'huggingnersc upload-dataset iris --endpoint https://huggingface.co'\n");

        try (Stream<Path> s = Files.list(entry)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "README.md",
                            "iris_dataloader.ipynb",
                            "iris_loader.py",
                            "iris_info.json",
                            "croissant.json",
                            "nersc_files.csv");
        }
        assertThat(Files.readString(entry.resolve("iris_loader.py")))
                .isEqualTo(Files.readString(IRIS_EXAMPLE.resolve("iris_loader.py")));
        String card = Files.readString(entry.resolve("README.md"));
        assertThat(card)
                .startsWith("---\n")
                .contains("pretty_name: Iris")
                .contains("https://jupyter.nersc.gov/hub/user-redirect/lab/tree" + entry + "/iris_dataloader.ipynb")
                .contains(data);
        JsonNode notebook = JSON.readTree(entry.resolve("iris_dataloader.ipynb").toFile());
        assertThat(notebook.get("nbformat").asInt()).isEqualTo(4);

        JsonNode info = JSON.readTree(entry.resolve("iris_info.json").toFile());
        assertThat(info.get("nickname").asText()).isEqualTo("iris");
        assertThat(info.get("official_name").asText()).isEqualTo("Iris");
        assertThat(info.get("repo_id").asText()).isEqualTo("NERSC/iris");
        assertThat(info.get("data_dir").asText()).isEqualTo(data);
        assertThat(info.get("nersc_dir").asText()).isEqualTo(entry + "/");
        assertThat(info.get("download_link").isNull()).isTrue();
        assertThat(info.get("loader_script").asText()).isEqualTo("iris_loader.py");
        assertThat(info.get("batch_script").isNull()).isTrue();
        assertThat(info.get("distributed").asBoolean()).isFalse();
        assertThat(info.at("/published/commit").asText()).matches("[0-9a-f]{40}");
        assertThat(info.get("endpoint").asText()).isEqualTo("file:" + home.resolve(".huggingnersc/hub"));
        assertThat(info.get("metadata"))
                .isEqualTo(
                        JSON.readTree(IRIS_EXAMPLE.resolve("iris_metadata.json").toFile()));
    }

    @Test
    void theEmbeddedHubsPrintedLinksOpenOnceThePrintedCommandServesIt() throws Exception {
        CliRunner.Result r = run(irisArgs());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        java.util.regex.Matcher page =
                java.util.regex.Pattern.compile("Hub URL: +(\\S+)\n").matcher(r.out());
        java.util.regex.Matcher commit =
                java.util.regex.Pattern.compile("commit: +(\\S+)\n").matcher(r.out());
        java.util.regex.Matcher serve = java.util.regex.Pattern.compile("run: huggingnersc (hub serve .*)\n")
                .matcher(r.out());
        assertThat(page.find() && commit.find() && serve.find()).as(r.out()).isTrue();
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress("127.0.0.1", Publication.LOCAL_HUB_PORT));
        } catch (IOException busy) {
            org.junit.jupiter.api.Assumptions.abort("port " + Publication.LOCAL_HUB_PORT + " is in use here");
        }
        java.io.StringWriter out = new java.io.StringWriter();
        Thread server = new Thread(() -> Main.run(
                Map.of("HOME", home.toString()),
                java.io.InputStream.nullInputStream(),
                new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter(), true),
                serve.group(1).split(" ")));
        server.start();
        try {
            while (server.isAlive() && !out.toString().contains("Stop with Ctrl-C.")) {
                Thread.sleep(20);
            }
            for (String url : List.of(page.group(1), commit.group(1))) {
                java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                        .header("Accept", "text/html")
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(url).isEqualTo(200);
                assertThat(answer.body()).as(url).contains("NERSC/iris").contains("iris_loader.py");
            }
        } finally {
            server.interrupt();
            server.join();
        }
    }

    @Test
    void quietPrintsOnlyTheHubUrlOrThePath() {
        CliRunner.Result published = run(with(List.of("-q"), irisArgs()));
        assertThat(published.exitCode()).as(published.toString()).isZero();
        assertThat(published.out()).isEqualTo("http://127.0.0.1:18081/datasets/NERSC/iris\n");
        assertThat(published.err()).isEmpty();

        CliRunner.Result entry = run(with(List.of("-q"), jetclassArgs("--no-data-check", "--no-push")));
        assertThat(entry.exitCode()).as(entry.toString()).isZero();
        assertThat(entry.out()).isEqualTo(root.resolve("jetclass") + "\n");

        Path out = home.resolve("rendered");
        CliRunner.Result dry = run(with(List.of("-q"), irisArgs("--output", out.toString())));
        assertThat(dry.exitCode()).as(dry.toString()).isZero();
        assertThat(dry.out()).isEqualTo(out + "\n");
    }

    @Test
    void anOfficialNameThatDiffersFromTheTitleIsWarnedAboutAndTheMetadataTitleKept() throws IOException {
        CliRunner.Result r = run(with(List.of(
                "catalog-new-dataset",
                "Iris flowers",
                "iris",
                IRIS_EXAMPLE.resolve("iris_loader.py").toString(),
                IRIS_EXAMPLE.resolve("iris_metadata.json").toString(),
                "--no-data-check",
                "--no-push")));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err())
                .contains("warning: OFFICIAL_NAME 'Iris flowers' differs from /datacard_tags/pretty_name 'Iris'")
                .contains("'huggingnersc update-dataset iris --official-name NAME' sets both");
        assertThat(Files.readString(root.resolve("iris/README.md")))
                .contains("pretty_name: Iris\n")
                .contains("\n# Iris flowers\n");
    }

    @Test
    void hfDirOnHuggingfaceCoIsTheEarlierToolsPageUrl() throws IOException {
        CliRunner.Result r = run(irisArgs("--endpoint", "https://huggingface.co", "--no-push"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode info = JSON.readTree(root.resolve("iris/iris_info.json").toFile());
        assertThat(info.get("hf_dir").asText()).isEqualTo("https://huggingface.co/datasets/NERSC/iris/");
        assertThat(info.get("endpoint").asText()).isEqualTo("https://huggingface.co");
        assertThat(r.out()).contains("Hub URL:        https://huggingface.co/datasets/NERSC/iris/ (not published yet)");
    }

    @Test
    void jetclassIsDistributedWithABatchScriptAndNoNotebook() throws IOException {
        CliRunner.Result r = run(jetclassArgs(jetclass.batch().toString(), "TRUE", "--no-data-check"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path entry = root.resolve("jetclass");
        try (Stream<Path> s = Files.list(entry)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "README.md",
                            "jetclass_loader.py",
                            "jetclass_batch.sh",
                            "jetclass_info.json",
                            "croissant.json",
                            "nersc_files.csv");
        }
        assertThat(r.out())
                .contains("download link:  https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/jetclass/data/");
        JsonNode info = JSON.readTree(entry.resolve("jetclass_info.json").toFile());
        assertThat(info.get("distributed").asBoolean()).isTrue();
        assertThat(info.get("batch_script").asText()).isEqualTo("jetclass_batch.sh");
        assertThat(info.get("download_link").asText())
                .isEqualTo("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/jetclass/data/");
        assertThat(Files.readString(entry.resolve("jetclass_batch.sh")))
                .isEqualTo(Files.readString(JETCLASS_EXAMPLE.resolve("jetclass_batch.sh")));
        assertThat(Files.readString(entry.resolve("jetclass_loader.py")))
                .isEqualTo(Files.readString(JETCLASS_EXAMPLE.resolve("jetclass_loader.py")));
        String card = Files.readString(entry.resolve("README.md"));
        assertThat(card)
                .contains("#SBATCH -C gpu")
                .contains("arxiv.org/abs/2202.03772")
                .doesNotContain("jupyter.nersc.gov");
    }

    @Test
    void optionsSayTheSameAsTheTrailingPositionals() throws IOException {
        CliRunner.Result positional = run(jetclassArgs(jetclass.batch().toString(), "yes", "--no-data-check"));
        assertThat(positional.exitCode()).as(positional.toString()).isZero();
        // the same entry through the options: unchanged
        CliRunner.Result options = run(jetclassArgs(
                "--batch-script", jetclass.batch().toString(), "--distributed", "--no-data-check", "--no-push"));
        assertThat(options.exitCode()).as(options.toString()).isZero();
        assertThat(options.out()).startsWith("jetclass: already cataloged, unchanged\n");
    }

    @Test
    void theSameCommandAgainChangesNothing() throws IOException {
        assertThat(run(irisArgs()).exitCode()).isZero();
        Map<String, String> before = TreeSnapshot.of(root);

        CliRunner.Result again = run(irisArgs());

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).startsWith("iris: already cataloged, unchanged\n");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void theCardAndTheEntryCarryTheScanOfTheData() throws IOException {
        long csvBytes = Files.size(IRIS_EXAMPLE.resolve("data/iris.csv"));
        CliRunner.Result r = run(irisArgs());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("data:           1 file, " + HumanBytes.format(csvBytes) + " (csv)");
        assertThat(Files.readString(root.resolve("iris/README.md")))
                .contains("- Contents: 1 file, ")
                .contains("formats: csv");
        JsonNode scan =
                JSON.readTree(root.resolve("iris/iris_info.json").toFile()).get("scan");
        assertThat(scan.get("files").asLong()).isEqualTo(1);
        assertThat(scan.get("bytes").asLong()).isEqualTo(csvBytes);
        assertThat(scan.get("directories").asLong()).isEqualTo(1);
        assertThat(scan.get("formats")).isEqualTo(JSON.readTree("[\"csv\"]"));
        assertThat(scan.get("suggested_tags")).isEqualTo(JSON.readTree("[\"csv\"]"));
        assertThat(scan.get("size_category").asText()).isEqualTo("n<1K");
        assertThat(scan.get("scanned").asText()).isNotBlank();
    }

    @Test
    void noScanLeavesTheDataUndescribed() throws IOException {
        CliRunner.Result r = run(irisArgs("--no-scan", "--json"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(JSON.readTree(r.out()).get("scan").isNull()).isTrue();
        assertThat(Files.readString(root.resolve("iris/README.md"))).doesNotContain("- Contents:");
        assertThat(JSON.readTree(root.resolve("iris/iris_info.json").toFile())
                        .get("scan")
                        .isNull())
                .isTrue();
    }

    @Test
    void aReRunAfterTheDataChangedKeepsTheRecordedScanAndChangesNothing() throws IOException {
        Path data = Files.createDirectories(home.resolve("data"));
        Files.copy(IRIS_EXAMPLE.resolve("data/iris.csv"), data.resolve("iris.csv"));
        String[] args = {
            "catalog-new-dataset",
            "Iris",
            "iris",
            IRIS_EXAMPLE.resolve("iris_loader.py").toString(),
            data.toString(),
            "none",
            IRIS_EXAMPLE.resolve("iris_metadata.json").toString()
        };
        assertThat(run(args).exitCode()).isZero();
        Map<String, String> before = TreeSnapshot.of(root);
        Files.writeString(data.resolve("more.csv"), "a,b\n1,2\n");

        CliRunner.Result again = run(args);

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out())
                .startsWith("iris: already cataloged, unchanged\n")
                .contains("data:           1 file,");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void theSameNicknameWithOtherInputIsAConflictAndChangesNothing() throws IOException {
        assertThat(run(irisArgs()).exitCode()).isZero();
        Map<String, String> before = TreeSnapshot.of(root);

        CliRunner.Result r = run(
                "catalog-new-dataset",
                "Iris flowers",
                "iris",
                IRIS_EXAMPLE.resolve("iris_loader.py").toString(),
                IRIS_EXAMPLE.resolve("data").toString() + "/",
                "none",
                IRIS_EXAMPLE.resolve("iris_metadata.json").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err())
                .startsWith("error: catalog entry 'iris' already exists under " + root)
                .contains("iris_info.json", "update-dataset iris", "nothing was changed");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void unknownMetadataKeysAreKeptAndWarnedAbout() throws IOException {
        Path metadata = Files.writeString(
                home.resolve("iris_metadata.json"),
                Files.readString(IRIS_EXAMPLE.resolve("iris_metadata.json"))
                        .replace("\"pretty_name\"", "\"homepage_url\": \"https://example.org\", \"pretty_name\""));
        CliRunner.Result r = run(
                "catalog-new-dataset",
                "Iris",
                "iris",
                IRIS_EXAMPLE.resolve("iris_loader.py").toString(),
                IRIS_EXAMPLE.resolve("data").toString(),
                "none",
                metadata.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).contains("warning: METADATA_JSON " + metadata).contains("homepage_url");
        JsonNode info = JSON.readTree(root.resolve("iris/iris_info.json").toFile());
        assertThat(info.at("/metadata/datacard_tags/homepage_url").asText()).isEqualTo("https://example.org");
    }

    @Test
    void anEarlierToolEntryWithTheSameNicknameIsAConflict() throws IOException {
        gov.nersc.huggingnersc.EarlierToolEntry.iris(root);
        Map<String, String> before = TreeSnapshot.of(root);

        CliRunner.Result r = run(irisArgs());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("(written by the earlier tool)", "update-dataset iris");
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }

    @Test
    void jsonOutputHasEveryLocation() throws IOException {
        CliRunner.Result r = run(irisArgs("--json"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("status").asText()).isEqualTo("new");
        assertThat(out.get("nersc_location").asText()).isEqualTo(root.resolve("iris") + "/");
        assertThat(out.get("data_path").asText())
                .isEqualTo(IRIS_EXAMPLE.resolve("data").toAbsolutePath() + "/");
        assertThat(out.get("download_link").isNull()).isTrue();
        assertThat(out.get("hub_url").asText()).endsWith("/datasets/NERSC/iris/");
        assertThat(out.get("files")).hasSize(6);

        JsonNode again = JSON.readTree(run(irisArgs("--json")).out());
        assertThat(again.get("status").asText()).isEqualTo("unchanged");
    }

    @Test
    void dryRunRendersIntoATemporaryFolderAndTouchesNothingElse() throws IOException {
        CliRunner.Result r = run(irisArgs("--dry-run"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(root).doesNotExist();
        String firstLine = r.out().lines().findFirst().orElseThrow();
        assertThat(firstLine).startsWith("Dry run: rendered the entry of iris into ");
        Path where = Path.of(firstLine.substring(
                "Dry run: rendered the entry of iris into ".length(),
                firstLine.indexOf("/ (nothing else was touched)")));
        assertThat(where.resolve("README.md")).exists();
        assertThat(where.resolve("iris_info.json")).exists();
        assertThat(r.out()).contains("would go to:    " + root.resolve("iris") + "/");
        // the card describes the entry's real place, not the preview folder
        assertThat(Files.readString(where.resolve("README.md")))
                .contains(root.resolve("iris") + "/iris_dataloader.ipynb");
    }

    @Test
    void outputPutsTheDryRunWhereAsked() throws IOException {
        Path out = home.resolve("preview");
        CliRunner.Result r = run(irisArgs("--dry-run", "--output", out.toString()));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(root).doesNotExist();
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "README.md",
                            "iris_dataloader.ipynb",
                            "iris_loader.py",
                            "iris_info.json",
                            "croissant.json",
                            "nersc_files.csv");
        }
        assertThat(r.out()).contains("into " + out + "/");
    }

    @Test
    void outputIntoAFolderThatHoldsFilesNeedsForce() throws IOException {
        Path out = Files.createDirectories(home.resolve("project"));
        Files.writeString(out.resolve("README.md"), "my project's own README\n");

        CliRunner.Result refused = run(irisArgs("--output", out.toString()));
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.err())
                .startsWith("error: --output " + out + ": not empty (README.md)")
                .contains("add --force");
        assertThat(Files.readString(out.resolve("README.md"))).isEqualTo("my project's own README\n");
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s).hasSize(1);
        }

        CliRunner.Result forced = run(irisArgs("--output", out.toString(), "--force"));
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Files.readString(out.resolve("README.md"))).startsWith("---\n");
    }

    @Test
    void forceWithoutOutputIsRefused() {
        CliRunner.Result r = run(irisArgs("--dry-run", "--force"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --force goes with --output DIR");
    }

    @Test
    void outputInsideTheCatalogRootIsRefused() throws IOException {
        Files.createDirectories(root);
        CliRunner.Result r =
                run(irisArgs("--dry-run", "--output", root.resolve("iris").toString()));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --output ").contains("inside the catalog root");
        assertThat(TreeSnapshot.of(root)).containsOnlyKeys("");
    }

    @Test
    void aFileSystemFailureIsExitOneWithOneLine() throws IOException {
        // the root's parent is a file: no folder can be made there (a root that is itself a file is bad input, exit 2)
        Path file = Files.writeString(home.resolve("not-a-folder"), "not a folder");
        root = file.resolve("catalog");
        CliRunner.Result r = run(irisArgs());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).startsWith("error: cannot write the catalog entry " + root.resolve("iris"));
        assertThat(Files.readString(file)).isEqualTo("not a folder");
    }

    @Test
    void helpShowsBothOfTheEarlierToolsFormsAndTheOptions() {
        CliRunner.Result r = cli.run("catalog-new-dataset", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().replaceAll("\\s+", " "))
                .contains("OFFICIAL_NAME NICKNAME LOADER_SCRIPT METADATA_JSON [BATCH_SCRIPT] [IS_DISTRIBUTED]")
                .contains("OFFICIAL_NAME NICKNAME LOADER_SCRIPT DATA_PATH DOWNLOAD_LINK METADATA_JSON "
                        + "[BATCH_SCRIPT] [IS_DISTRIBUTED]")
                .contains(
                        "--data-path=DATA_PATH",
                        "--download-link=DOWNLOAD_LINK",
                        "--batch-script=FILE",
                        "--distributed",
                        "--no-push",
                        "--dry-run",
                        "--output=DIR",
                        "--no-data-check");
    }

    // --- the short form, as the earlier tool's README shows it: no DATA_PATH, no DOWNLOAD_LINK ---------

    private String[] shortIrisArgs(String... extra) {
        return with(
                List.of(
                        "catalog-new-dataset",
                        "Iris",
                        "iris",
                        IRIS_EXAMPLE.resolve("iris_loader.py").toString(),
                        IRIS_EXAMPLE.resolve("iris_metadata.json").toString()),
                extra);
    }

    @Test
    void theShortFormAsTypedFromTheEarlierToolsReadmeCatalogsAnEntryWithNoDataPath() throws IOException {
        CliRunner.Result r = run(shortIrisArgs());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .startsWith("Cataloged iris.\n")
                .contains(
                        "data path:      none recorded; set one with 'huggingnersc update-dataset iris --data-path PATH'")
                .contains("download link:  none (not public)");
        assertThat(r.err())
                .contains("warning: no data path given and " + home.resolve("www/catalog/iris/data") + "/ "
                        + "does not exist: the entry records none");
        Path entry = root.resolve("iris");
        JsonNode info = JSON.readTree(entry.resolve("iris_info.json").toFile());
        assertThat(info.get("data_dir").isNull()).as(info.toString()).isTrue();
        assertThat(info.get("download_link").isNull()).isTrue();
        assertThat(info.get("scan").isNull()).isTrue();
        assertThat(info.at("/published/commit").asText()).matches("[0-9a-f]{40}");
        assertThat(Files.readString(entry.resolve("README.md")))
                .contains("- Data: not recorded (the catalog entry names no data path yet)\n")
                .doesNotContain("- Contents:");
        assertThat(Files.readString(entry.resolve("iris_dataloader.ipynb"))).contains("its path is not recorded yet");
        assertThat(JSON.readTree(entry.resolve("croissant.json").toFile()).get("distribution"))
                .isEmpty();

        JsonNode inspected =
                JSON.readTree(run("inspect-dataset", "iris", "--json").out());
        assertThat(inspected.get("data_path").isNull()).isTrue();
        assertThat(run("list-datasets").out()).containsPattern("iris .* not recorded\n");
        assertThat(JSON.readTree(run("list-datasets", "--json").out())
                        .get(0)
                        .get("data_path")
                        .isNull())
                .isTrue();
        CliRunner.Result again = run(shortIrisArgs());
        assertThat(again.out()).as(again.toString()).startsWith("iris: already cataloged, unchanged\n");
    }

    @Test
    void theDataCommandsRefuseAnEntryWithNoDataPathUntilUpdateDatasetSetsOne() throws IOException {
        assertThat(run(shortIrisArgs()).exitCode()).isZero();
        Map<String, String> before = TreeSnapshot.of(root);

        for (String command : List.of("manifest", "verify", "upload-data")) {
            CliRunner.Result refused = run(command, "iris");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.err())
                    .isEqualTo("error: " + command + " iris: no data path recorded; set one with "
                            + "'huggingnersc update-dataset iris --data-path PATH'\n");
        }
        assertThat(TreeSnapshot.of(root)).isEqualTo(before);

        CliRunner.Result update = run(
                "update-dataset",
                "iris",
                "--data-path",
                IRIS_EXAMPLE.resolve("data").toString());
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(Files.readString(root.resolve("iris/README.md"))).contains("- Contents: 1 file, ");
        CliRunner.Result manifest = run("manifest", "iris");
        assertThat(manifest.exitCode()).as(manifest.toString()).isZero();
    }

    @Test
    void theShortFormTakesTheDataPathAndTheLinkAsOptions() throws IOException {
        CliRunner.Result r =
                run(shortIrisArgs("--data-path", IRIS_EXAMPLE.resolve("data").toString(), "--json"));

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = JSON.readTree(r.out());
        assertThat(out.get("data_path").asText())
                .isEqualTo(IRIS_EXAMPLE.resolve("data").toAbsolutePath().toString());
        assertThat(out.get("download_link").isNull())
                .as("not under www: no link")
                .isTrue();
        assertThat(out.at("/scan/files").asLong()).isEqualTo(1);

        CliRunner.Result www = run(
                "catalog-new-dataset",
                "JetClass",
                "jetclass",
                jetclass.loader().toString(),
                jetclass.metadata().toString(),
                "--data-path",
                "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/jetclass/data/",
                "--no-data-check",
                "--no-push",
                "--json");
        assertThat(www.exitCode()).as(www.toString()).isZero();
        assertThat(JSON.readTree(www.out()).get("download_link").asText())
                .as("derived as with auto from a www path")
                .isEqualTo("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/jetclass/data/");

        CliRunner.Result linked = run(
                "catalog-new-dataset",
                "Iris",
                "iris2",
                IRIS_EXAMPLE.resolve("iris_loader.py").toString(),
                write(
                        home,
                        "iris2_metadata.json",
                        DatasetFixtures.IRIS_METADATA
                                .replace("\"nickname\": \"iris\"", "\"nickname\": \"iris2\"")
                                .getBytes()),
                "--download-link",
                "https://example.org/iris.csv",
                "--no-push",
                "--json");
        assertThat(linked.exitCode()).as(linked.toString()).isZero();
        assertThat(JSON.readTree(linked.out()).get("download_link").asText()).isEqualTo("https://example.org/iris.csv");
        assertThat(JSON.readTree(linked.out()).get("data_path").isNull()).isTrue();
    }

    @Test
    void theShortFormFindsTheDataInTheCollectionsFolderBesideTheCatalog() throws IOException {
        // the NERSC layout: <...>/ai_ready_datasets/iris/ is the entry, <...>/www/ai_ready_datasets/iris/data/ the
        // bytes
        Path data = Files.createDirectories(home.resolve("www/catalog/iris/data"));
        Files.copy(IRIS_EXAMPLE.resolve("data/iris.csv"), data.resolve("iris.csv"));

        CliRunner.Result r = run(shortIrisArgs());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err()).doesNotContain("warning");
        assertThat(r.out()).contains("data path:      " + data + "/").contains("data:           1 file, ");
        assertThat(JSON.readTree(root.resolve("iris/iris_info.json").toFile())
                        .get("data_dir")
                        .asText())
                .isEqualTo(data + "/");
    }

    @Test
    void theShortFormTakesABatchScriptAndIsDistributed() throws IOException {
        CliRunner.Result r = run(
                "catalog-new-dataset",
                "JetClass",
                "jetclass",
                jetclass.loader().toString(),
                jetclass.metadata().toString(),
                jetclass.batch().toString(),
                "yes");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        try (Stream<Path> s = Files.list(root.resolve("jetclass"))) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "README.md",
                            "jetclass_loader.py",
                            "jetclass_batch.sh",
                            "jetclass_info.json",
                            "croissant.json",
                            "nersc_files.csv");
        }
        JsonNode info =
                JSON.readTree(root.resolve("jetclass/jetclass_info.json").toFile());
        assertThat(info.get("distributed").asBoolean()).isTrue();
        assertThat(info.get("batch_script").asText()).isEqualTo("jetclass_batch.sh");
        assertThat(info.get("data_dir").isNull()).isTrue();

        CliRunner.Result batchOnly = run(shortIrisArgs(jetclass.batch().toString(), "--no-push"));
        assertThat(batchOnly.exitCode()).as(batchOnly.toString()).isZero();
        JsonNode iris = JSON.readTree(root.resolve("iris/iris_info.json").toFile());
        assertThat(iris.get("batch_script").asText()).isEqualTo("jetclass_batch.sh");
        assertThat(iris.get("distributed").asBoolean()).isFalse();
    }

    @Test
    void aFolderWhereTheShortFormHasItsMetadataIsOneClearMessage() {
        CliRunner.Result r = run(
                "catalog-new-dataset",
                "Iris",
                "iris",
                IRIS_EXAMPLE.resolve("iris_loader.py").toString(),
                IRIS_EXAMPLE.resolve("data").toString(),
                "none");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .isEqualTo("error: '" + IRIS_EXAMPLE.resolve("data") + "', the argument after LOADER_SCRIPT, "
                        + "is not a metadata file (.json), and 2 arguments are too few for the full form; give OFFICIAL_NAME "
                        + "NICKNAME LOADER_SCRIPT METADATA_JSON [BATCH_SCRIPT] [IS_DISTRIBUTED] (the short form, METADATA_JSON a "
                        + ".json file) or OFFICIAL_NAME NICKNAME LOADER_SCRIPT DATA_PATH DOWNLOAD_LINK METADATA_JSON [BATCH_SCRIPT] "
                        + "[IS_DISTRIBUTED] (the full form)\n");
        assertThat(r.out()).isEmpty();
        assertThat(root).doesNotExist();
    }

    @Test
    void aDataFileNamedJsonIsTheFullFormsDataPath() throws IOException {
        String data = write(home, "points.json", "[1, 2, 3]\n".getBytes());
        CliRunner.Result r = run(
                "catalog-new-dataset",
                "Iris",
                "iris",
                IRIS_EXAMPLE.resolve("iris_loader.py").toString(),
                data,
                "none",
                IRIS_EXAMPLE.resolve("iris_metadata.json").toString(),
                "--no-push",
                "--json");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(JSON.readTree(r.out()).get("data_path").asText()).isEqualTo(data);
    }

    /** Each bad input, and what its one-line message must name. */
    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(
                        "missing loader",
                        (Bad) (in, a) -> a.set(2, in.resolve("nope.py").toString()),
                        "LOADER_SCRIPT"),
                Arguments.of("loader is a directory", (Bad) (in, a) -> a.set(2, in.toString()), "LOADER_SCRIPT"),
                Arguments.of(
                        "empty loader", (Bad) (in, a) -> a.set(2, write(in, "empty.py", new byte[0])), "LOADER_SCRIPT"),
                Arguments.of(
                        "loader not UTF-8",
                        (Bad) (in, a) -> a.set(
                                2,
                                write(
                                        in,
                                        "latin1.py",
                                        "# caf\u00e9\nimport pandas\n"
                                                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))),
                        "LOADER_SCRIPT"),
                Arguments.of(
                        "missing metadata",
                        (Bad) (in, a) -> a.set(5, in.resolve("nope.json").toString()),
                        "METADATA_JSON"),
                Arguments.of("metadata is a directory", (Bad) (in, a) -> a.set(5, in.toString()), "METADATA_JSON"),
                Arguments.of(
                        "malformed metadata JSON",
                        (Bad) (in, a) -> a.set(
                                5,
                                write(in, "bad.json", "{\"datacard_tags\": {\"pretty_name\": \"Iris\",}}".getBytes())),
                        "line"),
                Arguments.of(
                        "wrong type in metadata",
                        (Bad) (in, a) -> a.set(
                                5,
                                write(
                                        in,
                                        "type.json",
                                        DatasetFixtures.IRIS_METADATA
                                                .replace("\"n<1K\"", "5")
                                                .getBytes())),
                        "/datacard_tags/size_categories"),
                Arguments.of(
                        "value outside the vocabulary",
                        (Bad) (in, a) -> a.set(
                                5,
                                write(
                                        in,
                                        "lic.json",
                                        DatasetFixtures.IRIS_METADATA
                                                .replace("\"language\"", "\"license\": \"cc-by-5.0\", \"language\"")
                                                .getBytes())),
                        "/datacard_tags/license"),
                Arguments.of(
                        "metadata nickname differs",
                        (Bad) (in, a) -> a.set(
                                5,
                                write(
                                        in,
                                        "nick.json",
                                        DatasetFixtures.IRIS_METADATA
                                                .replace("\"nickname\": \"iris\"", "\"nickname\": \"roses\"")
                                                .getBytes())),
                        "nickname"),
                Arguments.of("bad nickname", (Bad) (in, a) -> a.set(1, "my--iris"), "NICKNAME 'my--iris'"),
                Arguments.of("nickname with a slash", (Bad) (in, a) -> a.set(1, "NERSC/iris"), "NICKNAME 'NERSC/iris'"),
                Arguments.of(
                        "missing data path",
                        (Bad) (in, a) -> a.set(3, in.resolve("no-data").toString()),
                        "DATA_PATH"),
                Arguments.of("non-http link", (Bad) (in, a) -> a.set(4, "ftp://example.org/iris.csv"), "DOWNLOAD_LINK"),
                Arguments.of("auto link outside www", (Bad) (in, a) -> a.set(4, "auto"), "DOWNLOAD_LINK auto"),
                Arguments.of(
                        "missing batch script",
                        (Bad) (in, a) -> a.add(in.resolve("job.sh").toString()),
                        "BATCH_SCRIPT"),
                Arguments.of(
                        "bad IS_DISTRIBUTED",
                        (Bad) (in, a) -> {
                            a.add("");
                            a.add("maybe");
                        },
                        "IS_DISTRIBUTED 'maybe'"),
                Arguments.of("empty official name", (Bad) (in, a) -> a.set(0, " "), "OFFICIAL_NAME"));
    }

    /** Spoils one argument of a good iris command line (0 = OFFICIAL_NAME). */
    interface Bad {
        void spoil(Path inputs, List<String> args) throws IOException;
    }

    private static String write(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsOneLineExitTwoAndNothingWritten(String name, Bad bad, String named) throws IOException {
        DatasetFixtures.Inputs iris = DatasetFixtures.iris(home);
        Path inputs = iris.loader().getParent();
        List<String> args = new ArrayList<>(List.of(
                "Iris",
                "iris",
                iris.loader().toString(),
                iris.data() + "/",
                "none",
                iris.metadata().toString()));
        bad.spoil(inputs, args);
        args.add(0, "catalog-new-dataset");

        CliRunner.Result r = run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.toString()).hasSize(1);
        assertThat(r.err()).startsWith("error: ").contains(named);
        assertThat(r.out()).isEmpty();
        assertThat(root).doesNotExist();
    }
}
