package gov.nersc.huggingnersc.hub;

import gov.nersc.huggingnersc.errors.HuggingNerscException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The Hub answered with an error, or could not be reached. Carries the HTTP status (0 when no answer
 * came), the request id the Hub gave (quote it when asking Hugging Face for help), the URL and the
 * server's own message. Subclasses name the common cases; this class itself covers the rest.
 *
 * <p>The message is one line and never contains a token.
 */
public class HubException extends HuggingNerscException {
    private final int status;
    private final String requestId;
    private final URI url;
    private final String serverMessage;
    private transient Duration askedWait;

    /**
     * @param summary what went wrong, in the user's words (the status, URL and request id are added)
     * @param status the HTTP status, or 0 when no answer came
     * @param requestId the Hub's {@code X-Request-Id}, or null
     * @param method the HTTP method of the failed request
     * @param url the URL of the failed request
     * @param serverMessage the Hub's own message, or null
     */
    public HubException(String summary, int status, String requestId, String method, URI url, String serverMessage) {
        this(summary, status, requestId, method, url, serverMessage, null);
    }

    protected HubException(
            String summary,
            int status,
            String requestId,
            String method,
            URI url,
            String serverMessage,
            Throwable cause) {
        super(describe(summary, status, requestId, method, url), cause);
        this.status = status;
        this.requestId = requestId;
        this.url = url;
        this.serverMessage = serverMessage;
    }

    private static String describe(String summary, int status, String requestId, String method, URI url) {
        StringBuilder s = new StringBuilder(summary);
        s.append(" (");
        if (status > 0) {
            s.append("HTTP ").append(status).append(" from ");
        }
        s.append(method).append(' ').append(url);
        if (requestId != null) {
            s.append("; request id ").append(requestId);
        }
        s.append(')');
        return s.toString().replaceAll("[\\r\\n]+", " ");
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /** The Hub's request id ({@code X-Request-Id}), if it sent one. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** The URL of the request that failed. */
    public URI url() {
        return url;
    }

    /** The Hub's own message ({@code X-Error-Message} or the body's {@code error}), if any. */
    public Optional<String> serverMessage() {
        return Optional.ofNullable(serverMessage);
    }

    /** True for answers worth asking again: 408, 429, 5xx and lost connections. */
    public boolean retryable() {
        return status == 408;
    }

    /** Remembers the wait the Hub asked for (Retry-After, RateLimit), for the retry loop. */
    HubException askedToWait(Duration wait) {
        this.askedWait = wait;
        return this;
    }

    /** The wait the Hub asked for before asking again, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(askedWait);
    }

    Duration askedWait() {
        return askedWait;
    }

    @Override
    public Kind kind() {
        return Kind.FAILED;
    }
}
