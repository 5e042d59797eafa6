package gov.nersc.huggingnersc.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code TokenStore.save} did.
 *
 * @param endpoint the Hub the token is for
 * @param name the name the token is saved under
 * @param written the files written; empty when the token was saved and active already
 * @param replacedName the name of the active token it replaced, which stays saved
 * @param replacedUnnamed true when it replaced an active token saved under no name (forced)
 * @param renewed true when another token was saved under the same name before
 */
public record TokenSaved(
        String endpoint,
        String name,
        List<Path> written,
        Optional<String> replacedName,
        boolean replacedUnnamed,
        boolean renewed) {
    public TokenSaved {
        written = List.copyOf(written);
    }

    /** What changed besides saving, one line each, for the user. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        replacedName.ifPresent(old -> notes.add("replaced the active token `" + old + "`; it stays saved: "
                + "`huggingnersc auth switch " + old + "` goes back to it"));
        if (replacedUnnamed) {
            notes.add("replaced the active token, which was saved under no name (--force)");
        }
        if (renewed) {
            notes.add("replaced the token saved as `" + name + "` before");
        }
        return notes;
    }
}
