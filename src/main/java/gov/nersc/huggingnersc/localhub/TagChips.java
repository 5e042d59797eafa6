package gov.nersc.huggingnersc.localhub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A card's tags as the Hub shows them above a dataset: chips grouped by kind (tasks, languages,
 * size, licence, formats, other tags, arXiv papers), each linking to the datasets with that tag.
 */
final class TagChips {
    /** Free tags that name a file format; the Hub shows {@code format:} tags in their own group. */
    private static final Set<String> FORMATS = Set.of(
            "csv",
            "tsv",
            "json",
            "jsonl",
            "parquet",
            "arrow",
            "text",
            "txt",
            "hdf5",
            "h5",
            "netcdf",
            "nc",
            "zarr",
            "npy",
            "npz",
            "root",
            "fits",
            "tfrecord",
            "webdataset",
            "imagefolder",
            "audiofolder",
            "png",
            "jpeg",
            "jpg",
            "tiff",
            "zip",
            "tar");

    /**
     * One chip.
     *
     * @param text what the chip shows
     * @param tag the repo tag it stands for (the listing filters on it)
     * @param href an external link instead of the filter, e.g. an arXiv abstract; null for none
     */
    record Chip(String text, String tag, String href) {}

    /** Chips of one kind, with the label shown before them and the CSS class that colours them. */
    record Group(String label, String css, List<Chip> chips) {}

    private TagChips() {}

    /** The non-empty groups of the card's tags, in the Hub's order. */
    static List<Group> of(CardMetadata card) {
        List<Chip> tasks = new ArrayList<>();
        List<Chip> languages = new ArrayList<>();
        List<Chip> sizes = new ArrayList<>();
        List<Chip> licences = new ArrayList<>();
        List<Chip> formats = new ArrayList<>();
        List<Chip> others = new ArrayList<>();
        List<Chip> papers = new ArrayList<>();
        for (String tag : card.tags()) {
            int colon = tag.indexOf(':');
            String prefix = colon < 0 ? "" : tag.substring(0, colon);
            String value = colon < 0 ? tag : tag.substring(colon + 1);
            switch (prefix) {
                case "task_categories", "task_ids" -> tasks.add(new Chip(value, tag, null));
                case "language" -> languages.add(new Chip(value, tag, null));
                case "size_categories" -> sizes.add(new Chip(value, tag, null));
                case "license" -> licences.add(new Chip(value, tag, null));
                case "format" -> formats.add(new Chip(value, tag, null));
                case "arxiv" -> papers.add(new Chip("arXiv:" + value, tag, "https://arxiv.org/abs/" + value));
                default -> {
                    if (FORMATS.contains(tag.toLowerCase(Locale.ROOT))) {
                        formats.add(new Chip(tag, tag, null));
                    } else {
                        others.add(new Chip(tag, tag, null));
                    }
                }
            }
        }
        List<Group> groups = new ArrayList<>();
        add(groups, "Tasks", "task", tasks);
        add(groups, "Languages", "lang", languages);
        add(groups, "Size", "size", sizes);
        add(groups, "Licence", "licence", licences);
        add(groups, "Formats", "format", formats);
        add(groups, "Tags", "tag", others);
        add(groups, "arXiv", "arxiv", papers);
        return groups;
    }

    private static void add(List<Group> groups, String label, String css, List<Chip> chips) {
        if (!chips.isEmpty()) {
            groups.add(new Group(label, css, List.copyOf(chips)));
        }
    }

    /** The groups as HTML: every text escaped, links only to this server or an arXiv abstract. */
    static String html(List<Group> groups) {
        if (groups.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<div class=\"chips\">");
        for (Group g : groups) {
            b.append("<div class=\"group\"><span class=\"label\">")
                    .append(Html.escape(g.label()))
                    .append("</span>");
            for (Chip c : g.chips()) {
                String href =
                        c.href() != null && Html.isWebUrl(c.href()) ? c.href() : "/?filter=" + Html.query(c.tag());
                b.append("<a class=\"chip ")
                        .append(g.css())
                        .append("\" href=\"")
                        .append(Html.escape(href))
                        .append("\"")
                        .append(c.href() != null ? " rel=\"nofollow noopener noreferrer\"" : "")
                        .append(">")
                        .append(Html.escape(c.text()))
                        .append("</a>");
            }
            b.append("</div>");
        }
        return b.append("</div>").toString();
    }
}
