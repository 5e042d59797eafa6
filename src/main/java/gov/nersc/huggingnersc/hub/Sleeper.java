package gov.nersc.huggingnersc.hub;

import java.time.Duration;

/** Waits between retries. Tests give {@link HubClient} one that only records, so they never wait. */
@FunctionalInterface
public interface Sleeper {
    /** The real one: {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
