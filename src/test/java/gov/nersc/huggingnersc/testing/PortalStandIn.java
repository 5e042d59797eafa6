package gov.nersc.huggingnersc.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A loopback stand-in for NERSC's public portal ({@code https://portal.nersc.gov/cfs/...}): local
 * folders served read-only over HTTP, as Apache serves a project's {@code www} directory. Files
 * answer {@code GET} and {@code HEAD} with {@code Content-Length}, {@code Last-Modified} and {@code
 * Accept-Ranges: bytes}, and a single {@code Range} with 206 (416 when it starts past the end), as
 * fsspec's streaming reads need; a folder answers with an Apache-style "Index of" page whose links
 * are relative; a folder asked for without its trailing slash is redirected to it (301).
 *
 * <pre>{@code
 * try (PortalStandIn portal = PortalStandIn.start()) {
 *   String url = portal.serve("/cfs/dasrepo/ai_ready_datasets/iris/data/", Path.of("examples/iris/data"));
 *   // url is http://127.0.0.1:PORT/cfs/dasrepo/ai_ready_datasets/iris/data/
 * }
 * }</pre>
 */
public final class PortalStandIn implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Map<String, String> TYPES = Map.of(
            "csv",
            "text/csv",
            "json",
            "application/json",
            "h5",
            "application/x-hdf5",
            "hdf5",
            "application/x-hdf5",
            "txt",
            "text/plain",
            "parquet",
            "application/vnd.apache.parquet",
            "py",
            "text/x-python");

    private final HttpServer server;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    /** URL prefix (ending in /) to folder; the longest matching prefix wins. */
    private final Map<String, Path> shares = new ConcurrentSkipListMap<>();

    private PortalStandIn(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    /** A stand-in on a free loopback port, serving nothing yet. */
    public static PortalStandIn start() {
        try {
            return new PortalStandIn(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Serves {@code folder} (and everything below it) at the URL path {@code prefix}, e.g. {@code
     * /cfs/dasrepo/ai_ready_datasets/iris/data/}; returns the folder's full URL.
     */
    public String serve(String prefix, Path folder) {
        if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("a URL prefix starts and ends with /: " + prefix);
        }
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("not a folder: " + folder);
        }
        shares.put(prefix, folder.toAbsolutePath().normalize());
        return url() + prefix.substring(1);
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain", "read-only: GET and HEAD only\n");
                return;
            }
            String path = ex.getRequestURI().getPath();
            Optional<Path> file = resolve(path);
            if (file.isEmpty() || !Files.exists(file.get())) {
                send(ex, 404, "text/html", "<html><body><h1>Not Found</h1></body></html>\n");
            } else if (Files.isDirectory(file.get()) && !path.endsWith("/")) {
                ex.getResponseHeaders().set("Location", ex.getRequestURI().getRawPath() + "/");
                send(ex, 301, "text/html", "<html><body><h1>Moved Permanently</h1></body></html>\n");
            } else if (Files.isDirectory(file.get())) {
                send(ex, 200, "text/html;charset=UTF-8", index(path, file.get()));
            } else {
                sendFile(ex, file.get());
            }
        }
    }

    /** The file a URL path names, if it is under a share; {@code ..} never climbs out of it. */
    private Optional<Path> resolve(String path) {
        String longest = null;
        for (String prefix : shares.keySet()) {
            boolean folderItself = path.equals(prefix.substring(0, prefix.length() - 1));
            if ((path.startsWith(prefix) || folderItself) && (longest == null || prefix.length() > longest.length())) {
                longest = prefix;
            }
        }
        if (longest == null) {
            return Optional.empty();
        }
        Path root = shares.get(longest);
        String rest = path.length() > longest.length() ? path.substring(longest.length()) : "";
        if (Stream.of(rest.split("/")).anyMatch(part -> part.equals("..") || part.equals("."))) {
            return Optional.empty();
        }
        Path file = root.resolve(rest).normalize();
        return file.startsWith(root) ? Optional.of(file) : Optional.empty();
    }

    private void sendFile(HttpExchange ex, Path file) throws IOException {
        long size = Files.size(file);
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", TYPES.getOrDefault(extension(file), "application/octet-stream"));
        h.set("Last-Modified", HTTP_DATE.format(Files.getLastModifiedTime(file).toInstant()));
        h.set("Accept-Ranges", "bytes");
        long first = 0;
        long last = size - 1;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        Matcher m = range == null ? null : RANGE.matcher(range.strip());
        // several ranges, or one we cannot read, get the whole file, as RFC 9110 allows
        if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
            if (m.group(1).isEmpty()) { // bytes=-N: the last N bytes
                first = Math.max(0, size - Long.parseLong(m.group(2)));
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
            }
            if (first >= size || first > last) {
                h.set("Content-Range", "bytes */" + size);
                send(ex, 416, "text/plain", "range not satisfiable: " + range + " of " + size + " bytes\n");
                return;
            }
            status = 206;
            h.set("Content-Range", "bytes " + first + "-" + last + "/" + size);
        }
        long length = last - first + 1;
        h.set("Content-Length", Long.toString(length));
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, length == 0 ? -1 : length);
        try (InputStream in = Files.newInputStream(file);
                OutputStream out = ex.getResponseBody()) {
            in.skipNBytes(first);
            FaultProxy.copyExactly(in, out, length);
        }
    }

    /** Apache's "Index of" page: a table of relative links, folders with a trailing slash, the parent first. */
    private static String index(String urlPath, Path folder) throws IOException {
        StringBuilder rows = new StringBuilder();
        rows.append(
                "<tr><td><a href=\"../\">Parent Directory</a></td><td>&nbsp;</td><td align=\"right\">-</td></tr>\n");
        List<Path> children;
        try (Stream<Path> list = Files.list(folder)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            boolean dir = Files.isDirectory(child);
            String name = child.getFileName().toString() + (dir ? "/" : "");
            String href = URLEncoder.encode(child.getFileName().toString(), StandardCharsets.UTF_8)
                            .replace("+", "%20")
                    + (dir ? "/" : "");
            String modified = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
                    .withZone(ZoneOffset.UTC)
                    .format(Files.getLastModifiedTime(child).toInstant());
            rows.append("<tr><td><a href=\"")
                    .append(href)
                    .append("\">")
                    .append(escape(name))
                    .append("</a></td><td align=\"right\">")
                    .append(modified)
                    .append("</td><td align=\"right\">")
                    .append(dir ? "-" : Long.toString(Files.size(child)))
                    .append("</td></tr>\n");
        }
        String title = "Index of " + escape(URLDecoder.decode(urlPath, StandardCharsets.UTF_8));
        return "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n<html>\n <head>\n  <title>" + title
                + "</title>\n </head>\n <body>\n<h1>" + title + "</h1>\n<table>\n"
                + "<tr><th>Name</th><th>Last modified</th><th>Size</th></tr>\n" + rows + "</table>\n</body></html>\n";
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            ex.getResponseBody().write(bytes);
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
