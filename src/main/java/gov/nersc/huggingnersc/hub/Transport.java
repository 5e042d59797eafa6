package gov.nersc.huggingnersc.hub;

import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.HubToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.api.Version;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends one logical request to the Hub: adds the User-Agent and (to the Hub's own origin only) the
 * token, follows redirects, turns error answers into {@link HubException}s and retries what may be
 * retried under the {@link RetryPolicy}. Everything on the wire goes through here.
 */
final class Transport {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final Pattern RATE_LIMIT_RESET = Pattern.compile("(?:^|;)\\s*t\\s*=\\s*(\\d+)");
  private static final Pattern RATE_LIMIT_REMAINING = Pattern.compile("(?:^|;)\\s*r\\s*=\\s*(\\d+)");

  private final HttpClient http;
  private final URI endpoint;
  private final Optional<HubToken> token;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Duration requestTimeout;
  private final Consumer<String> retryNotices;

  Transport(HttpClient http, URI endpoint, Optional<HubToken> token, RetryPolicy retry, Sleeper sleeper,
      Clock clock, Duration requestTimeout, Consumer<String> retryNotices) {
    this.http = http;
    this.endpoint = endpoint;
    this.token = token;
    this.retry = retry;
    this.sleeper = sleeper;
    this.clock = clock;
    this.requestTimeout = requestTimeout;
    this.retryNotices = retryNotices;
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
  record Call(String method, URI uri, BodyPublisher body, Map<String, String> headers, boolean auth,
      boolean retryable, Duration timeout) {

    static Call get(URI uri) {
      return new Call("GET", uri, null, Map.of(), true, true, null);
    }

    static Call json(String method, URI uri, Object body) {
      return new Call(method, uri, BodyPublishers.ofByteArray(toJson(body)),
          Map.of("Content-Type", "application/json"), true, true, null);
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
    retryNotices.accept(String.format(Locale.ROOT, "retrying in %.1f s (attempt %d of %d): %s",
        wait.toMillis() / 1000.0, failedAttempt + 1, retry.maxAttempts(), failure.getMessage()));
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
        response = http.send(request(call, method, uri, body), HttpResponse.BodyHandlers.ofInputStream());
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
          throw mapError(status, response, method, uri, "too many redirects");
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
        throw mapError(status, response, method, uri, text);
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
      return new HubConnectionException("connection refused: is `hub serve` running on " + uri.getHost() + ":"
          + port(uri) + "?", method, uri, e, false);
    }
    return new HubConnectionException("no answer from the Hub: " + HubConnectionException.whatHappened(e, uri),
        method, uri, e);
  }

  /** True for loopback and for the addresses of this machine's own interfaces. */
  static boolean isThisMachine(String host) {
    if (HubClient.isLoopback(host)) {
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
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
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

  /** The exception for an error answer, chosen by status and {@code X-Error-Code}. */
  HubException mapError(int status, HttpResponse<?> response, String method, URI uri, String body) {
    String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
    String code = response.headers().firstValue("X-Error-Code").orElse("");
    String message = redact(serverMessage(response, body));
    String says = message == null ? "" : ": " + message;
    switch (code) {
      case "RepoNotFound":
        return new RepoNotFoundException("repo not found, or not visible to "
            + tokenDescription() + says, status, requestId, method, uri, message);
      case "RevisionNotFound":
        return new RevisionNotFoundException("revision not found" + says, status, requestId, method, uri, message);
      case "EntryNotFound":
        return new EntryNotFoundException("file or folder not found" + says, status, requestId, method, uri,
            message);
      case "GatedRepo":
        return new GatedRepoException("the repo is gated; ask its owners for access with the account of "
            + tokenDescription() + says, status, requestId, method, uri, message);
      default:
        break;
    }
    if (status == 401 || status == 403) {
      return new UnauthorizedException(unauthorizedHint(status) + says, status, requestId, method, uri, message);
    }
    if (status == 400) {
      return new HubBadRequestException("the Hub refused the request" + says, status, requestId, method, uri,
          message);
    }
    if (status == 409) {
      return new HubConflictException("conflict" + says, status, requestId, method, uri, message);
    }
    if (status == 412) {
      return new PreconditionFailedException("the branch moved since the commit was prepared" + says, status,
          requestId, method, uri, message);
    }
    Duration asked = retryAfter(response);
    if (status == 429) {
      Instant resetAt = asked == null ? null : clock.instant().plus(asked);
      return new RateLimitedException("rate limited by the Hub"
          + (resetAt == null ? "" : "; the limit resets at " + resetAt) + says,
          requestId, method, uri, message, asked, resetAt);
    }
    if (status >= 500) {
      return new HubServerErrorException("the Hub failed" + says, status, requestId, method, uri, message)
          .askedToWait(asked);
    }
    if (status == 408) {
      return new HubException("the Hub timed out" + says, status, requestId, method, uri, message)
          .askedToWait(asked);
    }
    return new HubException("the Hub answered " + status + says, status, requestId, method, uri, message);
  }

  /**
   * The wait the Hub asked for: {@code RateLimit: "api";r=0;t=N} (when nothing remains), else a
   * numeric {@code Retry-After}. HTTP-date forms are ignored.
   */
  static Duration retryAfter(HttpResponse<?> response) {
    Optional<String> rateLimit = response.headers().firstValue("RateLimit");
    if (rateLimit.isPresent()) {
      Matcher reset = RATE_LIMIT_RESET.matcher(rateLimit.get());
      Matcher remaining = RATE_LIMIT_REMAINING.matcher(rateLimit.get());
      if (reset.find() && (!remaining.find() || remaining.group(1).equals("0"))) {
        return Duration.ofSeconds(Long.parseLong(reset.group(1)));
      }
    }
    Optional<String> retryAfter = response.headers().firstValue("Retry-After");
    if (retryAfter.isPresent() && retryAfter.get().strip().matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(retryAfter.get().strip()));
    }
    return null;
  }

  /** Why the Hub said 401 or 403, naming where the token came from and what would change it. */
  private String unauthorizedHint(int status) {
    String login = TokenSources.loginCommand(HubEndpoint.of(endpoint).url());
    if (token.isEmpty()) {
      return "this needs a Hub token and none was found; run `" + login + "` or set HF_TOKEN";
    }
    HubToken t = token.get();
    String what = status == 401 ? "the token from " + t.source() + " was refused"
        : "the token from " + t.source() + " is not allowed to do this (it may be read-only, or lack access to "
            + "the organization)";
    if (t.isFromEnvironment()) {
      return what + "; " + t.source() + " is used before any saved token: set it to a valid write token, or unset "
          + "it and run `" + login + "`";
    }
    if (t.isFromTokenPathVariable()) {
      return what + "; the file " + HubToken.TOKEN_PATH_VARIABLE + " names is used before the saved tokens: put a "
          + "valid write token in it, or unset " + HubToken.TOKEN_PATH_VARIABLE + " and run `" + login + "`";
    }
    return what + "; run `" + login + "` to save a valid write token in its place";
  }

  private String tokenDescription() {
    return token.map(t -> "the token from " + t.source()).orElse("anonymous requests (no token found)");
  }

  /** The Hub's message: {@code X-Error-Message}, else the body's {@code error}/{@code message}/{@code errors}. */
  private static String serverMessage(HttpResponse<?> response, String body) {
    Optional<String> header = response.headers().firstValue("X-Error-Message");
    if (header.isPresent() && !header.get().isBlank()) {
      return oneLine(header.get());
    }
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode json = JSON.readTree(body);
      String fromJson = messages(json);
      if (fromJson != null) {
        return oneLine(fromJson);
      }
    } catch (IOException notJson) {
      // a text body is the message itself
    }
    String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    return type.startsWith("text/html") ? null : oneLine(body);
  }

  /** Messages in a JSON error body: {@code error} (text or list), {@code message}, {@code errors[].message}. */
  static String messages(JsonNode json) {
    if (json == null || !json.isObject()) {
      return null;
    }
    for (String field : new String[] {"error", "message", "errors"}) {
      JsonNode v = json.get(field);
      if (v == null || v.isNull()) {
        continue;
      }
      if (v.isTextual()) {
        return v.asText();
      }
      if (v.isArray()) {
        StringBuilder s = new StringBuilder();
        for (JsonNode item : v) {
          String m = item.isTextual() ? item.asText() : item.path("message").asText("");
          if (!m.isEmpty()) {
            s.append(s.length() > 0 ? "; " : "").append(m);
          }
        }
        if (s.length() > 0) {
          return s.toString();
        }
      }
    }
    return null;
  }

  /** The server could echo what we sent; the token must still never reach a message. */
  private String redact(String message) {
    if (message == null || token.isEmpty()) {
      return message;
    }
    return message.replace(token.get().value(), "<redacted>");
  }

  static String oneLine(String s) {
    String line = s.replaceAll("\\s+", " ").strip();
    return line.length() > 500 ? line.substring(0, 500) + "..." : line;
  }

  private static String oneLine(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " " + oneLine(m));
  }

  Clock clock() {
    return clock;
  }
}
