package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests racing the deletion and re-creation of the repos they read or write. */
class RepoRacesTest {
    @TempDir
    Path dir;

    // the commit stored its blobs into the repo it opened before taking the lock; the new repo got a
    // tree naming blobs it never had: 200, then git fsck failed and tree/info answered 500 for ever
    @Test
    void aCommitRacingADeleteAndRecreateIsRefusedAndCorruptsNothing() throws Exception {
        try (LocalHub hub = LocalHub.start(dir, LocalHub.Options.defaults())) {
            HubHttp http = new HubHttp(hub);
            http.createRepo("nersc/race", false);
            URI u = URI.create(hub.url());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), u.getPort()));
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/datasets/nersc/race/commit/main HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                                + hub.token()
                                + "\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n"
                                + "Connection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                chunk(
                        out,
                        "{\"key\":\"header\",\"value\":{\"summary\":\"racing\"}}\n" + fileLine("first.txt", "first")
                                + "\n");
                Thread.sleep(500); // the hub reads the first file and stores its blob

                assertThat(http.send(
                                        http.request("/api/repos/delete", true)
                                                .header("Content-Type", "application/json")
                                                .method(
                                                        "DELETE",
                                                        java.net.http.HttpRequest.BodyPublishers.ofString(
                                                                "{\"name\":\"race\",\"organization\":\"nersc\",\"type\":\"dataset\"}")))
                                .status())
                        .isEqualTo(200);
                assertThat(http.createRepo("nersc/race", false).status()).isEqualTo(200);

                chunk(out, fileLine("second.txt", "second") + "\n");
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 409");
            }
            assertThat(http.get("/api/datasets/nersc/race/tree/main").status()).isEqualTo(200);
            assertThat(http.get("/api/datasets/nersc/race/tree/main").json().findValuesAsText("path"))
                    .containsExactly(".gitattributes");
        }
        assertThat(HubIntegrity.problems(dir)).isEmpty();
    }

    private static void chunk(OutputStream out, String data) throws java.io.IOException {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String fileLine(String path, String content) {
        return "{\"key\":\"file\",\"value\":{\"path\":\"" + path + "\",\"encoding\":\"base64\",\"content\":\""
                + Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)) + "\"}}";
    }

    // about 4% of anonymous listings answered 500 while repos were being created and deleted
    @Test
    void listingsWhileReposComeAndGoAreAllAnswered() throws Exception {
        try (LocalHub hub = LocalHub.start(dir, LocalHub.Options.defaults())) {
            HubHttp http = new HubHttp(hub);
            for (int i = 0; i < 5; i++) {
                http.publish(
                        "nersc/stay-" + i,
                        false,
                        List.of(HubHttp.file("README.md", "---\nlicense: mit\n---\n# Stay\n")));
            }
            AtomicBoolean done = new AtomicBoolean();
            List<String> churnProblems = new ArrayList<>();
            Thread churn = new Thread(() -> {
                for (int i = 0; !done.get(); i++) {
                    String name = "churn-" + (i % 4);
                    HubHttp.Answer c = http.post(
                            "/api/repos/create",
                            Map.of(
                                    "name",
                                    name,
                                    "organization",
                                    "nersc",
                                    "type",
                                    "dataset",
                                    "files",
                                    List.of(Map.of("path", "README.md", "content", "---\nlicense: mit\n---\n"))));
                    HubHttp.Answer d = http.send(http.request("/api/repos/delete", true)
                            .header("Content-Type", "application/json")
                            .method(
                                    "DELETE",
                                    java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name
                                            + "\",\"organization\":\"nersc\",\"type\":\"dataset\"}")));
                    if (c.status() >= 500 || d.status() >= 500) {
                        churnProblems.add(c + " / " + d);
                    }
                }
            });
            churn.start();
            List<String> failures = new ArrayList<>();
            try {
                for (int i = 0; i < 80; i++) {
                    HubHttp.Answer list = http.getAnonymous("/api/datasets?full=true");
                    HubHttp.Answer page = http.page("/", false);
                    HubHttp.Answer who = i % 4 == 0 ? http.get("/api/whoami-v2") : list;
                    for (HubHttp.Answer a : List.of(list, page, who)) {
                        if (a.status() != 200) {
                            failures.add(a.toString());
                        }
                    }
                }
            } finally {
                done.set(true);
                churn.join();
            }
            assertThat(failures).as("listings answered otherwise than 200").isEmpty();
            assertThat(churnProblems).isEmpty();
        }
        assertThat(HubIntegrity.problems(dir)).isEmpty();
    }
}
