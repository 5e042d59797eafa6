package gov.nersc.huggingnersc.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A loopback HTTP/1.1 proxy between a client (a {@code HubClient}, the CLI) and a real server (the
 * local hub, or any server the test started) that records every request and can put faults in
 * between: the one proxy of the tests, for counting requests on the wire, for retries and lost
 * answers, and for failing or interfering at an exact step.
 *
 * <p>It forwards each request to the target base URL over a fresh connection, keeping the client's
 * {@code Host} header, so a server that builds absolute links from {@code Host} (the local hub's
 * LFS upload URLs, {@code Link} pages) hands out links that go through the proxy too. Each
 * connection carries one exchange ({@code Connection: close}), which makes every request visible
 * and lets a fault hit exactly one of them. Rules choose the fault per request by method and path;
 * the first matching rule whose turn it is applies, otherwise the request is forwarded unchanged.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(URI.create(hub.url()))) {
 *   proxy.inject("POST", ".+/commit/main", 1, FaultProxy.Fault.loseAnswer());
 *   proxy.inject("GET", ".*", 2, FaultProxy.Fault.status(503));
 *   proxy.injectNth("PUT", ".*", 5, FaultProxy.Fault.status(410)); // the 5th PUT from now, once
 *   HubClient client = HubClient.builder().endpoint(proxy.uri())...build();
 *   ...
 *   assertThat(proxy.count("POST", ".+/commit/main")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Bodies are streamed both ways (never held whole), so multi-gigabyte uploads pass through.
 * Requests with {@code Content-Length} or {@code Transfer-Encoding: chunked} bodies are understood.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does to one request instead of forwarding it plainly. */
    public sealed interface Fault {
        /** Answers {@code status} itself, Hub style, without forwarding; {@code headers} are name, value pairs. */
        record Answer(int status, List<String> headers) implements Fault {
            public Answer {
                headers = List.copyOf(headers);
                if (headers.size() % 2 != 0) {
                    throw new IllegalArgumentException("headers are name, value pairs");
                }
            }
        }

        /** Resets the connection after reading the request, before forwarding: the server never sees it. */
        record Reset() implements Fault {}

        /** Forwards the request, reads the server's whole answer, then resets: the work is done, the answer lost. */
        record LoseAnswer() implements Fault {}

        /** Reads the request and then holds the connection open without answering until the proxy closes. */
        record Stall() implements Fault {}

        /**
         * Runs {@code action} (e.g. someone else committing to the hub directly), then forwards the
         * request plainly: the world changes at exactly that step, as when two people commit at once.
         */
        record Before(Runnable action) implements Fault {
            public Before {
                Objects.requireNonNull(action);
            }
        }

        /** Answers {@code status} (e.g. 500, 502, 503, 504) with a Hub-style error body. */
        static Fault status(int status) {
            return new Answer(status, List.of());
        }

        /**
         * A 429 that asks for {@code seconds} of patience, in both forms the Hub uses: {@code
         * Retry-After: N} and {@code RateLimit: "api";r=0;t=N}.
         */
        static Fault rateLimited(long seconds) {
            return new Answer(
                    429,
                    List.of(
                            "Retry-After",
                            Long.toString(seconds),
                            "RateLimit",
                            "\"api\";r=0;t=" + seconds,
                            "RateLimit-Policy",
                            "\"fixed window\";\"api\";q=500;w=300"));
        }

        static Fault reset() {
            return new Reset();
        }

        static Fault loseAnswer() {
            return new LoseAnswer();
        }

        static Fault stall() {
            return new Stall();
        }

        static Fault before(Runnable action) {
            return new Before(action);
        }
    }

    /**
     * One request the proxy saw.
     *
     * @param method the HTTP method
     * @param target the raw path and query, as sent
     * @param fault the fault applied, or null when it was forwarded plainly
     * @param status the status the client received (forwarded or injected), or 0 when it received none (yet)
     */
    public record Exchange(String method, String target, Fault fault, int status) {
        /** The raw path without the query. */
        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        /** {@code "METHOD /path"}, without the query. */
        public String line() {
            return method + " " + path();
        }
    }

    /** A request in the log; its status is set before the client can see it. */
    private static final class Seen {
        final String method;
        final String target;
        final Fault fault;
        volatile int status;

        Seen(String method, String target, Fault fault) {
            this.method = method;
            this.target = target;
            this.fault = fault;
        }

        Exchange exchange() {
            return new Exchange(method, target, fault, status);
        }
    }

    /** A fault for the matching requests number {@code skip + 1} to {@code skip + times}, counted from the rule's start. */
    private static final class Rule {
        final String method;
        final Pattern path;
        final long skip;
        final long times;
        final AtomicLong seen = new AtomicLong();
        final Fault fault;

        Rule(String method, String pathRegex, long skip, long times, Fault fault) {
            this.method = method;
            this.path = Pattern.compile(pathRegex);
            this.skip = skip;
            this.times = times;
            this.fault = Objects.requireNonNull(fault);
        }

        boolean take(String m, String p) {
            if ((method != null && !method.equalsIgnoreCase(m))
                    || !path.matcher(p).matches()) {
                return false;
            }
            long n = seen.incrementAndGet() - skip;
            return n >= 1 && n <= times;
        }
    }

    private final URI target;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Seen> log = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicInteger requestIds = new AtomicInteger();

    private FaultProxy(URI target, ServerSocket server) {
        this.target = target;
        this.server = server;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::accept);
    }

    /** Starts a proxy on 127.0.0.1 and a free port in front of {@code target} ({@code http://host:port}). */
    public static FaultProxy start(URI target) {
        if (!"http".equalsIgnoreCase(target.getScheme()) || target.getPort() < 0) {
            throw new IllegalArgumentException("target must be http://host:port, not " + target);
        }
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
            return new FaultProxy(target, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The proxy's base URL; give it to the client instead of the target's. */
    public URI uri() {
        return URI.create(url());
    }

    /** {@link #uri()} as text, as the CLI's {@code --endpoint} takes it and prints it. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /**
     * Applies {@code fault} to the next {@code times} requests whose method is {@code method} (null:
     * any) and whose raw path (without query) matches {@code pathRegex}. Rules apply in the order
     * they were added.
     */
    public FaultProxy inject(String method, String pathRegex, int times, Fault fault) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        rules.add(new Rule(method, pathRegex, 0, times, fault));
        return this;
    }

    /**
     * Applies {@code fault} once, to the {@code n}-th request from now on (1: the next) that matches
     * as for {@link #inject}; the matching requests before it pass (or meet later rules).
     */
    public FaultProxy injectNth(String method, String pathRegex, int n, Fault fault) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1");
        }
        rules.add(new Rule(method, pathRegex, n - 1, 1, fault));
        return this;
    }

    /** Applies {@code fault} to every matching request from now on. */
    public FaultProxy always(String method, String pathRegex, Fault fault) {
        rules.add(new Rule(method, pathRegex, 0, Long.MAX_VALUE, fault));
        return this;
    }

    /** Forgets every rule: from now on requests are forwarded plainly. */
    public FaultProxy heal() {
        rules.clear();
        return this;
    }

    /**
     * Every request seen so far, in arrival order. A request is logged when it arrives (its status is
     * 0 until the client is sent one), so the stray requests of a client that gave up are logged as
     * soon as they reach the proxy, not whenever the server gets round to answering them.
     */
    public List<Exchange> exchanges() {
        synchronized (log) {
            return log.stream().map(Seen::exchange).toList();
        }
    }

    /** Every request seen so far, in arrival order, as {@code "METHOD /path"} ({@link Exchange#line()}). */
    public List<String> requests() {
        return exchanges().stream().map(Exchange::line).toList();
    }

    /** The requests seen so far with this method (null: any) whose raw path matches {@code pathRegex}. */
    public List<Exchange> exchanges(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return exchanges().stream()
                .filter(e -> (method == null || e.method().equalsIgnoreCase(method))
                        && p.matcher(e.path()).matches())
                .toList();
    }

    /** How many requests matched, as {@link #exchanges(String, String)}. */
    public int count(String method, String pathRegex) {
        return exchanges(method, pathRegex).size();
    }

    /** Forgets the requests seen so far (rules stay). */
    public void clearLog() {
        log.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(client);
            threads.execute(() -> {
                try (client) {
                    serve(client);
                } catch (IOException e) {
                    // the client went away, or a fault closed the connection: nothing to report
                } finally {
                    open.remove(client);
                }
            });
        }
    }

    private void serve(Socket client) throws IOException {
        InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
        OutputStream out = client.getOutputStream();
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return;
        }
        String[] parts = requestLine.split(" ", 3);
        if (parts.length < 3) {
            return;
        }
        String method = parts[0];
        String requestTarget = parts[1];
        List<String> headers = readHeaders(in);
        int q = requestTarget.indexOf('?');
        String path = q < 0 ? requestTarget : requestTarget.substring(0, q);
        Fault fault = null;
        for (Rule r : rules) {
            if (r.take(method, path)) {
                fault = r.fault;
                break;
            }
        }
        Seen seen = new Seen(method, requestTarget, fault);
        log.add(seen);

        if (fault instanceof Fault.Before b) {
            b.action().run();
        }
        if (fault == null || fault instanceof Fault.Before || fault instanceof Fault.LoseAnswer) {
            boolean lose = fault instanceof Fault.LoseAnswer;
            forward(seen, headers, in, lose ? null : out);
            if (lose) {
                reset(client);
            }
            return;
        }
        copyBody(headers, in, OutputStream.nullOutputStream());
        if (fault instanceof Fault.Answer a) {
            seen.status = a.status(); // before the client can see it, as for forwarded requests
            answer(out, a);
        } else if (fault instanceof Fault.Reset) {
            reset(client);
        } else {
            try {
                closed.await(10, TimeUnit.MINUTES); // until the proxy closes; a guard against a stuck test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Sends the request to the target and relays the answer to {@code clientOut} (or, when null,
     * reads it to the end and drops it). The status is logged before the client can see the
     * answer, so a test that got its answer always finds it in the log.
     */
    private void forward(Seen seen, List<String> headers, InputStream clientIn, OutputStream clientOut)
            throws IOException {
        try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
            OutputStream up = new java.io.BufferedOutputStream(upstream.getOutputStream(), 64 * 1024);
            StringBuilder head = new StringBuilder(seen.method + " " + seen.target + " HTTP/1.1\r\n");
            for (String h : headers) {
                if (!name(h).equals("connection") && !name(h).equals("keep-alive")) {
                    head.append(h).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            up.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            copyBody(headers, clientIn, up);
            up.flush();

            InputStream down = new BufferedInputStream(upstream.getInputStream(), 64 * 1024);
            String statusLine = readLine(down);
            if (statusLine == null) {
                throw new IOException("the target closed without answering");
            }
            String[] sp = statusLine.split(" ", 3);
            int status = Integer.parseInt(sp[1]);
            List<String> answerHeaders = readHeaders(down);
            if (clientOut != null) {
                seen.status = status;
            }
            OutputStream sink = clientOut == null ? OutputStream.nullOutputStream() : clientOut;
            StringBuilder reply = new StringBuilder(statusLine).append("\r\n");
            for (String h : answerHeaders) {
                if (!name(h).equals("connection") && !name(h).equals("keep-alive")) {
                    reply.append(h).append("\r\n");
                }
            }
            reply.append("Connection: close\r\n\r\n");
            sink.write(reply.toString().getBytes(StandardCharsets.ISO_8859_1));
            // the target closes after its answer (Connection: close), so its end is the answer's end
            down.transferTo(sink);
            sink.flush();
        }
    }

    private void answer(OutputStream out, Fault.Answer a) throws IOException {
        String message = "injected by the test's fault proxy: HTTP " + a.status();
        byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 " + a.status() + " Injected\r\n");
        head.append("Content-Type: application/json\r\n");
        head.append("X-Error-Message: ").append(message).append("\r\n");
        head.append("X-Request-Id: proxy-").append(requestIds.incrementAndGet()).append("\r\n");
        for (int i = 0; i < a.headers().size(); i += 2) {
            head.append(a.headers().get(i))
                    .append(": ")
                    .append(a.headers().get(i + 1))
                    .append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Closes with a TCP reset rather than an orderly end, as a crashed peer or a middlebox does. */
    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Copies the request body (Content-Length or chunked, verbatim) from {@code in} to {@code out}. */
    private static void copyBody(List<String> headers, InputStream in, OutputStream out) throws IOException {
        String length = header(headers, "content-length");
        String encoding = header(headers, "transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    throw new IOException("request body cut short");
                }
                out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int semi = sizeLine.indexOf(';');
                long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
                if (size == 0) {
                    for (String trailer; (trailer = readLine(in)) != null; ) {
                        out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        if (trailer.isEmpty()) {
                            return;
                        }
                    }
                    return;
                }
                copyExactly(in, out, size + 2); // the data and its CRLF
            }
        }
        if (length != null) {
            copyExactly(in, out, Long.parseLong(length.strip()));
        }
    }

    /** Copies exactly {@code n} bytes (the portal stand-in serves ranges with it too). */
    static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("body cut short");
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    private static List<String> readHeaders(InputStream in) throws IOException {
        List<String> headers = new ArrayList<>();
        for (String line; (line = readLine(in)) != null && !line.isEmpty(); ) {
            headers.add(line);
        }
        return headers;
    }

    private static String header(List<String> headers, String lowerName) {
        for (String h : headers) {
            if (name(h).equals(lowerName)) {
                return h.substring(h.indexOf(':') + 1).strip();
            }
        }
        return null;
    }

    private static String name(String headerLine) {
        int colon = headerLine.indexOf(':');
        return (colon < 0 ? headerLine : headerLine.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    }

    /** One CRLF-terminated line in ISO-8859-1, without the CRLF; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > 64 * 1024) {
                throw new IOException("header line too long");
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Stops accepting, releases stalled requests and closes every connection. */
    @Override
    public void close() {
        closed.countDown();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        synchronized (open) {
            for (Socket s : open) {
                try {
                    s.close();
                } catch (IOException | RuntimeException ignored) {
                    // closing anyway
                }
            }
        }
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + uri() + " -> " + target + "]";
    }
}
