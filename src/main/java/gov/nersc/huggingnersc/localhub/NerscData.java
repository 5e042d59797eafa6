package gov.nersc.huggingnersc.localhub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a dataset's bytes live at NERSC, for the box beside its card: from the repo's
 * {@code nersc.json} when it has one, else read back from the card's own section.
 *
 * @param dataPath the data's path at NERSC
 * @param downloadLink the public download link (empty: readable at NERSC only)
 * @param jupyterUrl the loader notebook on NERSC's JupyterHub
 * @param catalogEntry the catalog entry's folder at NERSC
 */
record NerscData(Optional<String> dataPath, Optional<String> downloadLink, Optional<String> jupyterUrl,
    Optional<String> catalogEntry) {

  static final NerscData NONE = new NerscData(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  private static final Pattern DATA = Pattern.compile("(?m)^- Data: (`+) ?(.*?) ?\\1[ \\t]*$");
  private static final Pattern ENTRY = Pattern.compile("(?m)^- Catalog entry: (`+) ?(.*?) ?\\1[ \\t]*$");
  private static final Pattern DOWNLOAD = Pattern.compile("(?m)^- Download: \\[[^\\n]*?\\]\\(<?([^\\s)>]+)>?\\)[ \\t]*$");
  private static final Pattern NOTEBOOK = Pattern.compile("JupyterHub: \\[[^\\n]*?\\]\\(<?([^\\s)>]+)>?\\)");

  boolean isEmpty() {
    return dataPath.isEmpty() && downloadLink.isEmpty() && jupyterUrl.isEmpty() && catalogEntry.isEmpty();
  }

  /** From {@code nersc.json}: {@code data_path}, {@code download_link}, {@code jupyter_url}, {@code catalog_entry}. */
  static NerscData fromJson(JsonNode json) {
    return new NerscData(text(json, "data_path"), text(json, "download_link"), text(json, "jupyter_url"),
        text(json, "catalog_entry"));
  }

  /** From the lines this tool writes under "Where the data lives at NERSC" and "Load it". */
  static NerscData fromCard(String markdown) {
    return new NerscData(group(DATA, markdown, 2), group(DOWNLOAD, markdown, 1), group(NOTEBOOK, markdown, 1),
        group(ENTRY, markdown, 2));
  }

  /** The box as HTML; links only to http(s) URLs, everything else shown as text. */
  String html() {
    StringBuilder b = new StringBuilder("<div class=\"box nersc\"><h3>Data at NERSC</h3><dl>");
    dataPath.ifPresent(p -> b.append("<dt>Data path</dt><dd><code>").append(Html.escape(p)).append("</code></dd>"));
    b.append("<dt>Download</dt><dd>").append(downloadLink.map(NerscData::link)
        .orElse("<span class=\"muted\">Not public: readable at NERSC only</span>")).append("</dd>");
    jupyterUrl.ifPresent(u -> b.append("<dt>Notebook</dt><dd>").append(link(u)).append("</dd>"));
    catalogEntry.ifPresent(p -> b.append("<dt>Catalog entry</dt><dd><code>").append(Html.escape(p))
        .append("</code></dd>"));
    return b.append("</dl></div>").toString();
  }

  private static String link(String url) {
    if (!Html.isWebUrl(url)) {
      return "<code>" + Html.escape(url) + "</code>";
    }
    return "<a href=\"" + Html.escape(url.strip()) + "\" rel=\"nofollow noopener noreferrer\">" + Html.escape(url.strip())
        + "</a>";
  }

  private static Optional<String> group(Pattern p, String text, int group) {
    Matcher m = p.matcher(text);
    return m.find() ? Optional.of(m.group(group)).filter(s -> !s.isBlank()) : Optional.empty();
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    return v != null && v.isValueNode() && !v.isNull() && !v.asText().isBlank() ? Optional.of(v.asText())
        : Optional.empty();
  }
}
