package gov.nersc.huggingnersc.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.hub.FakeHub.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The clients a HubClient sends through: plain http without TLS, https with it, and their threads stopped on close. */
class HttpClientsTest {
    final FakeHub hub = new FakeHub();

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void plainHttpHasNoTlsAndHttpsHasTheJdksDefault() throws Exception {
        try (HttpClients clients = new HttpClients(Duration.ofSeconds(5))) {
            HttpClient plain = clients.forUri(URI.create("http://127.0.0.1:1/api"));
            assertThat(clients.forUri(URI.create("http://localhost:2/x"))).isSameAs(plain);
            assertThat(plain.sslContext()).isNotSameAs(SSLContext.getDefault());
            assertThatThrownBy(() -> plain.sslContext().createSSLEngine())
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("plain http only");
            assertThat(clients.forUri(URI.create("https://huggingface.co/api")).sslContext())
                    .isSameAs(SSLContext.getDefault());
        }
    }

    @Test
    void closeEndsTheSelectorThreadsAndRefusesLaterRequests() throws Exception {
        hub.on("GET", "/api/whoami-v2", r -> Reply.json(200, "{\"type\":\"user\",\"name\":\"steward\"}"));
        Set<Thread> before = selectorThreads();
        HubClient client = HubClient.builder()
                .endpoint(hub.uri())
                .token(Optional.of(new HubToken("hf_ClientsTestToken", "HF_TOKEN")))
                .build();
        assertThat(client.whoami().name()).isEqualTo("steward");
        List<Thread> ours =
                selectorThreads().stream().filter(t -> !before.contains(t)).toList();
        assertThat(ours).hasSize(1);

        client.close();

        ours.get(0).join(10_000);
        assertThat(ours.get(0).isAlive()).isFalse();
        assertThatThrownBy(client::whoami).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClientUnusedBeforeCloseStartsNoThread() {
        Set<Thread> before = selectorThreads();
        HubClient client = HubClient.builder().endpoint(hub.uri()).build();
        client.close();
        assertThat(selectorThreads()).isSubsetOf(before);
    }

    private static Set<Thread> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-")
                        && t.getName().endsWith("-SelectorManager")
                        && t.isAlive())
                .collect(Collectors.toSet());
    }
}
