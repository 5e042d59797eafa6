package gov.nersc.huggingnersc.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code verify} found.
 *
 * @param entry the entry checked
 * @param data the data path, permission and manifest checks
 * @param manifestProblems what is wrong with the recorded manifest itself (its file is missing, or its
 *     root digest is not the one the entry recorded); empty when it is fine or there is none
 * @param link the download link's answer, when it was asked ({@code --check-links}) and the entry has one
 */
public record VerifyResult(
        CatalogEntry entry, Verification data, List<String> manifestProblems, Optional<LinkCheck> link) {
    public VerifyResult {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(data, "data");
        manifestProblems = List.copyOf(manifestProblems);
        Objects.requireNonNull(link, "link");
    }

    /** True when every check made found nothing wrong. */
    public boolean holds() {
        return data.holds()
                && manifestProblems.isEmpty()
                && link.map(LinkCheck::ok).orElse(true);
    }
}
