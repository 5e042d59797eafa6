package gov.nersc.huggingnersc.localhub;

import gov.nersc.huggingnersc.api.RepoId;
import java.time.Instant;
import java.util.List;

/**
 * The local hub's front page: the datasets it holds (those the visitor may see), each with its
 * tag chips, narrowed by a search text and a tag filter.
 *
 * @param rows the datasets to list, in order
 * @param search the search text given, "" for none
 * @param filter the tag filter given, "" for none
 */
record IndexPage(List<Row> rows, String search, String filter) {

    /** One dataset in the list. */
    record Row(RepoId id, boolean isPrivate, CardMetadata card, Instant lastModified) {}

    String render() {
        StringBuilder main = new StringBuilder(4096);
        main.append("<div class=\"repo-head\"><div class=\"repo-title\"><h1>Datasets</h1><span class=\"badge\">")
                .append(rows.size())
                .append("</span></div>");
        if (!search.isEmpty() || !filter.isEmpty()) {
            main.append("<p class=\"muted\">");
            if (!search.isEmpty()) {
                main.append("Matching “").append(Html.escape(search)).append("” ");
            }
            if (!filter.isEmpty()) {
                main.append("Tagged <span class=\"chip\">")
                        .append(Html.escape(filter))
                        .append("</span> ");
            }
            main.append("· <a href=\"/\">all datasets</a></p>");
        }
        main.append("</div>");
        if (rows.isEmpty()) {
            main.append("<p class=\"muted\">No datasets found.</p>");
        }
        main.append("<ul class=\"list\">");
        for (Row r : rows) {
            main.append("<li><a class=\"name\" href=\"/datasets/")
                    .append(Html.escape(Html.pathSegments(r.id().toString())))
                    .append("\">")
                    .append(Html.escape(r.id().toString()))
                    .append("</a>");
            if (r.isPrivate()) {
                main.append(" <span class=\"badge\">private</span>");
            }
            r.card()
                    .prettyName()
                    .ifPresent(p -> main.append(" <span class=\"muted\">")
                            .append(Html.escape(p))
                            .append("</span>"));
            main.append(TagChips.html(TagChips.of(r.card())));
            main.append("<div class=\"meta\">Updated ")
                    .append(RepoJson.date(r.lastModified()), 0, 10)
                    .append("</div></li>");
        }
        main.append("</ul>");
        return Html.page("Datasets at the local hub", search, main.toString(), "");
    }
}
