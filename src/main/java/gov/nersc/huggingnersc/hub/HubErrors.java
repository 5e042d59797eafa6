package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.HubToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the Hub's error answers into our exceptions: the {@link HubException} subclass by status and
 * {@code X-Error-Code}, the Hub's own message (never showing the token), the wait it asked for, and
 * what to do about a refused token. As huggingface_hub's {@code hf_raise_for_status}.
 */
final class HubErrors {
    private static final Pattern RATE_LIMIT_RESET = Pattern.compile("(?:^|;)\\s*t\\s*=\\s*(\\d+)");
    private static final Pattern RATE_LIMIT_REMAINING = Pattern.compile("(?:^|;)\\s*r\\s*=\\s*(\\d+)");

    private final URI endpoint;
    private final Optional<HubToken> token;
    private final Clock clock;

    HubErrors(URI endpoint, Optional<HubToken> token, Clock clock) {
        this.endpoint = endpoint;
        this.token = token;
        this.clock = clock;
    }

    /** The exception for an error answer, chosen by status and {@code X-Error-Code}. */
    HubException map(int status, HttpResponse<?> response, String method, URI uri, String body) {
        String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
        String code = response.headers().firstValue("X-Error-Code").orElse("");
        String message = redact(serverMessage(response, body));
        String says = message == null ? "" : ": " + message;
        switch (code) {
            case "RepoNotFound":
                return new RepoNotFoundException(
                        "repo not found, or not visible to " + tokenDescription() + says,
                        status,
                        requestId,
                        method,
                        uri,
                        message);
            case "RevisionNotFound":
                return new RevisionNotFoundException(
                        "revision not found" + says, status, requestId, method, uri, message);
            case "EntryNotFound":
                return new EntryNotFoundException(
                        "file or folder not found" + says, status, requestId, method, uri, message);
            case "GatedRepo":
                return new GatedRepoException(
                        "the repo is gated; ask its owners for access with the account of " + tokenDescription() + says,
                        status,
                        requestId,
                        method,
                        uri,
                        message);
            default:
                break;
        }
        if (status == 401 || status == 403) {
            return new UnauthorizedException(unauthorizedHint(status) + says, status, requestId, method, uri, message);
        }
        if (status == 400) {
            return new HubBadRequestException(
                    "the Hub refused the request" + says, status, requestId, method, uri, message);
        }
        if (status == 409) {
            return new HubConflictException("conflict" + says, status, requestId, method, uri, message);
        }
        if (status == 412) {
            return new PreconditionFailedException(
                    "the branch moved since the commit was prepared" + says, status, requestId, method, uri, message);
        }
        Duration asked = retryAfter(response);
        if (status == 429) {
            Instant resetAt = asked == null ? null : clock.instant().plus(asked);
            return new RateLimitedException(
                    "rate limited by the Hub" + (resetAt == null ? "" : "; the limit resets at " + resetAt) + says,
                    requestId,
                    method,
                    uri,
                    message,
                    asked,
                    resetAt);
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
        String what = status == 401
                ? "the token from " + t.source() + " was refused"
                : "the token from " + t.source() + " is not allowed to do this (it may be read-only, or lack access to "
                        + "the organization)";
        if (t.isFromEnvironment()) {
            return what + "; " + t.source()
                    + " is used before any saved token: set it to a valid write token, or unset " + "it and run `"
                    + login + "`";
        }
        if (t.isFromTokenPathVariable()) {
            return what + "; the file " + HubToken.TOKEN_PATH_VARIABLE
                    + " names is used before the saved tokens: put a " + "valid write token in it, or unset "
                    + HubToken.TOKEN_PATH_VARIABLE + " and run `" + login + "`";
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
            JsonNode json = Transport.JSON.readTree(body);
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
                    String m = item.isTextual()
                            ? item.asText()
                            : item.path("message").asText("");
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
}
