package gov.nersc.huggingnersc.api;

import gov.nersc.huggingnersc.hub.HubConnectionException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * The answer of a public download link to a {@code HEAD} request (redirects followed): what a
 * steward's cron job needs to know about whether people can still fetch the data.
 *
 * @param url the link asked
 * @param status the final HTTP status, or 0 when no answer came
 * @param problem why the link does not hold (an error status, a timeout, a refused connection);
 *     empty when it answered 2xx
 */
public record LinkCheck(String url, int status, Optional<String> problem) {
  /** How long one attempt may take. */
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** True when the link answered with a 2xx status. */
  public boolean ok() {
    return problem.isEmpty();
  }

  /**
   * Asks {@code url} with {@code HEAD}, following redirects, with a short timeout; a connection
   * failure, a timeout or a 5xx is tried once more, since one lost packet is not a broken link.
   */
  public static LinkCheck head(String url, Duration timeout) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return new LinkCheck(url, 0, Optional.of("not a URL: " + e.getMessage()));
    }
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(timeout).build();
    HttpRequest request = HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
        .timeout(timeout).header("User-Agent", "huggingnersc-verify").build();
    LinkCheck last = null;
    for (int attempt = 1; attempt <= 2; attempt++) {
      last = once(client, request, url);
      if (last.ok() || (last.status() >= 400 && last.status() < 500)) {
        return last;
      }
    }
    return last;
  }

  private static LinkCheck once(HttpClient client, HttpRequest request, String url) {
    try {
      int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return new LinkCheck(url, status, status >= 200 && status < 300 ? Optional.empty()
          : Optional.of("answered HTTP " + status));
    } catch (HttpTimeoutException e) {
      return new LinkCheck(url, 0, Optional.of("no answer within " + request.timeout().orElse(TIMEOUT).toSeconds()
          + " s"));
    } catch (IOException e) {
      return new LinkCheck(url, 0, Optional.of("cannot connect: " + HubConnectionException.whatHappened(e,
          request.uri())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new LinkCheck(url, 0, Optional.of("interrupted"));
    }
  }
}
