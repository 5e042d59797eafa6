package gov.nersc.huggingnersc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every path under a folder, hidden ones included, with its content and modification time: two
 * equal snapshots prove that nothing was touched. The catalog's entry locks ({@code .locks/}) are
 * taken (and their holder line written, then cleared) by every command that may change an entry,
 * even one that then finds nothing to do: they are recorded by name and content, not time.
 */
public final class TreeSnapshot {
    private TreeSnapshot() {}

    public static Map<String, String> of(Path dir) throws IOException {
        return walk(dir, true);
    }

    /** Every path under a folder with its content only (for comparing files that were rewritten). */
    public static Map<String, String> contents(Path dir) throws IOException {
        return walk(dir, false);
    }

    private static Map<String, String> walk(Path dir, boolean withTimes) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) {
                String what = Files.isRegularFile(p)
                        ? Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1)
                        : "<dir>";
                String path = dir.relativize(p).toString();
                boolean lock = path.equals(".locks") || path.startsWith(".locks/") || path.contains("/.locks");
                out.put(path, withTimes && !lock ? Files.getLastModifiedTime(p) + " " + what : what);
            }
        }
        return out;
    }
}
