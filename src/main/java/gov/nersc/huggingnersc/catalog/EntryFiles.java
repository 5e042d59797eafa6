package gov.nersc.huggingnersc.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The files of one catalog entry, rendered and ready to write: the card, the notebook, the scripts
 * and the info JSON, by file name.
 *
 * @param entry what the files describe
 * @param files each file's name in the entry folder and its text (UTF-8), the info JSON included
 */
public record EntryFiles(CatalogEntry entry, Map<String, String> files) {

  public EntryFiles {
    Objects.requireNonNull(entry, "entry");
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    if (!files.containsKey(entry.infoFileName())) {
      throw new IllegalArgumentException("an entry needs its info JSON " + entry.infoFileName());
    }
    for (String name : files.keySet()) {
      if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
        throw new IllegalArgumentException("not a plain file name in an entry: '" + name + "'");
      }
    }
  }

  /**
   * The entry's files: {@code content} (card, notebook, scripts) plus the info JSON, which names
   * {@code entryDir} as the entry's place at NERSC.
   */
  public static EntryFiles of(CatalogEntry entry, Path entryDir, Map<String, String> content) {
    Map<String, String> all = new LinkedHashMap<>(content);
    all.put(entry.infoFileName(), InfoJson.render(entry, entryDir));
    return new EntryFiles(entry, all);
  }

  /**
   * The names of the files whose content differs from {@code existing} (missing ones included);
   * the info JSON is compared without {@code created}, {@code updated} and {@code published}, which
   * change when nothing else does. Extra files in {@code existing} are not a difference.
   */
  public List<String> differencesFrom(Map<String, String> existing) {
    List<String> differ = new ArrayList<>();
    String info = entry.infoFileName();
    files.forEach((name, text) -> {
      String old = existing.get(name);
      boolean same;
      if (old == null) {
        same = false;
      } else if (name.equals(info)) {
        same = sameContent(text, old, name);
      } else {
        same = old.equals(text);
      }
      if (!same) {
        differ.add(name);
      }
    });
    return differ;
  }

  private static boolean sameContent(String info, String oldInfo, String name) {
    ObjectNode fresh = InfoJson.parseObject(info, Path.of(name));
    ObjectNode old;
    try {
      old = InfoJson.parseObject(oldInfo, Path.of(name));
    } catch (RuntimeException damaged) {
      return false;
    }
    return InfoJson.content(fresh).equals(InfoJson.content(old));
  }
}
