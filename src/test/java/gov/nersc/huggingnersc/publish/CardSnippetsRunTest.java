package gov.nersc.huggingnersc.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.cli.CliRunner;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.testing.OfficialPythonClient;
import gov.nersc.huggingnersc.testing.PortalStandIn;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code datasets} snippet a card prints runs as printed, with the real {@code datasets},
 * against a local hub and a loopback stand-in for the portal, and loads all of the data; every
 * FileObject of the entry's croissant.json names bytes whose sha256 is the one it says.
 */
class CardSnippetsRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PYTHON = Pattern.compile("(?s)```+python\n(.*?)```+\n");
    private static final String COUNT_ROWS =
            "\nimport json as _json\n" + "print(_json.dumps({_k: sum(1 for _ in _v) for _k, _v in ds.items()}))\n";

    @TempDir
    Path home;

    @Test
    void irisSnippetsLoadAll150RowsFromTheHubThePortalAndItsPath() throws Exception {
        publish("iris", Path.of("examples/iris/data").toAbsolutePath(), iris -> {
            assertThat(iris.snippets()).hasSize(3); // the sample by repo id, the portal, the path at NERSC
            for (String snippet : iris.snippets()) {
                assertThat(iris.rows(snippet)).as(snippet).isEqualTo(Map.of("train", 150));
            }
            assertThat(iris.croissantFiles()).isEqualTo(1);
        });
    }

    @Test
    void manyFilesAreReadFromTheInventoryAndEverySplitLoadsWhole() throws Exception {
        Path data = home.resolve("data");
        for (int i = 0; i < 30; i++) {
            Path f = data.resolve((i < 20 ? "train" : "test") + "/part-" + i + ".csv");
            Files.createDirectories(f.getParent());
            StringBuilder csv = new StringBuilder("id,value\n");
            for (int row = 0; row < 10; row++) {
                csv.append(i * 10 + row).append(',').append(row * 0.5).append('\n');
            }
            Files.writeString(f, csv);
        }

        publish("many", data, many -> {
            assertThat(many.card()).contains("nersc_files.csv").doesNotContain("part-29.csv");
            assertThat(many.snippets()).hasSize(3);
            for (String snippet : many.snippets()) {
                assertThat(many.rows(snippet)).as(snippet).isEqualTo(Map.of("train", 200, "test", 100));
            }
            assertThat(many.rows("from datasets import load_dataset\nds = load_dataset(\"NERSC/many\", \"files\")\n"))
                    .as("the inventory is a config of its own")
                    .isEqualTo(Map.of("train", 30));
            assertThat(many.croissantFiles()).isEqualTo(30);
        });
    }

    /** Checks made while the entry's hub and portal are up. */
    private interface Checks {
        void on(Published p) throws Exception;
    }

    /** What a test reads back from one published entry. */
    private record Published(
            String card,
            List<String> snippets,
            Map<String, Object> croissant,
            OfficialPythonClient python,
            HttpClient http) {
        Map<String, Integer> rows(String snippet) throws IOException {
            OfficialPythonClient.Run run = python.run(snippet + COUNT_ROWS, Map.of());
            assertThat(run.exit()).as(run.toString()).isZero();
            String[] lines = run.out().strip().split("\n");
            Map<String, Integer> out = new LinkedHashMap<>();
            JSON.readTree(lines[lines.length - 1])
                    .fields()
                    .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asInt()));
            return out;
        }

        /** Fetches every FileObject's bytes, checks size and sha256, and counts them. */
        int croissantFiles() throws Exception {
            int n = 0;
            for (JsonNode o : JSON.valueToTree(croissant).get("distribution")) {
                if (!"cr:FileObject".equals(o.path("@type").asText())) {
                    continue;
                }
                byte[] bytes = http.send(
                                HttpRequest.newBuilder(
                                                URI.create(o.get("contentUrl").asText()))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .body();
                assertThat(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                        .as(o.get("@id").asText())
                        .isEqualTo(o.get("sha256").asText());
                assertThat(o.get("contentSize").asText()).isEqualTo(bytes.length + " B");
                n++;
            }
            return n;
        }
    }

    private void publish(String nick, Path data, Checks checks) throws Exception {
        Path example = Path.of("examples/iris");
        try (LocalHub hub = LocalHub.start(home.resolve("hub"), LocalHub.Options.defaults());
                PortalStandIn portal = PortalStandIn.start()) {
            String link = portal.serve("/cfs/dasrepo/ai_ready_datasets/" + nick + "/data/", data);
            Path metadata = home.resolve(nick + "_metadata.json");
            Files.writeString(
                    metadata,
                    Files.readString(example.resolve("iris_metadata.json"))
                            .replace("\"nickname\": \"iris\"", "\"nickname\": \"" + nick + "\""));
            CliRunner.Result r = new CliRunner(home)
                    .env("HF_TOKEN", hub.token())
                    .run(
                            "--catalog-root",
                            home.resolve("catalog").toString(),
                            "--endpoint",
                            hub.url(),
                            "catalog-new-dataset",
                            nick,
                            nick,
                            example.resolve("iris_loader.py").toString(),
                            data.toString(),
                            link,
                            metadata.toString());
            assertThat(r.exitCode()).as(r.toString()).isZero();
            String card = Files.readString(home.resolve("catalog").resolve(nick).resolve("README.md"));
            String section = card.substring(
                    card.indexOf("### With the `datasets` library"), card.indexOf("### With the loader"));
            List<String> snippets = new ArrayList<>();
            for (Matcher m = PYTHON.matcher(section); m.find(); ) {
                snippets.add(m.group(1));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> croissant = JSON.readValue(
                    home.resolve("catalog")
                            .resolve(nick)
                            .resolve("croissant.json")
                            .toFile(),
                    Map.class);
            checks.on(new Published(
                    card,
                    snippets,
                    croissant,
                    OfficialPythonClient.require().hub(hub.url()),
                    HttpClient.newHttpClient()));
        }
    }
}
