package gov.nersc.huggingnersc.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The Hub commit that published a catalog entry.
 *
 * @param commit the commit id on the Hub
 * @param time when the commit was made
 */
public record Published(String commit, Instant time) {
    public Published {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(time, "time");
    }
}
