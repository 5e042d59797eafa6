package gov.nersc.huggingnersc.localhub;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the local hub's pages share: escaping, the page frame with its style sheet, and the
 * headers that keep a card from running anything in the browser.
 */
final class Html {
    /**
     * No script of any kind (there is no script-src, so {@code default-src 'none'} applies), inline
     * style only, images from this server or data: URLs, forms only back to this server.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
            + "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private Html() {}

    /** Text made safe for element content and double- or single-quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A query-string value. */
    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A repo path, each segment percent-encoded, for links to files. */
    static String pathSegments(String path) {
        StringBuilder out = new StringBuilder();
        for (String seg : path.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }

    /** True for an absolute http(s) URL: the only kind a page links to from what a card says. */
    static boolean isWebUrl(String url) {
        String u = url == null ? "" : url.strip().toLowerCase(Locale.ROOT);
        return (u.startsWith("https://") || u.startsWith("http://"))
                && u.length() > 8
                && u.chars().noneMatch(c -> c <= 0x20);
    }

    /** A size as the Hub shows it: decimal units, three significant digits ("1.23 kB"). */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " Bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String number = v >= 100
                ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return number + " " + units[u];
    }

    /** A whole page: the frame (top bar with search) around {@code main}, then {@code tail}. */
    static String page(String title, String search, String main, String tail) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"no-referrer\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head>\n<body>"
                + "<header class=\"top\"><a class=\"brand\" href=\"/\">HuggingNERSC <span>local hub</span></a>"
                + "<form class=\"search\" method=\"get\" action=\"/\" role=\"search\">"
                + "<input type=\"search\" name=\"search\" placeholder=\"Search datasets\" aria-label=\"Search datasets\" value=\""
                + escape(search) + "\"></form></header>\n<main>" + main + "</main>\n" + tail + "</body></html>\n";
    }

    private static final String STYLE = """
      *{box-sizing:border-box}
      body{margin:0;font:15px/1.6 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#111827;background:#fff}
      a{color:#2563eb;text-decoration:none}a:hover{text-decoration:underline}
      .top{display:flex;align-items:center;gap:24px;padding:10px 32px;border-bottom:1px solid #e5e7eb;background:#fff}
      .brand{font-weight:700;color:#111827;font-size:17px}.brand span{font-weight:400;color:#6b7280}
      .search input{width:340px;padding:6px 12px;border:1px solid #e5e7eb;border-radius:8px;background:#f9fafb;font:inherit}
      main{max-width:1280px;margin:0 auto;padding:0 32px 48px}
      .repo-head{padding:24px 0 12px;border-bottom:1px solid #e5e7eb;background:linear-gradient(#f9fafb,#fff)}
      .repo-title{display:flex;align-items:center;gap:8px;flex-wrap:wrap;font-size:20px;margin:0 0 10px}
      .repo-title .kind{color:#6b7280;font-weight:400}.repo-title .ns{color:#4b5563}
      .repo-title h1{font-size:20px;margin:0;font-weight:700}
      .badge{font-size:12px;border:1px solid #d1d5db;border-radius:6px;padding:0 6px;color:#4b5563}
      .pretty{color:#4b5563;margin:0 0 8px}
      .chips{display:flex;flex-wrap:wrap;gap:6px 14px;margin:6px 0}
      .group{display:flex;flex-wrap:wrap;align-items:center;gap:6px}
      .group .label{font-size:13px;color:#6b7280}
      .chip{display:inline-block;font-size:13px;line-height:22px;padding:0 8px;border-radius:7px;border:1px solid #e5e7eb;background:#f9fafb;color:#374151}
      .chip.task{background:#fdf2f8;border-color:#fbcfe8}.chip.lang{background:#eff6ff;border-color:#bfdbfe}
      .chip.size{background:#f0fdf4;border-color:#bbf7d0}.chip.licence{background:#fefce8;border-color:#fde68a}
      .chip.format{background:#f5f3ff;border-color:#ddd6fe}.chip.arxiv{background:#fef2f2;border-color:#fecaca}
      .tabs{display:flex;gap:4px;margin-top:14px}
      .tabs a{padding:6px 12px;border-bottom:2px solid transparent;color:#4b5563}
      .tabs a.active{border-color:#111827;color:#111827;font-weight:600}
      .cols{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:32px;padding-top:20px}
      @media (max-width:900px){.cols{grid-template-columns:1fr}}
      .card{min-width:0}
      .card h1{font-size:28px;margin:8px 0 16px}.card h2{font-size:21px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid #f3f4f6}
      .card pre{background:#f9fafb;border:1px solid #e5e7eb;border-radius:8px;padding:12px 14px;overflow:auto;font-size:13px;line-height:1.5}
      .card code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
      .card :not(pre)>code{background:#f3f4f6;border-radius:4px;padding:1px 4px}
      .card table{border-collapse:collapse;margin:12px 0}.card th,.card td{border:1px solid #e5e7eb;padding:4px 10px}
      .card th{background:#f9fafb}.card img{max-width:100%}
      .box{border:1px solid #e5e7eb;border-radius:12px;padding:14px 16px;margin-bottom:16px}
      .box h3{font-size:14px;margin:0 0 10px;color:#374151}
      .box dl{margin:0}.box dt{font-size:12px;color:#6b7280;margin-top:8px}.box dd{margin:0;word-break:break-all;font-size:13px}
      .box dd code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;background:#f3f4f6;border-radius:4px;padding:1px 4px}
      .files{width:100%;border-collapse:collapse;font-size:14px}
      .files td{padding:6px 8px;border-bottom:1px solid #f3f4f6}.files td.size{text-align:right;color:#6b7280;white-space:nowrap}
      .lfs{font-size:11px;color:#6b7280;border:1px solid #e5e7eb;border-radius:4px;padding:0 4px;margin-left:6px}
      .list{list-style:none;padding:0;margin:16px 0}
      .list li{border:1px solid #e5e7eb;border-radius:10px;padding:12px 16px;margin-bottom:10px}
      .list .name{font-weight:600;font-size:16px}.list .meta{font-size:13px;color:#6b7280}
      .muted{color:#6b7280}
      .viewer{border:1px solid #e5e7eb;border-radius:12px;padding:12px 16px;margin:8px 0 24px}
      .card .viewer h2{font-size:16px;margin:0 0 6px;padding:0;border:0}.viewer p{margin:6px 0;font-size:13px}
      .viewer-scroll{overflow-x:auto}.card .viewer-table{margin:6px 0;font-size:13px;border-collapse:collapse}
      .card .viewer-table td{vertical-align:top;max-width:320px;overflow-wrap:anywhere}
      .viewer-table td.null{color:#9ca3af;font-style:italic}.viewer-message{color:#4b5563}
      """;
}
