package gov.nersc.huggingnersc.api;

import java.util.List;

/**
 * What a catalog holds, read leniently.
 *
 * @param entries the readable entries, by nickname
 * @param damaged one line for each entry that could not be read, naming its file and what is wrong
 */
public record CatalogContents(List<CatalogEntry> entries, List<String> damaged) {
    public CatalogContents {
        entries = List.copyOf(entries);
        damaged = List.copyOf(damaged);
    }
}
