package gov.nersc.huggingnersc.localhub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Raw HTTP calls to a local hub from tests, with or without its token. */
final class HubHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private final HttpClient client = HttpClient.newHttpClient();
    final String url;
    final String token;

    HubHttp(LocalHub hub) {
        this.url = hub.url();
        this.token = hub.token();
    }

    /** A response with its body as text and, when it is JSON, parsed. */
    record Answer(int status, HttpResponse<byte[]> http) {
        String text() {
            return new String(http.body(), StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return JSON.readTree(http.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }

        String header(String name) {
            return http.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    HttpRequest.Builder request(String pathOrUrl, boolean auth) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : url + pathOrUrl));
        if (auth) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    Answer send(HttpRequest.Builder b) {
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer get(String path) {
        return send(request(path, true).GET());
    }

    Answer getAnonymous(String path) {
        return send(request(path, false).GET());
    }

    Answer post(String path, Object body) {
        return send(request(path, true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    Answer put(String path, Object body) {
        return send(request(path, true)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    Answer createRepo(String id, boolean isPrivate) {
        String[] p = id.split("/");
        return post(
                "/api/repos/create",
                Map.of("name", p[1], "organization", p[0], "type", "dataset", "private", isPrivate));
    }

    /** A commit of NDJSON lines: the header, then {@code ops} as {key, value} pairs. */
    Answer commit(String id, String rev, Map<String, Object> header, List<Map<String, Object>> ops) {
        List<String> lines = new ArrayList<>();
        lines.add(toJson(Map.of("key", "header", "value", header)));
        ops.forEach(o -> lines.add(toJson(o)));
        return send(request("/api/datasets/" + id + "/commit/" + rev, true)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines))));
    }

    /** A page, asked for as a browser asks. */
    Answer page(String path, boolean auth) {
        return send(request(path, auth).header("Accept", BROWSER_ACCEPT).GET());
    }

    /** Creates the repo and commits {@code ops} (see {@link #file}, {@link #lfsFile}) to main. */
    void publish(String id, boolean isPrivate, List<Map<String, Object>> ops) {
        Answer created = createRepo(id, isPrivate);
        Answer c = commit(id, "main", Map.of("summary", "add files"), ops);
        if (created.status() != 200 || c.status() != 200) {
            throw new AssertionError("publishing " + id + ": " + created + " / " + c);
        }
    }

    /**
     * Uploads {@code content} to the repo's LFS store (batch API, basic transfer) and answers the
     * commit operation that adds it at {@code path} as an LFS file.
     */
    Map<String, Object> lfsFile(String id, String path, byte[] content) {
        String oid = java.util.HexFormat.of().formatHex(LfsStore.sha256().digest(content));
        Answer batch = post(
                "/datasets/" + id + ".git/info/lfs/objects/batch",
                Map.of(
                        "operation",
                        "upload",
                        "transfers",
                        List.of("basic"),
                        "objects",
                        List.of(Map.of("oid", oid, "size", content.length))));
        String href = batch.json().at("/objects/0/actions/upload/href").asText();
        Answer put = send(request(href, true).PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        if (put.status() != 200) {
            throw new AssertionError("LFS upload of " + path + ": " + put);
        }
        return Map.of(
                "key", "lfsFile", "value", Map.of("path", path, "algo", "sha256", "oid", oid, "size", content.length));
    }

    static Map<String, Object> file(String path, String content) {
        return Map.of(
                "key",
                "file",
                "value",
                Map.of(
                        "path",
                        path,
                        "encoding",
                        "base64",
                        "content",
                        Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))));
    }

    static Map<String, Object> op(String key, String path) {
        return Map.of("key", key, "value", Map.of("path", path));
    }

    /** The head commit of {@code main}. */
    String head(String id) {
        return get("/api/datasets/" + id + "/revision/main?expand=sha")
                .json()
                .get("sha")
                .asText();
    }

    /** All items of a paged listing, following absolute {@code Link} headers; counts pages in {@code pages}. */
    List<JsonNode> allPages(String path, List<String> pages) {
        List<JsonNode> out = new ArrayList<>();
        String next = path;
        while (next != null) {
            pages.add(next);
            Answer a = get(next);
            if (a.status() != 200) {
                throw new AssertionError(next + " answered " + a);
            }
            a.json().forEach(out::add);
            String link = a.header("Link");
            next = link == null ? null : link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        }
        return out;
    }

    static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
