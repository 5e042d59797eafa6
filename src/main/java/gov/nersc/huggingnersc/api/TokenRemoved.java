package gov.nersc.huggingnersc.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code TokenStore.logout} did.
 *
 * @param endpoint the Hub the token was for
 * @param name the name of the token removed, when it had one
 * @param wasActive true when the active token was removed
 * @param written the files changed; empty when there was nothing to remove
 */
public record TokenRemoved(String endpoint, Optional<String> name, boolean wasActive, List<Path> written) {
    public TokenRemoved {
        written = List.copyOf(written);
    }
}
