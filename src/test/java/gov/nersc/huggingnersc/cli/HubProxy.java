package gov.nersc.huggingnersc.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of a hub: records every request, and can let someone else commit
 * first, just before it forwards one of our commits (so that ours meets a moved branch, as when
 * two people commit at once).
 */
final class HubProxy implements AutoCloseable {
  private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
      "transfer-encoding", "keep-alive");

  private final HttpServer server;
  private final String target;
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger interferences = new AtomicInteger();
  private volatile Runnable interference = () -> { };

  HubProxy(String target) throws IOException {
    this.target = target.replaceAll("/+$", "");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::forward);
    server.start();
  }

  /** The proxy's URL: give it as --endpoint. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request so far, as {@code METHOD /path?query}. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Before each of the next {@code times} commits that pass through, runs {@code someoneElse} (who commits directly). */
  void letSomeoneCommitFirst(int times, Runnable someoneElse) {
    interferences.set(times);
    interference = someoneElse;
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String pathAndQuery = ex.getRequestURI().getRawPath()
          + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
      requests.add(method + " " + pathAndQuery);
      byte[] body = ex.getRequestBody().readAllBytes();
      if (method.equals("POST") && ex.getRequestURI().getRawPath().matches("/api/datasets/.+/commit/.+")
          && interferences.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        interference.run();
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + pathAndQuery))
          .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
        if (!HOP_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
          h.getValue().forEach(v -> request.header(h.getKey(), v));
        }
      }
      HttpResponse<InputStream> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      response.headers().map().forEach((name, values) -> {
        if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.equals(":status")) {
          values.forEach(v -> ex.getResponseHeaders().add(name, v.replace(target, url())));
        }
      });
      try (InputStream in = response.body()) {
        byte[] out = in.readAllBytes();
        boolean noBody = method.equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304;
        ex.sendResponseHeaders(response.statusCode(), noBody ? -1 : out.length == 0 ? -1 : out.length);
        if (!noBody && out.length > 0) {
          try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
          }
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
