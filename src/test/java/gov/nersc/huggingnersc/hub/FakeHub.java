package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for the Hub that answers what a test programs, logs every request, and can
 * misbehave on demand: drop the connection without answering, or stall until the test ends. It
 * knows nothing of the Hub itself; the tests say what each answer is.
 */
public final class FakeHub implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it. */
    public record Request(
            String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The NDJSON lines of a commit body. */
        public List<JsonNode> ndjson() {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : text().split("\n")) {
                if (!line.isBlank()) {
                    try {
                        lines.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return lines;
        }

        /** Every value of a query parameter, decoded. */
        public List<String> query(String name) {
            List<String> values = new ArrayList<>();
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    if (k.equals(name)) {
                        values.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                    }
                }
            }
            return values;
        }
    }

    /** What to answer. */
    public record Reply(int status, Map<String, String> headers, byte[] body, boolean dropped, boolean stalled) {
        public static Reply json(int status, String json) {
            return new Reply(
                    status,
                    Map.of("Content-Type", "application/json"),
                    json.getBytes(StandardCharsets.UTF_8),
                    false,
                    false);
        }

        public static Reply json(int status, JsonNode json) {
            return json(status, json.toString());
        }

        public static Reply bytes(int status, byte[] body) {
            return new Reply(status, Map.of(), body, false, false);
        }

        public static Reply status(int status) {
            return new Reply(status, Map.of(), new byte[0], false, false);
        }

        /** A Hub-style error: status, {@code X-Error-Code}, {@code X-Error-Message} and {@code {"error": ...}}. */
        public static Reply error(int status, String code, String message) {
            Reply r = json(status, JSON.createObjectNode().put("error", message));
            r = r.header("X-Error-Message", message);
            return code == null ? r : r.header("X-Error-Code", code);
        }

        /** Close the connection without answering, after reading the request. */
        public static Reply drop() {
            return new Reply(0, Map.of(), new byte[0], true, false);
        }

        /** Never answer (until the fake hub is closed). */
        public static Reply stall() {
            return new Reply(0, Map.of(), new byte[0], false, true);
        }

        public Reply header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body, dropped, stalled);
        }
    }

    private record Route(String method, Pattern path, Function<Request, Reply> handler) {}

    private record Once(String method, Pattern path, Deque<Reply> replies) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<Once> onces = new CopyOnWriteArrayList<>();
    private final List<Request> log = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger ids = new AtomicInteger();

    public FakeHub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public String url(String path) {
        return uri() + path;
    }

    /** Answers every matching request with {@code handler}; a later registration wins. */
    public FakeHub on(String method, String pathRegex, Function<Request, Reply> handler) {
        routes.add(0, new Route(method, Pattern.compile(pathRegex), handler));
        return this;
    }

    /** Answers the next matching requests with these replies, in order, before any {@link #on} route. */
    public FakeHub once(String method, String pathRegex, Reply... replies) {
        onces.add(new Once(method, Pattern.compile(pathRegex), new ArrayDeque<>(List.of(replies))));
        return this;
    }

    public List<Request> requests() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    public List<Request> requests(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return requests().stream()
                .filter(r -> r.method().equals(method) && p.matcher(r.rawPath()).matches())
                .toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI u = ex.getRequestURI();
        Request req = new Request(
                ex.getRequestMethod(), u.getRawPath(), u.getRawQuery(), Map.copyOf(ex.getRequestHeaders()), body);
        log.add(req);
        Reply reply = replyFor(req);
        if (reply.dropped()) {
            ex.close();
            return;
        }
        if (reply.stalled()) {
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        reply.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("X-Request-Id", "req-" + ids.incrementAndGet());
        boolean noBody = reply.body().length == 0 || req.method().equals("HEAD");
        if (noBody && reply.body().length > 0) {
            ex.getResponseHeaders().add("Content-Length", Integer.toString(reply.body().length));
        }
        ex.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            ex.getResponseBody().write(reply.body());
        }
        ex.close();
    }

    private Reply replyFor(Request req) {
        for (Once o : onces) {
            if (o.method().equals(req.method())
                    && o.path().matcher(req.rawPath()).matches()) {
                synchronized (o.replies()) {
                    Reply r = o.replies().poll();
                    if (r != null) {
                        return r;
                    }
                }
            }
        }
        for (Route r : routes) {
            if (r.method().equals(req.method())
                    && r.path().matcher(req.rawPath()).matches()) {
                return r.handler().apply(req);
            }
        }
        return Reply.error(404, null, "no route for " + req.method() + " " + req.rawPath());
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
