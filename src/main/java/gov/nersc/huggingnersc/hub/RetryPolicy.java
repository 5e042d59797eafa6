package gov.nersc.huggingnersc.hub;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long {@link HubClient} waits before asking again after 408, 429, 5xx or a lost
 * connection: exponential backoff from {@code initialDelay}, doubling up to {@code maxDelay}, each
 * wait shortened by a random share of up to {@code jitter} (so many clients do not retry in step),
 * and never shorter than what the Hub asked for ({@code Retry-After}, {@code RateLimit t=}). Gives up
 * after {@code maxAttempts} attempts or when the next wait would pass {@code maxTotal}.
 *
 * @param maxAttempts attempts in all, including the first (1 means no retry)
 * @param initialDelay wait before the second attempt
 * @param maxDelay the longest backoff wait (a wait the Hub asks for may be longer)
 * @param maxTotal the longest time from the first attempt to the last
 * @param jitter the share (0 to 1) of each backoff wait that is random
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, Duration maxTotal, double jitter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0 and 1");
        }
    }

    /** Six attempts, 1 s doubling to 8 s (as huggingface_hub does), at most 5 minutes in all. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(5), 0.25);
    }

    /** One attempt, no retry. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
    }

    /**
     * The wait before attempt {@code failedAttempt + 1}.
     *
     * @param failedAttempt the attempt that just failed, from 1
     * @param asked what the Hub asked for, or null
     */
    Duration delayAfter(int failedAttempt, Duration asked) {
        long base = initialDelay.toMillis();
        for (int i = 1; i < failedAttempt && base < maxDelay.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, maxDelay.toMillis());
        long jittered =
                base - (long) (base * jitter * ThreadLocalRandom.current().nextDouble());
        Duration backoff = Duration.ofMillis(jittered);
        return asked != null && asked.compareTo(backoff) > 0 ? asked : backoff;
    }
}
