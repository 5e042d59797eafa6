package gov.nersc.huggingnersc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every path under a folder, hidden ones included, with its content and modification time: two
 * equal snapshots prove that nothing was touched.
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
            ? Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1) : "<dir>";
        out.put(dir.relativize(p).toString(), withTimes ? Files.getLastModifiedTime(p) + " " + what : what);
      }
    }
    return out;
  }
}
