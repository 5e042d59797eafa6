package gov.nersc.huggingnersc.hub;

import java.util.List;

/**
 * What {@link HubClient#listDatasets(ListQuery)} asks for. Null fields are not sent.
 *
 * @param author only repos of this namespace
 * @param search only ids containing this text
 * @param filters tags every repo must carry, e.g. {@code license:cc-by-4.0}
 * @param sort {@code lastModified}, {@code createdAt}, {@code downloads}, {@code likes}, ...
 * @param direction {@code -1} for descending, or null
 * @param limit the most repos to return, or null for all
 */
public record ListQuery(
        String author, String search, List<String> filters, String sort, Integer direction, Integer limit) {
    public ListQuery {
        filters = filters == null ? List.of() : List.copyOf(filters);
    }

    /** Every repo of {@code author}. */
    public static ListQuery byAuthor(String author) {
        return new ListQuery(author, null, List.of(), null, null, null);
    }
}
