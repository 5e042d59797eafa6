package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.Version;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Sends one logical request to the Hub: adds the User-Agent and (to the Hub's own origin only) the
 * token, follows redirects, turns error answers into {@link HubException}s and retries what may be
 * retried under the {@link RetryPolicy}. Everything on the wire goes through here.
 */
final class Transport {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 5;
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpClients http;
    private final URI endpoint;
    private final Optional<HubToken> token;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Duration requestTimeout;
    private final Consumer<String> retryNotices;
    private final HubErrors errors;

    Transport(
            HttpClients http,
            URI endpoint,
            Optional<HubToken> token,
            RetryPolicy retry,
            Sleeper sleeper,
            Clock clock,
            Duration requestTimeout,
            Consumer<String> retryNotices) {
        this.http = http;
        this.endpoint = endpoint;
        this.token = token;
        this.retry = retry;
        this.sleeper = sleeper;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        this.retryNotices = retryNotices;
        this.errors = new HubErrors(endpoint, token, clock);
    }

    /** Reads a successful answer; runs inside the retry loop, so a body cut short is retried too. */
    @FunctionalInterface
    interface Reader<T> {
        T read(HttpResponse<InputStream> response) throws IOException;
    }

    /**
     * One request. {@code auth}: send the token (only ever to the endpoint's origin). {@code
     * retryable}: the request may be sent again when its answer was lost.
     */
    record Call(
            String method,
            URI uri,
            BodyPublisher body,
            Map<String, String> headers,
            boolean auth,
            boolean retryable,
            Duration timeout) {

        static Call get(URI uri) {
            return new Call("GET", uri, null, Map.of(), true, true, null);
        }

        static Call json(String method, URI uri, Object body) {
            return new Call(
                    method,
                    uri,
                    BodyPublishers.ofByteArray(toJson(body)),
                    Map.of("Content-Type", "application/json"),
                    true,
                    true,
                    null);
        }

        Call withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Call(method, uri, body, h, auth, retryable, timeout);
        }

        Call notRetried() {
            return new Call(method, uri, body, headers, auth, false, timeout);
        }

        Call withoutAuth() {
            return new Call(method, uri, body, headers, false, retryable, timeout);
        }

        Call withTimeout(Duration t) {
            return new Call(method, uri, body, headers, auth, retryable, t);
        }
    }

    static byte[] toJson(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a request body", e);
        }
    }

    /** Sends {@code call} and reads its JSON answer. */
    JsonNode json(Call call) {
        return exchange(call, r -> {
            try (InputStream in = r.body()) {
                byte[] bytes = in.readAllBytes();
                return bytes.length == 0 ? JSON.missingNode() : JSON.readTree(bytes);
            }
        });
    }

    /**
     * Sends {@code call}, retrying under the policy when it is retryable, and reads the answer. When
     * an attempt's answer was lost and a later attempt fails, the lost attempt is attached to the
     * failure (see {@link #afterLostAnswer}): the Hub may have done the work before.
     */
    <T> T exchange(Call call, Reader<T> reader) {
        Instant start = clock.instant();
        HubException lost = null;
        for (int attempt = 1; ; attempt++) {
            HubException failure;
            try {
                return once(call, reader);
            } catch (HubException e) {
                failure = e;
            }
            if (lost != null && failure != lost) {
                failure.addSuppressed(lost);
            }
            if (!call.retryable() || !failure.retryable()) {
                throw failure;
            }
            if (failure instanceof HubConnectionException) {
                lost = failure;
            }
            waitBeforeRetry(attempt, start, failure);
        }
    }

    /** True when {@code e} came after an earlier attempt of the same request whose answer was lost. */
    static boolean afterLostAnswer(HubException e) {
        for (Throwable t : e.getSuppressed()) {
            if (t instanceof HubConnectionException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits before attempt {@code failedAttempt + 1}, or throws {@code failure} when the policy's
     * attempts or time are used up.
     */
    void waitBeforeRetry(int failedAttempt, Instant start, HubException failure) {
        Duration wait = retry.delayAfter(failedAttempt, failure.askedWait());
        Duration elapsed = Duration.between(start, clock.instant());
        if (failedAttempt >= retry.maxAttempts() || elapsed.plus(wait).compareTo(retry.maxTotal()) > 0) {
            throw failure;
        }
        retryNotices.accept(String.format(
                Locale.ROOT,
                "retrying in %.1f s (attempt %d of %d): %s",
                wait.toMillis() / 1000.0,
                failedAttempt + 1,
                retry.maxAttempts(),
                failure.getMessage()));
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubConnectionException("interrupted while waiting to retry", "WAIT", failure.url(), e);
        }
    }

    /** One attempt: send, follow redirects, map errors, read. Throws only HubException. */
    <T> T once(Call call, Reader<T> reader) {
        URI uri = call.uri();
        String method = call.method();
        BodyPublisher body = call.body();
        for (int hop = 0; ; hop++) {
            HttpResponse<InputStream> response;
            try {
                response = http.forUri(uri)
                        .send(request(call, method, uri, body), HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                throw new HubConnectionException("the Hub did not answer in time", method, uri, e);
            } catch (IOException e) {
                throw noAnswer(e, method, uri);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubConnectionException("interrupted", method, uri, e);
            }
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent() && status != 304) {
                drain(response);
                if (hop >= MAX_REDIRECTS) {
                    throw errors.map(status, response, method, uri, "too many redirects");
                }
                uri = uri.resolve(location.get());
                if (status == 303) {
                    method = "GET";
                    body = null;
                }
                continue;
            }
            if (status >= 300) {
                String text = readErrorBody(response);
                throw errors.map(status, response, method, uri, text);
            }
            try {
                return reader.read(response);
            } catch (IOException e) {
                throw new HubConnectionException("the Hub's answer was cut short: " + oneLine(e), method, uri, e);
            } finally {
                drain(response);
            }
        }
    }

    /**
     * A request that got no answer. A refused connection to this machine fails at once, naming what
     * should be listening: retrying cannot start a server.
     */
    private static HubConnectionException noAnswer(IOException e, String method, URI uri) {
        if (HubConnectionException.refused(e) && isThisMachine(uri.getHost())) {
            return new HubConnectionException(
                    "connection refused: is `hub serve` running on " + uri.getHost() + ":" + port(uri) + "?",
                    method,
                    uri,
                    e,
                    false);
        }
        return new HubConnectionException(
                "no answer from the Hub: " + HubConnectionException.whatHappened(e, uri), method, uri, e);
    }

    /** True for {@code localhost} and loopback IP literals; never asks DNS. */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name: resolving it here would ask DNS
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** True for loopback and for the addresses of this machine's own interfaces. */
    static boolean isThisMachine(String host) {
        if (isLoopback(host)) {
            return true;
        }
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isAnyLocalAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private HttpRequest request(Call call, String method, URI uri, BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .method(method, body == null ? BodyPublishers.noBody() : body)
                .header("User-Agent", Version.userAgent())
                .timeout(call.timeout() != null ? call.timeout() : requestTimeout);
        call.headers().forEach(b::header);
        if (call.auth() && token.isPresent() && sameOrigin(uri, endpoint)) {
            b.header("Authorization", "Bearer " + token.get().value());
        }
        return b.build();
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static void drain(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // the connection is discarded; nothing to tell the user
        }
    }

    private static String readErrorBody(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            return new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String oneLine(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + HubErrors.oneLine(m));
    }

    Clock clock() {
        return clock;
    }
}
