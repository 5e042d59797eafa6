package gov.nersc.huggingnersc.api;

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
}
