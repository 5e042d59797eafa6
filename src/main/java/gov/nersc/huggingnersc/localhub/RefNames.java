package gov.nersc.huggingnersc.localhub;

import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.lib.Repository;

/** The names the local hub accepts for branches and tags: git's rules, and what its file system can hold. */
final class RefNames {
    private RefNames() {}

    /** Longest ref name part: a file name on every file system the hub runs on. */
    private static final int MAX_REF_PART_BYTES = 200;

    /**
     * Why {@code ref} cannot name a ref in this repository, or null. Refs are files here, so beyond
     * git's rules a name must be whole Unicode (an unpaired surrogate has no file name) and each part
     * short enough for the file system; otherwise the file system, not the client, would fail.
     */
    static String problem(String ref) {
        if (!Repository.isValidRefName(ref)) {
            return "'" + ref + "' is not a valid git reference name";
        }
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < ref.length() && Character.isLowSurrogate(ref.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "'" + ref + "' holds an unpaired surrogate, which is not a character";
            }
        }
        for (String part : ref.split("/")) {
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_REF_PART_BYTES) {
                return "reference name part '" + part.substring(0, 20) + "...' is too long; at most "
                        + MAX_REF_PART_BYTES + " bytes";
            }
        }
        return null;
    }
}
