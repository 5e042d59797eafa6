package gov.nersc.huggingnersc.hub;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The Hub's rate limit was reached (HTTP 429) and waiting for it would exceed the retry budget. The
 * Hub counts requests over 5-minute windows; {@link #resetAt()} says when the window ends, when the
 * Hub said so ({@code RateLimit: ...;t=N} or {@code Retry-After}).
 */
public class RateLimitedException extends HubException {
    private final Instant resetAt;

    public RateLimitedException(
            String summary,
            String requestId,
            String method,
            URI url,
            String serverMessage,
            Duration retryAfter,
            Instant resetAt) {
        super(summary, 429, requestId, method, url, serverMessage, null);
        askedToWait(retryAfter);
        this.resetAt = resetAt;
    }

    /** When the Hub's rate-limit window resets, if it said. */
    public Optional<Instant> resetAt() {
        return Optional.ofNullable(resetAt);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
