package gov.nersc.huggingnersc.api;

import java.util.List;

/**
 * What {@code HuggingNersc.listRemote} found besides the repos it handed out one by one.
 *
 * @param org the organization listed
 * @param endpoint the Hub asked
 * @param repos how many repos the Hub listed
 * @param withoutRepo catalog entries of this organization and endpoint whose repo the Hub did not
 *     list; only known when the listing was not filtered (else empty, see {@code filtered})
 * @param filtered true when a tag or search text narrowed the Hub's listing
 * @param damaged one line for each catalog entry that could not be read
 */
public record RemoteListing(
        String org,
        String endpoint,
        int repos,
        List<CatalogEntry> withoutRepo,
        boolean filtered,
        List<String> damaged) {
    public RemoteListing {
        withoutRepo = List.copyOf(withoutRepo);
        damaged = List.copyOf(damaged);
    }
}
