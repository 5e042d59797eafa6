package gov.nersc.huggingnersc.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A proxy in front of a local hub that sees every request, the LFS part uploads included (the
 * hub's own URL in answers is rewritten to the proxy's, so the client comes back through it), and
 * can answer the N-th request of a kind with an error instead of forwarding it: an upload killed
 * at an exact step.
 */
final class FaultProxy implements AutoCloseable {
  private static final Set<String> NOT_COPIED = Set.of("host", "connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "keep-alive");

  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String target;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final AtomicInteger matching = new AtomicInteger();
  private volatile Predicate<String> kind = r -> false;
  private volatile int failAt;

  FaultProxy(String target) throws IOException {
    this.target = target.replaceAll("/+$", "");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "fault-proxy");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request so far, {@code "METHOD /path"}. */
  List<String> requests() {
    return new ArrayList<>(log);
  }

  /** How many requests so far start with {@code prefix} (e.g. {@code "PUT "}). */
  long count(String prefix) {
    return log.stream().filter(r -> r.startsWith(prefix)).count();
  }

  void clear() {
    log.clear();
  }

  /** The {@code n}-th request (from now) whose {@code "METHOD /path"} matches gets HTTP 410; once. */
  void failNth(Predicate<String> which, int n) {
    matching.set(0);
    failAt = n;
    kind = which;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String line = ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath();
      log.add(line);
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (kind.test(line) && matching.incrementAndGet() == failAt) {
        byte[] answer = "{\"error\": \"injected by the test proxy\"}".getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(410, answer.length);
        ex.getResponseBody().write(answer);
        return;
      }
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(target + ex.getRequestURI()))
          .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders().forEach((name, values) -> {
        if (!NOT_COPIED.contains(name.toLowerCase())) {
          values.forEach(v -> req.header(name, v));
        }
      });
      HttpResponse<byte[]> r = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      r.headers().map().forEach((name, values) -> {
        if (!NOT_COPIED.contains(name.toLowerCase()) && !name.startsWith(":")) {
          values.forEach(v -> ex.getResponseHeaders().add(name, v.replace(target, url())));
        }
      });
      byte[] out = r.body();
      String type = r.headers().firstValue("Content-Type").orElse("");
      if (type.contains("json")) {
        out = new String(out, StandardCharsets.UTF_8).replace(target, url()).getBytes(StandardCharsets.UTF_8);
      }
      boolean noBody = ex.getRequestMethod().equals("HEAD") || r.statusCode() == 204 || r.statusCode() == 304;
      ex.sendResponseHeaders(r.statusCode(), noBody || out.length == 0 ? -1 : out.length);
      if (!noBody && out.length > 0) {
        try (OutputStream o = ex.getResponseBody()) {
          o.write(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
