package gov.nersc.huggingnersc.scan;

import java.util.Comparator;

/**
 * One file of a manifest.
 *
 * @param path relative to the data root, "/"-separated
 * @param size bytes
 * @param mtime last modification, milliseconds since the epoch
 * @param sha256 the content's SHA-256, 64 lower-case hex digits
 */
public record ManifestEntry(String path, long size, long mtime, String sha256) {

    /**
     * The order of a manifest's lines: by path, in Unicode code-point order (which is the byte order
     * of UTF-8, as {@code LC_ALL=C sort} sorts).
     */
    public static final Comparator<String> PATH_ORDER = ManifestEntry::comparePaths;

    /**
     * The line this entry is stored as, and hashed as for the root digest: compact JSON with the keys
     * in the order path, size, mtime, sha256; in the path, {@code "} and {@code \} are escaped with a
     * backslash and characters below U+0020 as {@code \}{@code u00xx}; nothing else is escaped.
     */
    public String toLine() {
        StringBuilder b = new StringBuilder(path.length() + 120).append("{\"path\":\"");
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append("\",\"size\":")
                .append(size)
                .append(",\"mtime\":")
                .append(mtime)
                .append(",\"sha256\":\"")
                .append(sha256)
                .append("\"}")
                .toString();
    }

    static int comparePaths(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // UTF-16 puts surrogates (code points above U+FFFF) below U+E000..U+FFFF; code points do not
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx != sy) {
                    return sx ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
