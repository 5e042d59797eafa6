package gov.nersc.huggingnersc.localhub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Where a dataset's bytes live at NERSC, for the box beside its card: from the repo's
 * {@code nersc.json} when it has one, else read back from the card's own section.
 *
 * @param dataPath the data's path at NERSC
 * @param downloadLink the public download link (empty: readable at NERSC only)
 * @param jupyterUrl the loader notebook on NERSC's JupyterHub
 * @param catalogEntry the catalog entry's folder at NERSC
 */
record NerscData(
        Optional<String> dataPath,
        Optional<String> downloadLink,
        Optional<String> jupyterUrl,
        Optional<String> catalogEntry) {

    static final NerscData NONE = new NerscData(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    boolean isEmpty() {
        return dataPath.isEmpty() && downloadLink.isEmpty() && jupyterUrl.isEmpty() && catalogEntry.isEmpty();
    }

    /** From {@code nersc.json}: {@code data_path}, {@code download_link}, {@code jupyter_url}, {@code catalog_entry}. */
    static NerscData fromJson(JsonNode json) {
        return new NerscData(
                text(json, "data_path"),
                text(json, "download_link"),
                text(json, "jupyter_url"),
                text(json, "catalog_entry"));
    }

    /**
     * From the lines this tool writes under "Where the data lives at NERSC" and "Load it":
     * {@code - Data: `path`}, {@code - Download: [text](url)}, {@code - Catalog entry: `path`} and
     * a {@code JupyterHub: [name](url)} link. Read line by line in one pass: the card is anyone's text.
     */
    static NerscData fromCard(String markdown) {
        Optional<String> data = Optional.empty();
        Optional<String> download = Optional.empty();
        Optional<String> notebook = Optional.empty();
        Optional<String> entry = Optional.empty();
        for (String line : markdown.split("\n")) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (data.isEmpty() && l.startsWith("- Data: ")) {
                data = codeSpan(l.substring(8));
            } else if (entry.isEmpty() && l.startsWith("- Catalog entry: ")) {
                entry = codeSpan(l.substring(17));
            } else if (download.isEmpty() && l.startsWith("- Download: [")) {
                download = linkTarget(l.substring(13), true);
            }
            int jupyter = notebook.isEmpty() ? l.indexOf("JupyterHub: [") : -1;
            if (jupyter >= 0) {
                notebook = linkTarget(l.substring(jupyter + 13), false);
            }
        }
        return new NerscData(data, download, notebook, entry);
    }

    /**
     * The text of a code span that fills the rest of a line ({@code `x`}, {@code `` a`b ``}): as
     * many backticks close it as open it, then only blanks; one space inside each end is dropped.
     */
    static Optional<String> codeSpan(String rest) {
        String s = stripBlanksAtEnd(rest);
        int open = 0;
        while (open < s.length() && s.charAt(open) == '`') {
            open++;
        }
        int close = 0;
        while (close < s.length() - open && s.charAt(s.length() - 1 - close) == '`') {
            close++;
        }
        int ticks = Math.min(open, close);
        if (ticks == 0) {
            return Optional.empty();
        }
        String inside = s.substring(ticks, s.length() - ticks);
        if (inside.startsWith(" ")) {
            inside = inside.substring(1);
        }
        if (inside.endsWith(" ")) {
            inside = inside.substring(0, inside.length() - 1);
        }
        return Optional.of(inside).filter(t -> !t.isBlank());
    }

    /**
     * The URL of the first {@code ](url)} (or {@code ](<url>)}) after a link's opening bracket; with
     * {@code wholeLine}, the link must end the line. One pass: a target that fails stops only at a
     * blank, {@code )} or {@code >}, and every later start before that stop fails the same way.
     */
    static Optional<String> linkTarget(String rest, boolean wholeLine) {
        String s = wholeLine ? stripBlanksAtEnd(rest) : rest;
        int from = 0;
        while (true) {
            int at = s.indexOf("](", from);
            if (at < 0) {
                return Optional.empty();
            }
            int start = at + 2;
            boolean angle = start < s.length() && s.charAt(start) == '<';
            int urlStart = angle ? start + 1 : start;
            int stop = urlStart;
            while (stop < s.length()
                    && !Character.isWhitespace(s.charAt(stop))
                    && s.charAt(stop) != ')'
                    && s.charAt(stop) != '>') {
                stop++;
            }
            int end = stop < s.length() && s.charAt(stop) == '>' ? stop + 1 : stop;
            boolean closed = end < s.length() && s.charAt(end) == ')' && stop > urlStart;
            if (closed && (!wholeLine || end == s.length() - 1)) {
                return Optional.of(s.substring(urlStart, stop));
            }
            from = Math.max(at + 1, stop);
        }
    }

    private static String stripBlanksAtEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The box as HTML; links only to http(s) URLs, everything else shown as text. */
    String html() {
        StringBuilder b = new StringBuilder("<div class=\"box nersc\"><h3>Data at NERSC</h3><dl>");
        dataPath.ifPresent(p ->
                b.append("<dt>Data path</dt><dd><code>").append(Html.escape(p)).append("</code></dd>"));
        b.append("<dt>Download</dt><dd>")
                .append(downloadLink
                        .map(NerscData::link)
                        .orElse("<span class=\"muted\">Not public: readable at NERSC only</span>"))
                .append("</dd>");
        jupyterUrl.ifPresent(
                u -> b.append("<dt>Notebook</dt><dd>").append(link(u)).append("</dd>"));
        catalogEntry.ifPresent(p -> b.append("<dt>Catalog entry</dt><dd><code>")
                .append(Html.escape(p))
                .append("</code></dd>"));
        return b.append("</dl></div>").toString();
    }

    private static String link(String url) {
        if (!Html.isWebUrl(url)) {
            return "<code>" + Html.escape(url) + "</code>";
        }
        return "<a href=\"" + Html.escape(url.strip()) + "\" rel=\"nofollow noopener noreferrer\">"
                + Html.escape(url.strip()) + "</a>";
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v != null && v.isValueNode() && !v.isNull() && !v.asText().isBlank()
                ? Optional.of(v.asText())
                : Optional.empty();
    }
}
