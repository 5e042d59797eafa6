package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that open a connection and then stall, no token needed: each costs the hub a connection,
 * never the ability to answer everyone else, and each stalled connection is closed once nothing
 * has moved on it for the idle timeout.
 */
class SlowClientsTest {
    private static final Duration IDLE = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void stalledClientsNeitherStopTheHubNorStayForever() throws Exception {
        try (LocalHub hub = LocalHub.start(dir, LocalHub.Options.defaults().withIdleTimeout(IDLE))) {
            new HubHttp(hub).createRepo("nersc/slow", false);
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    // a request line, then nothing: the server waits for the rest of the headers
                    stalled.add(open(hub, "GET /api/datasets HTTP/1.1\r\n"));
                }
                for (int i = 0; i < 10; i++) {
                    // whole headers, then only part of the announced body
                    stalled.add(open(
                            hub,
                            "POST /api/validate-yaml HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: 1000\r\n\r\n{\"content\": \""));
                }
                for (int i = 0; i < 20; i++) {
                    long start = System.nanoTime();
                    RawHttp.Answer a = RawHttp.send(
                            hub.url(),
                            RawHttp.request("GET", "/api/datasets/nersc/slow", null, null, new byte[0], null));
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    assertThat(a.status())
                            .as("request %d beside 50 stalled clients: %s", i, a.text())
                            .isEqualTo(200);
                    assertThat(took)
                            .as("request %d beside 50 stalled clients", i)
                            .isLessThan(Duration.ofSeconds(1));
                }
                for (Socket s : stalled) {
                    assertThat(closedWithin(s, IDLE.plusSeconds(8)))
                            .as("a stalled connection is closed after the idle timeout")
                            .isTrue();
                }
            } finally {
                for (Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    private static Socket open(LocalHub hub, String start) throws IOException {
        URI u = URI.create(hub.url());
        Socket s = new Socket();
        s.connect(new InetSocketAddress(u.getHost(), u.getPort()));
        s.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** Whether the server closes the connection (an answer before that is fine) within {@code limit}. */
    private static boolean closedWithin(Socket s, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (java.net.SocketException reset) {
                return true;
            }
        }
        return false;
    }
}
