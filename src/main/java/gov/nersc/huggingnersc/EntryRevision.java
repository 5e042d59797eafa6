package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.card.DatasetCard;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A catalog entry before and after an update, validated and rendered but not written.
 *
 * @param before the entry as recorded
 * @param beforeFiles the text of each file in its folder
 * @param after the entry as it becomes (its {@code published} still the old one)
 * @param content the files of the new entry but its info JSON, with the fresh card
 * @param card the fresh card, to be merged onto the one in the repo (or in the entry)
 */
record EntryRevision(
        CatalogEntry before,
        Map<String, String> beforeFiles,
        CatalogEntry after,
        Map<String, String> content,
        DatasetCard card) {
    EntryRevision {
        beforeFiles = Collections.unmodifiableMap(new LinkedHashMap<>(beforeFiles));
        content = Collections.unmodifiableMap(new LinkedHashMap<>(content));
    }
}
