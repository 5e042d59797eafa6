package gov.nersc.huggingnersc.api;

import gov.nersc.huggingnersc.errors.HuggingNerscException;
import java.util.Optional;

/**
 * What publishing one entry of many did: its result, or why it failed.
 *
 * @param nickname the entry
 * @param result what publishing did, when it succeeded
 * @param failure why it failed, otherwise
 */
public record PublishOutcome(String nickname, Optional<PublishResult> result, Optional<HuggingNerscException> failure) {
    /** True when the entry is now published. */
    public boolean succeeded() {
        return result.isPresent();
    }
}
