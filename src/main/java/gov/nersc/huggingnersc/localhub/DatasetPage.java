package gov.nersc.huggingnersc.localhub;

import gov.nersc.huggingnersc.api.RepoId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A dataset's page on the local hub, laid out as the Hub lays it out: the repo name and its tag
 * chips, then two columns: the data viewer and the card (or the file list) on the left, and on the right the NERSC
 * data box, the files and the Croissant description. The Croissant JSON-LD is embedded for search
 * engines as a data block, which browsers never run.
 *
 * <p>Everything that comes from the repo is escaped: a card cannot put markup or script in the
 * page.
 *
 * @param id the repo
 * @param isPrivate whether the repo is private (shown as a badge)
 * @param revision the revision shown, e.g. {@code main}
 * @param card what the Hub reads from the card's front matter
 * @param cardBody the card's Markdown after the front matter
 * @param files the files of the revision
 * @param nersc where the data lives at NERSC
 * @param croissant the repo's {@code croissant.json}, re-serialized compactly, when it has a valid one
 * @param viewer the data viewer above the card, when the card sets one up
 * @param lastModified when the revision was committed
 * @param tab the card or the file list
 */
record DatasetPage(
        RepoId id,
        boolean isPrivate,
        String revision,
        CardMetadata card,
        String cardBody,
        List<DatasetRepo.Entry> files,
        NerscData nersc,
        Optional<String> croissant,
        Optional<DataViewer.View> viewer,
        Instant lastModified,
        Tab tab) {

    /** Which of the two tabs is shown. */
    enum Tab {
        CARD,
        FILES
    }

    String render() {
        String base = "/datasets/" + Html.pathSegments(id.toString());
        StringBuilder main = new StringBuilder(8192);
        main.append("<div class=\"repo-head\"><div class=\"repo-title\"><span class=\"kind\">Datasets:</span>")
                .append("<a class=\"ns\" href=\"/?search=")
                .append(Html.escape(Html.query(id.namespace())))
                .append("\">")
                .append(Html.escape(id.namespace()))
                .append("</a><span class=\"muted\">/</span><h1>")
                .append(Html.escape(id.name()))
                .append("</h1>");
        if (isPrivate) {
            main.append("<span class=\"badge\">private</span>");
        }
        main.append("</div>");
        card.prettyName()
                .ifPresent(p -> main.append("<p class=\"pretty\">")
                        .append(Html.escape(p))
                        .append("</p>"));
        main.append(TagChips.html(TagChips.of(card)));
        main.append("<nav class=\"tabs\"><a href=\"")
                .append(base)
                .append("\"")
                .append(tab == Tab.CARD ? " class=\"active\"" : "")
                .append(">Dataset card</a><a href=\"")
                .append(base)
                .append("/tree/")
                .append(Html.escape(Html.pathSegments(revision)))
                .append("\"")
                .append(tab == Tab.FILES ? " class=\"active\"" : "")
                .append(">Files and versions</a></nav></div>");

        main.append("<div class=\"cols\"><article class=\"card\">");
        if (tab == Tab.CARD) {
            viewer.ifPresent(v -> main.append(v.html(base, revision)));
            main.append(
                    cardBody.isBlank()
                            ? "<p class=\"muted\">This dataset has no card.</p>"
                            : CardHtml.render(cardBody));
        } else {
            main.append(fileTable(base));
        }
        main.append("</article><aside>");
        main.append(nersc.html());
        long total = files.stream().mapToLong(DatasetRepo.Entry::size).sum();
        main.append("<div class=\"box\"><h3>Files</h3><p><a href=\"")
                .append(base)
                .append("/tree/")
                .append(Html.escape(Html.pathSegments(revision)))
                .append("\">")
                .append(files.size())
                .append(files.size() == 1 ? " file" : " files")
                .append("</a>, ")
                .append(Html.size(total))
                .append("</p><p class=\"muted\">Updated ")
                .append(RepoJson.date(lastModified), 0, 10)
                .append("</p></div>");
        if (croissant.isPresent()) {
            main.append("<div class=\"box\"><h3>Croissant</h3><p><a href=\"")
                    .append(base)
                    .append("/resolve/")
                    .append(Html.escape(Html.pathSegments(revision)))
                    .append(
                            "/croissant.json\">croissant.json</a> <span class=\"muted\">(ML Commons metadata, JSON-LD)</span></p></div>");
        }
        main.append("</aside></div>");

        String title = card.prettyName().map(p -> p + " · ").orElse("") + id + " · Datasets at the local hub";
        String tail = croissant
                .map(json -> "<script type=\"application/ld+json\">" + dataBlock(json) + "</script>\n")
                .orElse("");
        return Html.page(title, "", main.toString(), tail);
    }

    private String fileTable(String base) {
        if (files.isEmpty()) {
            return "<p class=\"muted\">No files.</p>";
        }
        StringBuilder b = new StringBuilder("<table class=\"files\"><tbody>");
        for (DatasetRepo.Entry f : files) {
            b.append("<tr><td><a href=\"")
                    .append(base)
                    .append("/resolve/")
                    .append(Html.escape(Html.pathSegments(revision)))
                    .append('/')
                    .append(Html.escape(Html.pathSegments(f.path())))
                    .append("\">")
                    .append(Html.escape(f.path()))
                    .append("</a>")
                    .append(f.lfs() != null ? "<span class=\"lfs\">LFS</span>" : "")
                    .append("</td><td class=\"size\">")
                    .append(Html.size(f.size()))
                    .append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    /**
     * JSON made safe inside a script data block: no {@code <}, {@code >} or {@code &} is left (each
     * becomes its JSON {@code \\u} escape, which only occurs inside JSON strings), so neither
     * {@code </script>} nor {@code <!--} can end or change the block.
     */
    static String dataBlock(String json) {
        return json.replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }
}
