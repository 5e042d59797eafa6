package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link HubClient} for the configured endpoint, for the length of one action. For a {@code
 * file:DIR} endpoint it starts the embedded local hub on 127.0.0.1 and a free port and speaks HTTP
 * to it with the local hub's own token (never the user's Hub token), so there is one client code
 * path whatever the endpoint; {@link #close()} stops it again.
 */
public final class HubConnection implements AutoCloseable {
    private final HubClient client;
    private final LocalHub embedded;
    private final String endpoint;

    private HubConnection(HubClient client, LocalHub embedded, String endpoint) {
        this.client = client;
        this.embedded = embedded;
        this.endpoint = endpoint;
    }

    /** Connects to the settings' endpoint with the settings' token. */
    public static HubConnection open(Settings settings) {
        return open(settings, notice -> {});
    }

    /** Connects to the settings' endpoint with the settings' token, telling {@code retryNotices} about each retry. */
    public static HubConnection open(Settings settings, Consumer<String> retryNotices) {
        return open(settings.endpoint(), settings.token(), settings.allowInsecureToken(), retryNotices);
    }

    /** Connects to {@code endpoint} ({@code https://...}, {@code http://...} or {@code file:DIR}). */
    public static HubConnection open(String endpoint, Optional<HubToken> token) {
        return open(endpoint, token, false);
    }

    /**
     * Connects to {@code endpoint}; {@code allowInsecureToken} lets the token go over plain http to a
     * host that is not this machine, which is otherwise refused.
     */
    public static HubConnection open(String endpoint, Optional<HubToken> token, boolean allowInsecureToken) {
        return open(endpoint, token, allowInsecureToken, notice -> {});
    }

    /** As {@link #open(String, Optional, boolean)}, telling {@code retryNotices} about each retry. */
    public static HubConnection open(
            String endpoint, Optional<HubToken> token, boolean allowInsecureToken, Consumer<String> retryNotices) {
        Optional<Path> embedded = new HubEndpoint(endpoint).embeddedDir();
        if (embedded.isPresent()) {
            LocalHub hub = LocalHub.startEmbedded(embedded.get());
            try {
                return new HubConnection(
                        builderFor(hub).retryNotices(retryNotices).build(), hub, endpoint);
            } catch (RuntimeException e) {
                hub.close();
                throw e;
            }
        }
        return new HubConnection(
                HubClient.builder()
                        .endpoint(URI.create(endpoint))
                        .token(token)
                        .allowInsecureToken(allowInsecureToken)
                        .retryNotices(retryNotices)
                        .build(),
                null,
                endpoint);
    }

    /** A client for a running local hub, with that hub's own token (never the user's Hub token). */
    static HubClient clientFor(LocalHub hub) {
        return builderFor(hub).build();
    }

    private static HubClient.Builder builderFor(LocalHub hub) {
        return HubClient.builder()
                .endpoint(URI.create(hub.url()))
                .token(Optional.of(
                        new HubToken(hub.token(), hub.dir().resolve("token").toString())));
    }

    public HubClient client() {
        return client;
    }

    /** The endpoint as configured: an http(s) URL or {@code file:DIR}. */
    public String endpoint() {
        return endpoint;
    }

    /** True for the embedded local hub, whose HTTP address lives only as long as this connection. */
    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        try {
            client.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
