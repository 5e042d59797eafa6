package gov.nersc.huggingnersc;

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
import java.util.function.Predicate;

/**
 * A recording proxy in front of a hub (the local hub in tests): forwards every request, logs it as
 * {@code "METHOD /path"}, and can answer chosen requests with an error instead of forwarding them
 * (a failure injected at an exact step).
 */
public final class HubProxy implements AutoCloseable {
  private static final Set<String> NOT_COPIED = Set.of("host", "connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "keep-alive");

  private final HttpServer server;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final String target;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private volatile Predicate<String> failing = r -> false;
  private volatile int failStatus;

  private HubProxy(String target) throws IOException {
    this.target = target.replaceAll("/+$", "");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A proxy on 127.0.0.1 and a free port in front of {@code target} ({@code http://host:port}). */
  public static HubProxy start(String target) throws IOException {
    return new HubProxy(target);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request so far, {@code "METHOD /path"} without the query. */
  public List<String> requests() {
    return new ArrayList<>(log);
  }

  public void clear() {
    log.clear();
  }

  /** From now on, requests whose {@code "METHOD /path"} matches get {@code status} and are not forwarded. */
  public void fail(Predicate<String> which, int status) {
    failStatus = status;
    failing = which;
  }

  /** Forward everything again. */
  public void heal() {
    failing = r -> false;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String line = ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath();
      log.add(line);
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (failing.test(line)) {
        byte[] answer = "{\"error\": \"injected by the test proxy\"}".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(failStatus, answer.length);
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
      boolean noBody = ex.getRequestMethod().equals("HEAD") || r.statusCode() == 204 || r.statusCode() == 304;
      ex.sendResponseHeaders(r.statusCode(), noBody ? -1 : r.body().length == 0 ? -1 : r.body().length);
      if (!noBody && r.body().length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(r.body());
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
