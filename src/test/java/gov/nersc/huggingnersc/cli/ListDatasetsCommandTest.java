package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.EarlierToolEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListDatasetsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Path root;
    CliRunner cli;

    @BeforeEach
    void setUp() throws IOException {
        root = home.resolve("catalog");
        cli = new CliRunner(home);
        EarlierToolEntry.iris(root);
        Path jet = Path.of("examples/jetclass");
        CliRunner.Result made = run(
                "catalog-new-dataset",
                "JetClass",
                "jetclass",
                jet.resolve("jetclass_loader.py").toString(),
                "$CFS/dasrepo/www/ai_ready_datasets/jetclass/data/",
                "auto",
                jet.resolve("jetclass_metadata.json").toString(),
                "--distributed",
                "--no-data-check",
                "--no-push");
        assertThat(made.exitCode()).as(made.toString()).isZero();
    }

    private CliRunner.Result run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--catalog-root";
        all[1] = root.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return cli.run(all);
    }

    @Test
    void listsEveryEntryAsATableSizedToItsContent() {
        CliRunner.Result r = run("list-datasets");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "NICKNAME  NAME      TAGS                    PUBLISHED  DATA PATH",
                        "iris      Iris      csv, biology            no         /global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/",
                        "jetclass  JetClass  hdf5, particle physics  no         /global/cfs/cdirs/dasrepo/www/ai_ready_datasets/jetclass/data/");
    }

    @Test
    void cutsLongValuesToTheTerminalWidth() {
        CliRunner.Result r = cli.env("COLUMNS", "70").run("--catalog-root", root.toString(), "list-datasets");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(70));
        assertThat(r.out()).contains("…").contains("iris  ").contains("jetclass  ");
    }

    @Test
    void tagMatchesFreeTagsLicensesAndTaskCategories() {
        assertThat(nicknames(run("list-datasets", "--tag", "csv"))).containsExactly("iris");
        assertThat(nicknames(run("list-datasets", "--tag", "Particle Physics"))).containsExactly("jetclass");
        assertThat(nicknames(run("list-datasets", "--tag", "cc-by-4.0"))).containsExactly("jetclass");
        assertThat(nicknames(run("list-datasets", "--tag", "license:cc-by-4.0")))
                .containsExactly("jetclass");
        assertThat(nicknames(run("list-datasets", "--tag", "tabular-classification")))
                .containsExactly("jetclass");
        assertThat(nicknames(run("list-datasets", "--tag", "mit"))).isEmpty();
    }

    @Test
    void searchMatchesNicknameOrNameIgnoringCase() {
        assertThat(nicknames(run("list-datasets", "--search", "JET"))).containsExactly("jetclass");
        assertThat(nicknames(run("list-datasets", "--search", "ri"))).containsExactly("iris");
        assertThat(nicknames(run("list-datasets", "--search", "a", "--tag", "hdf5")))
                .containsExactly("jetclass");
        CliRunner.Result none = run("list-datasets", "--search", "cosmo");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("no catalog entries match under " + root);
    }

    @Test
    void quietPrintsOnlyTheNicknames() {
        CliRunner.Result r = run("-q", "list-datasets");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("iris\njetclass\n");
    }

    @Test
    void jsonIsAnArrayOfEntries() throws IOException {
        CliRunner.Result r = run("--json", "list-datasets");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode j = JSON.readTree(r.out());
        assertThat(j.isArray()).isTrue();
        assertThat(j).hasSize(2);
        JsonNode jet = j.get(1);
        assertThat(jet.get("nickname").asText()).isEqualTo("jetclass");
        assertThat(jet.get("official_name").asText()).isEqualTo("JetClass");
        assertThat(jet.get("tags")).extracting(JsonNode::asText).containsExactly("hdf5", "particle physics");
        assertThat(jet.get("published").isNull()).isTrue();
        assertThat(jet.get("repo_id").asText()).isEqualTo("NERSC/jetclass");
        assertThat(jet.get("download_link").asText())
                .isEqualTo("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/jetclass/data/");
    }

    @Test
    void aDamagedEntryIsAWarningNotAFailure() throws IOException {
        Path broken = Files.createDirectories(root.resolve("broken"));
        Files.writeString(broken.resolve("broken_info.json"), "[1, 2]");

        CliRunner.Result r = run("list-datasets");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.err())
                .startsWith("warning: skipped a damaged entry: " + broken.resolve("broken_info.json"))
                .contains("expected a JSON object");
        assertThat(nicknames(r)).containsExactly("iris", "jetclass");
    }

    private static List<String> nicknames(CliRunner.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.out().lines().skip(1).map(l -> l.split(" ")[0]).toList();
    }
}
