package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hub serve}: makes a private token file, serves, never prints the token, stops when told. */
class HubServeCommandTest {
    @TempDir
    Path home;

    @Test
    void servesWithANewTokenFileAndStopsWhenInterrupted() throws Exception {
        Path dir = home.resolve("hub");
        Path tokenFile = home.resolve("secrets/hub-token");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread server = new Thread(() -> exit.set(Main.run(
                Map.of("HOME", home.toString()),
                new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                "hub",
                "serve",
                "--dir",
                dir.toString(),
                "--token-file",
                tokenFile.toString(),
                "--page-size",
                "3")));
        server.start();
        Pattern urlLine = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+)");
        Matcher m = urlLine.matcher("");
        while (server.isAlive() && !(m = urlLine.matcher(out.toString())).find()) {
            Thread.sleep(20);
        }
        assertThat(server.isAlive()).as("serve ended early: " + out + err).isTrue();
        String url = m.group(1);
        String token = Files.readString(tokenFile).strip();
        assertThat(token).startsWith("hf_").hasSizeGreaterThan(20);
        assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(out.toString()).contains(tokenFile.toString()).doesNotContain(token);

        HttpResponse<String> me = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url + "/api/whoami-v2"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("huggingnersc-local");

        server.interrupt();
        server.join();
        assertThat(exit.get()).isZero();
        assertThat(Files.isDirectory(dir.resolve("datasets"))).isTrue();
    }

    @Test
    void badOptionsAreExitCode2() {
        CliRunner.Result r = new CliRunner(home).run("hub", "serve", "--dir", home.toString(), "--port", "70000");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--port 70000");
    }

    @Test
    void aFileAsTheFolderIsExitCode2OnOneLine() throws Exception {
        Path file = Files.writeString(home.resolve("passwd"), "root:x:0:0\n");
        for (Path dir : new Path[] {file, file.resolve("hub")}) {
            CliRunner.Result r = runBriefly("hub", "serve", "--dir", dir.toString());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err().lines()).as(r.toString()).hasSize(1);
            assertThat(r.err())
                    .startsWith("error: --dir " + dir + ": ")
                    .contains("a file, not a folder")
                    .doesNotContain("unexpected");
        }
        assertThat(Files.readString(file)).isEqualTo("root:x:0:0\n");
    }

    @Test
    void aPartSizeOutsideWhatS3AllowsIsRefusedWithTheRange() throws Exception {
        for (String size : new String[] {"10", "5242879", "5368709121"}) {
            CliRunner.Result r =
                    runBriefly("hub", "serve", "--dir", home.resolve("hub").toString(), "--multipart-chunk-size", size);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err())
                    .contains("--multipart-chunk-size " + size + ": allowed are 5242880 (5 MiB) to 5368709120");
        }
        assertThat(home.resolve("hub")).doesNotExist();
    }

    @Test
    void aBusyPortIsRefusedBeforeAnythingIsCreated() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path dir = home.resolve("hub");
            CliRunner.Result r =
                    runBriefly("hub", "serve", "--dir", dir.toString(), "--port", String.valueOf(taken.getLocalPort()));
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.err())
                    .startsWith("error: --host 127.0.0.1 --port " + taken.getLocalPort() + ": ")
                    .contains("choose another --port");
            assertThat(dir).as("no DIR/datasets, DIR/lfs or DIR/token").doesNotExist();
        }
    }

    @Test
    void quietPrintsOnlyTheUrl() throws Exception {
        CliRunner.Result r =
                runBriefly("-q", "hub", "serve", "--dir", home.resolve("hub").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).matches("http://127\\.0\\.0\\.1:\\d+\n");
    }

    /** Runs the CLI; a server that started after all is stopped after five seconds (as Ctrl-C would). */
    private CliRunner.Result runBriefly(String... args) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<CliRunner.Result> result =
                new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> result.set(new CliRunner(home).run(args)));
        t.start();
        t.join(5000);
        t.interrupt();
        t.join();
        return result.get();
    }
}
