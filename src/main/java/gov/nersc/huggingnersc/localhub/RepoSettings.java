package gov.nersc.huggingnersc.localhub;

import java.time.Instant;

/**
 * What the Hub keeps about a repo outside git, stored in the bare repo's own config (section
 * {@code huggingnersc}).
 *
 * @param id the repo's 24-hex id (the Hub's {@code _id})
 * @param isPrivate whether only token holders may see it
 * @param gated {@code "false"}, {@code "auto"} or {@code "manual"}
 * @param createdAt when it was created
 */
record RepoSettings(String id, boolean isPrivate, String gated, Instant createdAt) {

    /** {@code gated} as the Hub's JSON has it: {@code false} or the mode string. */
    Object gatedJson() {
        return "false".equals(gated) ? Boolean.FALSE : gated;
    }

    RepoSettings withPrivate(boolean value) {
        return new RepoSettings(id, value, gated, createdAt);
    }

    RepoSettings withGated(String value) {
        return new RepoSettings(id, isPrivate, value, createdAt);
    }
}
