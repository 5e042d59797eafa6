package gov.nersc.huggingnersc.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.cli.CliRunner;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.OfficialJsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a Hub user sees of a published dataset, read with the Hub's official JavaScript client
 * ({@code conformance/read-published.mjs}): the tags the Hub derives from our card, and the files.
 */
class OfficialClientReadsPublishedRepoTest {
    private static final Path IRIS = Path.of("examples/iris");
    private static final Path JET = Path.of("examples/jetclass");

    @TempDir
    Path home;

    @Test
    void theOfficialClientSeesTheTagsAndFilesOfIrisAndJetclass() throws Exception {
        try (LocalHub hub = LocalHub.start(home.resolve("hub"), LocalHub.Options.defaults())) {
            CliRunner cli = new CliRunner(home).env("HF_TOKEN", hub.token());
            String[] global = {"--catalog-root", home.resolve("catalog").toString(), "--endpoint", hub.url()};
            CliRunner.Result iris = cli.run(concat(
                    global,
                    "catalog-new-dataset",
                    "Iris",
                    "iris",
                    IRIS.resolve("iris_loader.py").toString(),
                    IRIS.resolve("data").toString(),
                    "none",
                    IRIS.resolve("iris_metadata.json").toString()));
            assertThat(iris.exitCode()).as(iris.toString()).isZero();
            CliRunner.Result jet = cli.run(concat(
                    global,
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
            assertThat(jet.exitCode()).as(jet.toString()).isZero();

            JsonNode irisSeen = read(hub, "NERSC/iris");
            assertThat(tags(irisSeen)).contains("language:en", "size_categories:n<1K");
            assertThat(paths(irisSeen))
                    .containsExactlyInAnyOrder(
                            ".gitattributes",
                            "README.md",
                            "iris_loader.py",
                            "croissant.json",
                            "nersc.json",
                            "sample/iris.csv");
            assertThat(irisSeen.at("/nersc/nickname").asText()).isEqualTo("iris");

            JsonNode jetSeen = read(hub, "NERSC/jetclass");
            assertThat(tags(jetSeen)).contains("license:cc-by-4.0", "size_categories:100M<n<1B", "arxiv:2202.03772");
            assertThat(paths(jetSeen))
                    .containsExactlyInAnyOrder(
                            ".gitattributes",
                            "README.md",
                            "jetclass_loader.py",
                            "jetclass_batch.sh",
                            "croissant.json",
                            "nersc.json",
                            "nersc_files.csv");
            assertThat(jetSeen.at("/cardData/pretty_name").asText()).isEqualTo("JetClass");
            assertThat(jetSeen.at("/nersc/download_link").asText())
                    .isEqualTo("https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/jetclass/data/");
        }
    }

    private static JsonNode read(LocalHub hub, String repo) throws Exception {
        OfficialJsClient.Run r = OfficialJsClient.require().node("read-published.mjs", hub.url(), hub.token(), repo);
        assertThat(r.exit()).as("read-published.mjs failed:\n" + r.output()).isZero();
        assertThat(r.output()).doesNotContain(hub.token());
        String json = r.output()
                .lines()
                .filter(l -> l.startsWith("{"))
                .reduce((a, b) -> b)
                .orElseThrow();
        return new ObjectMapper().readTree(json);
    }

    private static List<String> tags(JsonNode seen) {
        List<String> out = new ArrayList<>();
        seen.get("tags").forEach(t -> out.add(t.asText()));
        return out;
    }

    private static List<String> paths(JsonNode seen) {
        List<String> out = new ArrayList<>();
        seen.get("files").forEach(f -> out.add(f.get("path").asText()));
        return out;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
