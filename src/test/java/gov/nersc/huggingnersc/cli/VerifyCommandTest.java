package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import gov.nersc.huggingnersc.DatasetFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify}: data path, public permissions, manifest drift and the download link. */
class VerifyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    Path root;
    Path data;
    CliRunner cli;
    DatasetFixtures.Inputs iris;
    HttpServer portal;
    final AtomicInteger heads = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        root = home.resolve("catalog");
        cli = new CliRunner(home);
        iris = DatasetFixtures.iris(home);
        data = iris.data();
        Files.writeString(Files.createDirectories(data.resolve("more")).resolve("b.csv"), "x\n1\n");
        portal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        portal.createContext("/", exchange -> {
            if (exchange.getRequestMethod().equals("HEAD")) {
                heads.incrementAndGet();
            }
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/flaky/")) {
                exchange.sendResponseHeaders(heads.get() == 1 ? 503 : 200, -1);
            } else if (path.equals("/moved/")) {
                exchange.getResponseHeaders().add("Location", "/cfs/iris/data/");
                exchange.sendResponseHeaders(301, -1);
            } else {
                exchange.sendResponseHeaders(path.equals("/cfs/iris/data/") ? 200 : 404, -1);
            }
            exchange.close();
        });
        portal.start();
    }

    @AfterEach
    void stop() {
        portal.stop(0);
    }

    String portalUrl(String path) {
        return "http://127.0.0.1:" + portal.getAddress().getPort() + path;
    }

    CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--catalog-root", root.toString()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    void catalog(String link) {
        CliRunner.Result r = run(
                "catalog-new-dataset",
                "Iris",
                "iris",
                iris.loader().toString(),
                data.toString(),
                link,
                iris.metadata().toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    void makePublic() throws IOException {
        for (Path p : List.of(data, data.resolve("more"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : List.of(data.resolve("iris.csv"), data.resolve("more/b.csv"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void anUnchangedEntryHolds() {
        catalog("none");
        assertThat(run("manifest", "iris", "--quiet").exitCode()).isZero();

        CliRunner.Result r = run("verify", "iris");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .startsWith("iris: holds\n")
                .contains("(2 files)")
                .contains("manifest     matches (size and mtime)")
                .contains("permissions  not checked (no public link)");
        assertThat(run("verify", "iris", "--quiet").out())
                .as("quiet and holding: silent, for cron")
                .isEmpty();
    }

    /** A data path that is one file is verified, as its manifest (a cron job's nightly check) recorded it. */
    @Test
    void aDataPathThatIsOneFileIsVerified() throws IOException {
        catalog("none");
        Path file = data.resolve("iris.csv");
        CliRunner.Result update = run("update-dataset", "iris", "--data-path", file.toString(), "--no-push");
        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(run("manifest", "iris", "--quiet").exitCode()).isZero();

        CliRunner.Result holds = run("verify", "iris", "--rehash");
        assertThat(holds.exitCode()).as(holds.toString()).isZero();
        assertThat(holds.out())
                .startsWith("iris: holds\n")
                .contains("(1 file)\n")
                .contains("manifest     matches (content rehashed)");

        Files.writeString(file, "changed\n");
        CliRunner.Result drifted = run("verify", "iris");
        assertThat(drifted.exitCode()).as(drifted.toString()).isEqualTo(1);
        assertThat(drifted.out()).contains("changed: 1\n    iris.csv: size");
    }

    @Test
    void withoutAManifestOnlyTheDataPathIsChecked() {
        catalog("none");
        CliRunner.Result r = run("verify", "iris");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("manifest     none (run 'huggingnersc manifest iris')");
    }

    @Test
    void addedRemovedAndChangedFilesAreListedAndExitOne() throws IOException {
        catalog("none");
        assertThat(run("manifest", "iris", "--quiet").exitCode()).isZero();
        Files.writeString(data.resolve("new.csv"), "n\n");
        Files.delete(data.resolve("more/b.csv"));
        Files.writeString(data.resolve("iris.csv"), "changed\n");

        CliRunner.Result r = run("verify", "iris");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out())
                .startsWith("iris: DRIFTED\n")
                .contains("manifest     differs")
                .contains("added: 1\n    new.csv")
                .contains("removed: 1\n    more/b.csv")
                .contains("changed: 1\n    iris.csv: size");
        JsonNode j = JSON.readTree(run("verify", "iris", "--json").out());
        assertThat(j.get("holds").asBoolean()).isFalse();
        assertThat(j.at("/added/first/0").asText()).isEqualTo("new.csv");
        assertThat(j.at("/removed/count").asLong()).isEqualTo(1);
        assertThat(j.at("/changed/first/0").asText()).startsWith("iris.csv: size");
    }

    @Test
    void rehashFindsContentChangedUnderTheSameSizeAndTime() throws IOException {
        catalog("none");
        assertThat(run("manifest", "iris", "--quiet").exitCode()).isZero();
        Path csv = data.resolve("more/b.csv");
        FileTime mtime = Files.getLastModifiedTime(csv);
        Files.writeString(csv, "y\n2\n");
        Files.setLastModifiedTime(csv, mtime);

        assertThat(run("verify", "iris").exitCode()).as("size and mtime match").isZero();
        CliRunner.Result r = run("verify", "iris", "--rehash");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("more/b.csv: content differs");
    }

    @Test
    void aMissingDataPathOrManifestFileIsDrift() throws IOException {
        catalog("none");
        assertThat(run("manifest", "iris", "--quiet").exitCode()).isZero();
        Files.delete(root.resolve("iris/iris_manifest.jsonl.gz"));
        CliRunner.Result r = run("verify", "iris");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("iris_manifest.jsonl.gz is missing");

        Files.walk(data)
                .sorted(java.util.Comparator.reverseOrder())
                .forEach(p -> p.toFile().delete());
        CliRunner.Result gone = run("verify", "iris", "--json");
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(gone.out()).get("data_path_exists").asBoolean())
                .isFalse();
    }

    @Test
    void aPublicLinkNeedsWorldReadableFilesAndAnAnsweringLink() throws IOException {
        makePublic();
        catalog(portalUrl("/moved/"));

        CliRunner.Result ok = run("verify", "iris", "--check-links");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out())
                .contains("permissions  public: every directory o+x, every file o+r")
                .contains("link         " + portalUrl("/moved/") + ": HTTP 200");

        Files.setPosixFilePermissions(data.resolve("more/b.csv"), PosixFilePermissions.fromString("rw-------"));
        CliRunner.Result closed = run("verify", "iris");
        assertThat(closed.exitCode()).isEqualTo(1);
        assertThat(closed.out()).contains("more/b.csv: not o+r");
    }

    @Test
    void aBrokenLinkIsDriftAndNotAskedAgain() throws IOException {
        makePublic();
        catalog(portalUrl("/gone/"));
        CliRunner.Result notFound = run("verify", "iris", "--check-links", "--json");
        assertThat(notFound.exitCode()).isEqualTo(1);
        JsonNode link = JSON.readTree(notFound.out()).get("link");
        assertThat(link.get("status").asInt()).isEqualTo(404);
        assertThat(link.get("problem").asText()).isEqualTo("answered HTTP 404");
        assertThat(heads.get()).as("a 404 is an answer: not retried").isEqualTo(1);
        assertThat(run("verify", "iris").exitCode())
                .as("links are asked only with --check-links")
                .isZero();
        assertThat(heads.get()).isEqualTo(1);
    }

    @Test
    void aServerErrorIsAskedOnceMore() throws IOException {
        makePublic();
        catalog(portalUrl("/flaky/"));
        CliRunner.Result r = run("verify", "iris", "--check-links");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(heads.get()).isEqualTo(2);
    }

    @Test
    void anUnreachableLinkSaysSo() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        makePublic();
        catalog("http://127.0.0.1:" + closedPort + "/data/");
        CliRunner.Result r = run("verify", "iris", "--check-links");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out())
                .contains("link         http://127.0.0.1:" + closedPort + "/data/: cannot connect: connection "
                        + "refused by 127.0.0.1:" + closedPort)
                .doesNotContain("ConnectException");
    }
}
