package gov.nersc.huggingnersc.localhub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One request to the local hub and its answer: decoded query, bounded body, bearer-token check,
 * and JSON or error answers that always carry {@code X-Request-Id}. A client that stops sending its
 * body, or stops taking the answer, is a {@link ClientStreams.ClientGone}, never a failure of the hub.
 */
final class HubExchange {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Request request;
    private final Response response;
    final ServerContext hub;
    final String requestId;
    private Map<String, List<String>> query;
    private InputStream body;

    HubExchange(Request request, Response response, ServerContext hub) {
        this.request = request;
        this.response = response;
        this.hub = hub;
        String id = header("X-Request-Id");
        if (id == null || id.isBlank()) {
            id = header("X-Amzn-Trace-Id");
        }
        this.requestId = id == null || id.isBlank() || id.length() > 200
                ? UUID.randomUUID().toString()
                : id.strip();
        setHeader("X-Request-Id", requestId);
    }

    String method() {
        return request.getMethod();
    }

    /** The path as sent, still percent-encoded. */
    String rawPath() {
        String p = request.getHttpURI().getPath();
        return p == null ? "" : p;
    }

    /** The query as sent, still percent-encoded; null without one. */
    String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    /** The decoded query parameters; 400 for malformed percent-encoding. */
    Map<String, List<String>> query() {
        if (query == null) {
            query = RequestText.parseQuery(rawQuery());
        }
        return query;
    }

    /** The first value of a query parameter, or null. */
    String param(String name) {
        List<String> v = query().get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Every value of a repeatable parameter, in both the {@code x=} and the {@code x[]=} forms. */
    List<String> params(String name) {
        List<String> out = new ArrayList<>(query().getOrDefault(name, List.of()));
        out.addAll(query().getOrDefault(name + "[]", List.of()));
        return out;
    }

    boolean has(String name) {
        return !params(name).isEmpty();
    }

    /** A boolean parameter: {@code 1}, {@code true}, {@code True} are true. */
    boolean flag(String name) {
        String v = param(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    /** A positive integer parameter, at most {@code max}; 400 if it is not a number. */
    int intParam(String name, int dflt, int max) {
        String v = param(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw HubError.badRequest("query parameter " + name + "=" + v + " must not be negative");
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw HubError.badRequest("query parameter " + name + "=" + v + " is not a whole number");
        }
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    /** Sets a header of the answer. */
    void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /**
     * Sets {@code X-Error-Message}: one line (header values cannot break lines), cut at 500 characters
     * (a message naming a long path would overflow the answer's headers; the body has all of it).
     */
    void setErrorMessage(String message) {
        String oneLine = message.replaceAll("[\\r\\n]+", " ");
        setHeader("X-Error-Message", oneLine.length() > 500 ? oneLine.substring(0, 500) + "..." : oneLine);
    }

    /** A header of the answer set so far, or null. */
    String responseHeader(String name) {
        return response.getHeaders().get(name);
    }

    /**
     * Whether the request carries the server's token. A different token is refused (401), as the
     * Hub refuses invalid credentials on any request.
     */
    boolean authenticated() {
        String auth = header("Authorization");
        if (auth == null || auth.isBlank()) {
            return false;
        }
        String given = auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? auth.substring(7).strip()
                : auth.regionMatches(true, 0, "Basic ", 0, 6)
                        ? basicPassword(auth.substring(6).strip())
                        : "";
        if (!MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8), hub.token().getBytes(StandardCharsets.UTF_8))) {
            throw new HubError(401, null, "Invalid credentials in Authorization header");
        }
        return true;
    }

    /** The password of HTTP Basic credentials (git sends the token so, with any user name); "" if malformed. */
    private static String basicPassword(String encoded) {
        try {
            String pair = new String(java.util.Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? "" : pair.substring(colon + 1);
        } catch (IllegalArgumentException notBase64) {
            return "";
        }
    }

    /** Writes need the server's token. */
    void requireToken() {
        if (!authenticated()) {
            throw new HubError(
                    401,
                    null,
                    "Invalid username or password. This action needs the local hub's token as a Bearer token.");
        }
    }

    /** The request body, refused with 413 past {@code max} bytes. */
    InputStream body(long max) {
        String len = header("Content-Length");
        if (len != null) {
            try {
                if (Long.parseLong(len.strip()) > max) {
                    throw new HubError(
                            413,
                            null,
                            "Request body of " + len + " bytes is larger than the " + max + " bytes allowed");
                }
            } catch (NumberFormatException e) {
                throw HubError.badRequest("Content-Length '" + len + "' is not a number");
            }
        }
        return new ClientStreams.Bounded(requestBody(), max);
    }

    /** The request body as it arrives; a client breaking off is a {@link ClientStreams.ClientGone}. */
    private InputStream requestBody() {
        if (body == null) {
            body = new ClientStreams.In(Content.Source.asInputStream(request));
        }
        return body;
    }

    byte[] bodyBytes(long max) throws IOException {
        try (InputStream in = body(max)) {
            return in.readAllBytes();
        }
    }

    /** The body as JSON (an empty body reads as {@code {}}); 400 if it is not JSON. */
    JsonNode json() throws IOException {
        byte[] bytes = bodyBytes(hub.options().maxJsonBytes());
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw HubError.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Opens a repo for reading: private repos do not exist (404) for requests without the token. */
    DatasetRepo openReadable(gov.nersc.huggingnersc.api.RepoId id) throws IOException {
        boolean auth = authenticated();
        DatasetRepo repo = open(id, auth);
        if (repo.settings().isPrivate() && !auth) {
            repo.close();
            throw HubError.repoNotFound(id.toString());
        }
        return repo;
    }

    /** Opens a repo for writing, which needs the token. */
    DatasetRepo openWritable(gov.nersc.huggingnersc.api.RepoId id) throws IOException {
        requireToken();
        return open(id, true);
    }

    /** The repo; for the old name of a renamed one a 307 to the new, unless that is private and {@code !auth}. */
    private DatasetRepo open(gov.nersc.huggingnersc.api.RepoId id, boolean auth) throws IOException {
        var to = hub.repos().movedTo(id);
        if (to.isPresent()) {
            try (DatasetRepo moved = hub.repos().open(to.get())) {
                if (auth || !moved.settings().isPrivate()) {
                    throw HubError.moved(id, to.get(), rawPath(), rawQuery());
                }
            }
        }
        return hub.repos().open(id);
    }

    /** The base URL for absolute links in this answer. */
    String baseUrl() {
        return hub.baseUrl(header("Host"));
    }

    /** The web URL of a dataset repo, as the Hub writes it. */
    String repoUrl(gov.nersc.huggingnersc.api.RepoId id) {
        return baseUrl() + "/datasets/" + id;
    }

    /** Offset of the page a {@code cursor} parameter points at (0 without one). */
    int cursor() {
        String c = param("cursor");
        if (c == null || c.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(java.util.Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
            if (!s.startsWith("offset:")) {
                throw new IllegalArgumentException(s);
            }
            int offset = Integer.parseInt(s.substring(7));
            if (offset < 0) {
                throw new IllegalArgumentException(s);
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw HubError.badRequest("cursor '" + c + "' is not one this server handed out");
        }
    }

    /** Sets {@code Link: <this URL with the cursor of offset next>; rel="next"}. */
    void linkNext(int next) {
        String cursor = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("offset:" + next).getBytes(StandardCharsets.UTF_8));
        StringBuilder q = new StringBuilder();
        String raw = rawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                if (!pair.isEmpty() && !pair.startsWith("cursor=")) {
                    q.append(q.length() == 0 ? "" : "&").append(pair);
                }
            }
        }
        q.append(q.length() == 0 ? "" : "&").append("cursor=").append(cursor);
        setHeader("Link", "<" + baseUrl() + rawPath() + "?" + q + ">; rel=\"next\"");
    }

    void respondJson(int status, Object body) throws IOException {
        respond(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    void respond(int status, String contentType, byte[] body) throws IOException {
        drain();
        setHeader("Content-Type", contentType);
        startAnswer(status, body.length);
        if (!method().equals("HEAD") && body.length > 0) {
            try {
                Content.Sink.write(response, true, ByteBuffer.wrap(body));
            } catch (IOException e) {
                throw new ClientStreams.ClientGone(e);
            }
        }
    }

    /**
     * Sends the status and headers of an answer of {@code length} bytes (-1: not known ahead, sent in
     * chunks; none are sent for HEAD);
     * the stream takes the bytes. Writing fails with {@link ClientStreams.ClientGone} when the client stops taking them.
     */
    OutputStream answer(int status, long length) {
        startAnswer(status, length);
        return new ClientStreams.Out(Content.Sink.asOutputStream(response));
    }

    private void startAnswer(int status, long length) {
        response.setStatus(status);
        if (length >= 0) { // else the answer is sent in chunks
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        }
    }

    /** Whether the status line of the answer is already on its way (an error can then no longer be sent). */
    boolean answered() {
        return response.isCommitted();
    }

    void respondError(HubError e) throws IOException {
        if (answered()) {
            throw new IllegalStateException("the answer was already sent");
        }
        if (e.code != null) {
            setHeader("X-Error-Code", e.code);
        }
        if (e.location != null) {
            setHeader("Location", e.location);
        }
        String message = e.publicMessage();
        setErrorMessage(message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.putAll(e.extra);
        respondJson(e.status, body);
    }

    /**
     * Reads what is left of a small body, so a kept-alive connection stays in step; past 1 MiB the
     * server closes the connection instead of reading (a refused upload is not read to its end).
     */
    void drain() {
        try {
            requestBody().readNBytes(1 << 20);
        } catch (IOException | RuntimeException ignored) {
            // the client went away; nothing to keep in step
        }
    }
}
