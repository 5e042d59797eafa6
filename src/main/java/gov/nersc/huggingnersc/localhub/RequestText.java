package gov.nersc.huggingnersc.localhub;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The text of a request's path and query: percent-decoding, the query's parameters, a revision and a file path. */
final class RequestText {
    private RequestText() {}

    /**
     * Splits a raw path tail into a revision and a file path. The revision is one segment
     * ({@code main}, {@code refs%2Fpr%2F1}) or a raw {@code refs/pr/N}; the path may be
     * {@code %2F}-encoded.
     */
    static String[] revisionAndPath(String rawTail) {
        String[] seg = rawTail.split("/", -1);
        int used = 1;
        String rev = decodePath(seg[0]);
        if (rev.equals("refs") && seg.length >= 3 && seg[1].equals("pr") && seg[2].matches("\\d+")) {
            rev = "refs/pr/" + seg[2];
            used = 3;
        }
        StringBuilder path = new StringBuilder();
        for (int i = used; i < seg.length; i++) {
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(decodePath(seg[i]));
        }
        String p = path.toString();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return new String[] {rev, p};
    }

    static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decodeForm(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decodeForm(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    static String decodeForm(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HubError.badRequest("malformed percent-encoding in '" + s + "'");
        }
    }
    /** Percent-decodes one path segment ({@code +} stays a plus, {@code %2F} becomes a slash). */
    static String decodePath(String s) {
        return decodeForm(s.replace("+", "%2B"));
    }
}
