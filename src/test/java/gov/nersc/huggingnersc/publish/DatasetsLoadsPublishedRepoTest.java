package gov.nersc.huggingnersc.publish;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.cli.CliRunner;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.DatasetSummary;
import gov.nersc.huggingnersc.testing.OfficialPythonClient;
import gov.nersc.huggingnersc.testing.PortalStandIn;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test for "{@code load_dataset("NERSC/<nick>")} gives real rows": a bundled example
 * cataloged with the CLI against a local hub, its data on a stand-in of NERSC's portal (the
 * download link), then loaded with the official {@code datasets} library, whole and streamed. The
 * rows must be the example's data, never our own JSON files (without explicit configs, {@code
 * datasets} took croissant.json and nersc.json for the data and failed with a CastError).
 */
class DatasetsLoadsPublishedRepoTest {
    private static final Path IRIS = Path.of("examples/iris");
    private static final Path TOYJETS = Path.of("examples/toyjets");

    @TempDir
    Path home;

    @Test
    void loadDatasetGivesIrisRowsWholeAndStreamed() throws Exception {
        DatasetSummary iris = catalogAndLoad("Iris", "iris", IRIS);

        assertThat(iris.splits()).containsExactly("train");
        iris.assertIsCsv("train", IRIS.resolve("data/iris.csv"));
    }

    @Test
    void loadDatasetGivesToyjetsSplitsFromItsHdf5FoldersWholeAndStreamed() throws Exception {
        DatasetSummary toyjets = catalogAndLoad("ToyJets", "toyjets", TOYJETS);

        // read with h5py alone, file by file: what each split must hold
        DatasetSummary files = DatasetSummary.of(OfficialPythonClient.require()
                .run(
                        OfficialPythonClient.script("h5_splits.py"),
                        Map.of(),
                        TOYJETS.resolve("data").toString()));
        assertThat(files.splits()).containsExactlyInAnyOrder("train", "validation", "test");
        assertThat(List.of(files.rows("train"), files.rows("validation"), files.rows("test")))
                .containsExactly(200L, 50L, 50L);
        assertThat(toyjets.splits()).containsExactlyInAnyOrderElementsOf(files.splits());
        for (String split : files.splits()) {
            assertThat(toyjets.columnTypes(split))
                    .as(split)
                    .containsExactlyEntriesOf(files.columnTypes(split))
                    .containsOnlyKeys("jet_pt", "jet_eta", "jet_phi", "jet_mass", "label");
            assertThat(toyjets.rows(split)).as(split).isEqualTo(files.rows(split));
            assertThat(toyjets.first(split)).as(split).isEqualTo(files.first(split));
            assertThat(toyjets.streamedFirst(split)).as(split + ", streamed").isEqualTo(files.first(split));
        }
    }

    @Test
    void dataCatalogedFromElsewhereLoadsAsOneRowSayingWhereItIs() throws Exception {
        Path jet = Path.of("examples/jetclass");
        try (LocalHub hub = LocalHub.start(home.resolve("hub"), LocalHub.Options.defaults())) {
            CliRunner.Result r = new CliRunner(home)
                    .env("HF_TOKEN", hub.token())
                    .run(
                            "--catalog-root",
                            home.resolve("catalog").toString(),
                            "--endpoint",
                            hub.url(),
                            "catalog-new-dataset",
                            "JetClass",
                            "jetclass",
                            jet.resolve("jetclass_loader.py").toString(),
                            "$CFS/dasrepo/www/ai_ready_datasets/jetclass/data/",
                            "auto",
                            jet.resolve("jetclass_metadata.json").toString(),
                            "--distributed",
                            "--no-data-check");
            assertThat(r.exitCode()).as(r.toString()).isZero();

            OfficialPythonClient.Run run = OfficialPythonClient.require()
                    .hub(hub.url())
                    .run(
                            "import json\nfrom datasets import load_dataset\nds = load_dataset('NERSC/jetclass')\n"
                                    + "print(json.dumps({'splits': list(ds), 'rows': [dict(r) for r in ds['train']]}))\n",
                            Map.of());

            assertThat(run.exit()).as(run.toString()).isZero();
            String[] lines = run.out().strip().split("\n");
            com.fasterxml.jackson.databind.JsonNode seen =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[lines.length - 1]);
            assertThat(seen.get("rows")).hasSize(1);
            assertThat(seen.at("/rows/0/nersc_path").asText())
                    .isEqualTo("/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/jetclass/data/");
            assertThat(seen.at("/rows/0/url").asText())
                    .isEqualTo("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/jetclass/data/");
        }
    }

    /**
     * Catalogs an example laid out as NICK_loader.py, NICK_metadata.json and data/ on a fresh local
     * hub, its data on a fresh portal (the download link), and loads NERSC/NICK from the hub.
     */
    private DatasetSummary catalogAndLoad(String name, String nick, Path example) throws Exception {
        try (LocalHub hub = LocalHub.start(home.resolve("hub"), LocalHub.Options.defaults());
                PortalStandIn portal = PortalStandIn.start()) {
            String link = portal.serve("/cfs/dasrepo/ai_ready_datasets/" + nick + "/data/", example.resolve("data"));
            CliRunner.Result r = new CliRunner(home)
                    .env("HF_TOKEN", hub.token())
                    .run(
                            "--catalog-root",
                            home.resolve("catalog").toString(),
                            "--endpoint",
                            hub.url(),
                            "catalog-new-dataset",
                            name,
                            nick,
                            example.resolve(nick + "_loader.py").toString(),
                            example.resolve("data").toString(),
                            link,
                            example.resolve(nick + "_metadata.json").toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            // anonymously, as a Hub user would
            return DatasetSummary.of(OfficialPythonClient.require()
                    .hub(hub.url())
                    .run(OfficialPythonClient.script("load_dataset.py"), Map.of(), "NERSC/" + nick));
        }
    }
}
