package gov.nersc.huggingnersc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The portal stand-in serves a folder as NERSC's portal does: the official Python client ({@code
 * datasets}, through fsspec) reads a CSV from it whole and streamed and lists the folder; plain
 * HTTP shows the headers, ranges and refusals.
 */
class PortalStandInTest {
    private static final Path IRIS_DATA = Path.of("examples/iris/data");
    private static final String PREFIX = "/cfs/dasrepo/ai_ready_datasets/iris/data/";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void datasetsReadsACsvFromThePortalWholeAndStreamedAndListsTheFolder() throws Exception {
        OfficialPythonClient python = OfficialPythonClient.require();
        try (PortalStandIn portal = PortalStandIn.start()) {
            String folder = portal.serve(PREFIX, IRIS_DATA);
            String csv = folder + "iris.csv";

            DatasetSummary loaded = DatasetSummary.of(python.run(
                    OfficialPythonClient.script("load_dataset.py"),
                    Map.of(),
                    "csv",
                    "--data-files",
                    "{\"train\": [\"" + csv + "\"]}"));
            assertThat(loaded.splits()).containsExactly("train");
            loaded.assertIsCsv("train", IRIS_DATA.resolve("iris.csv"));

            OfficialPythonClient.Run listed = python.run(
                    "import fsspec, json, sys; print(json.dumps(fsspec.filesystem('http').ls(sys.argv[1], detail=False)))",
                    Map.of(),
                    folder);
            assertThat(listed.exit()).as(listed.toString()).isZero();
            assertThat(new ObjectMapper().readValue(listed.out().strip(), List.class))
                    .containsExactly(csv);
        }
    }

    @Test
    void filesAnswerHeadGetAndRangesAndEverythingElseIsRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(IRIS_DATA.resolve("iris.csv"));
        try (PortalStandIn portal = PortalStandIn.start()) {
            String folder = portal.serve(PREFIX, IRIS_DATA);
            URI csv = URI.create(folder + "iris.csv");

            HttpResponse<byte[]> head =
                    send(HttpRequest.newBuilder(csv).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Length")).hasValue(Long.toString(bytes.length));
            assertThat(head.headers().firstValue("Accept-Ranges")).hasValue("bytes");
            assertThat(head.body()).isEmpty();

            assertThat(send(HttpRequest.newBuilder(csv)).body()).isEqualTo(bytes);
            HttpResponse<byte[]> middle = send(HttpRequest.newBuilder(csv).header("Range", "bytes=10-19"));
            assertThat(middle.statusCode()).isEqualTo(206);
            assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 10-19/" + bytes.length);
            assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));
            HttpResponse<byte[]> tail = send(HttpRequest.newBuilder(csv).header("Range", "bytes=-5"));
            assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bytes, bytes.length - 5, bytes.length));
            HttpResponse<byte[]> past =
                    send(HttpRequest.newBuilder(csv).header("Range", "bytes=" + bytes.length + "-"));
            assertThat(past.statusCode()).isEqualTo(416);
            assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */" + bytes.length);

            HttpResponse<byte[]> index = send(HttpRequest.newBuilder(URI.create(folder)));
            assertThat(new String(index.body()))
                    .contains("<title>Index of " + PREFIX + "</title>", "<a href=\"iris.csv\">", "<a href=\"../\">");
            HttpResponse<byte[]> noSlash =
                    send(HttpRequest.newBuilder(URI.create(folder.substring(0, folder.length() - 1))));
            assertThat(noSlash.statusCode()).isEqualTo(301);
            assertThat(noSlash.headers().firstValue("Location")).hasValue(PREFIX);

            assertThat(send(HttpRequest.newBuilder(csv).POST(HttpRequest.BodyPublishers.ofString("x")))
                            .statusCode())
                    .isEqualTo(405);
            assertThat(send(HttpRequest.newBuilder(URI.create(folder + "%2e%2e/iris_loader.py")))
                            .statusCode())
                    .as("a path climbing out of the folder")
                    .isEqualTo(404);
            assertThat(send(HttpRequest.newBuilder(URI.create(portal.url() + "cfs/dasrepo/other/")))
                            .statusCode())
                    .as("a path outside every served folder")
                    .isEqualTo(404);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
