package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site settings another centre sets for its own links: the portal that serves {@code www}
 * directories, the JupyterHub prefix and the Globus collection, from the config file and the
 * environment; and the Globus link the card and {@code nersc.json} carry.
 */
class SiteSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JET = Path.of("examples/jetclass");
    private static final String DATA = "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/jetclass/data/";
    private static final String ENCODED_DATA =
            "%2Fglobal%2Fcfs%2Fcdirs%2Fdasrepo%2Fwww%2Fai_ready_datasets%2Fjetclass%2Fdata%2F";
    private static final String NERSC_DTN = "9d6d994a-6d04-11e5-ba46-22000b92c6ec";
    private static final String OTHER = "0b226e2c-4de0-11ea-971a-021304b0cca7";
    private static final String THIRD = "945b3c9e-0f8c-11ed-8daf-9f359c660fbd";

    @TempDir
    Path home;

    /** Renders jetclass (data on CFS, download link auto) into a folder; returns the folder. */
    private Path dryRun(CliRunner cli, String... before) {
        Path out = home.resolve("out");
        List<String> args = new ArrayList<>(List.of(before));
        args.addAll(List.of(
                "--catalog-root",
                home.resolve("catalog").toString(),
                "catalog-new-dataset",
                "JetClass",
                "jetclass",
                JET.resolve("jetclass_loader.py").toString(),
                DATA,
                "auto",
                JET.resolve("jetclass_metadata.json").toString(),
                "--no-data-check",
                "--dry-run",
                "--output",
                out.toString()));
        CliRunner.Result r = cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return out;
    }

    /** The card links jetclass's data under {@code portal}, its notebook under {@code jupyter}, and {@code collection}. */
    private void assertLinks(String card, String portal, String jupyter, String collection, String name) {
        assertThat(card)
                .contains("(" + portal + "/cfs/dasrepo/ai_ready_datasets/jetclass/data/)")
                .contains("(" + jupyter + home.resolve("catalog/jetclass") + "/jetclass_dataloader.ipynb)")
                .contains("- Globus: [Transfer with Globus](https://app.globus.org/file-manager?origin_id=" + collection
                        + "&origin_path=" + ENCODED_DATA + ") (collection " + name + ")\n");
    }

    private Path config(String text) throws IOException {
        Path file = home.resolve("site.toml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void withoutSiteSettingsTheLinksAreNerscs() throws IOException {
        Path out = dryRun(new CliRunner(home));

        assertLinks(
                Files.readString(out.resolve("README.md")),
                "https://portal.nersc.gov",
                "https://jupyter.nersc.gov/hub/user-redirect/lab/tree",
                NERSC_DTN,
                "NERSC DTN");
    }

    @Test
    void theConfigFileSetsThePortalTheJupyterPrefixAndTheGlobusCollection() throws IOException {
        Path file = config("portal_url = \"https://data.example.org/\"\n"
                + "jupyter_url_prefix = \"https://jupyter.example.org/lab/tree\"\n"
                + "globus_collection = \"" + OTHER.toUpperCase() + "\"\n");

        Path out = dryRun(new CliRunner(home), "--config", file.toString());

        String card = Files.readString(out.resolve("README.md"));
        assertLinks(card, "https://data.example.org", "https://jupyter.example.org/lab/tree", OTHER, OTHER);
        assertThat(card).doesNotContain("portal.nersc.gov", "jupyter.nersc.gov", NERSC_DTN);
        JsonNode info = JSON.readTree(out.resolve("jetclass_info.json").toFile());
        assertThat(info.get("download_link").asText())
                .isEqualTo("https://data.example.org/cfs/dasrepo/ai_ready_datasets/jetclass/data/");
    }

    @Test
    void theEnvironmentBeatsTheConfigFile() throws IOException {
        Path file = config("portal_url = \"https://data.example.org\"\nglobus_collection = \"" + OTHER + "\"\n");
        CliRunner cli = new CliRunner(home)
                .env("HUGGINGNERSC_CONFIG", file.toString())
                .env("HUGGINGNERSC_PORTAL_URL", "https://mirror.example.net/site")
                .env("HUGGINGNERSC_GLOBUS_COLLECTION", THIRD)
                .env("HUGGINGNERSC_JUPYTER_URL_PREFIX", "https://hub.example.net/tree");

        String card = Files.readString(dryRun(cli).resolve("README.md"));

        assertLinks(card, "https://mirror.example.net/site", "https://hub.example.net/tree", THIRD, THIRD);
        assertThat(card).doesNotContain("data.example.org", OTHER);
    }

    @Test
    void nerscJsonCarriesTheCardsGlobusLinkOnlyForDataOnCfs() throws IOException {
        try (HubTestbed bed = HubTestbed.start(home, LocalHub.Options.defaults())) {
            bed.catalogJetclass();
            bed.catalogIris();

            String card = bed.hubText(new RepoId("NERSC", "jetclass"), "README.md");
            JsonNode jetclass = JSON.readTree(bed.hubText(new RepoId("NERSC", "jetclass"), "nersc.json"));
            String url = "https://app.globus.org/file-manager?origin_id=" + NERSC_DTN + "&origin_path=" + ENCODED_DATA;
            assertThat(jetclass.get("globus_url").asText()).isEqualTo(url);
            assertThat(card).contains("[Transfer with Globus](" + url + ")");
            // the iris example's data is in this checkout, not on CFS
            JsonNode iris = JSON.readTree(bed.hubText(new RepoId("NERSC", "iris"), "nersc.json"));
            assertThat(iris.has("globus_url")).isFalse();
            assertThat(bed.hubText(new RepoId("NERSC", "iris"), "README.md")).doesNotContain("Globus");
        }
    }
}
