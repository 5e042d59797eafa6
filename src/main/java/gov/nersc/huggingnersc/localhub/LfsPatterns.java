package gov.nersc.huggingnersc.localhub;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;

/**
 * The {@code filter=lfs} patterns of a {@code .gitattributes} file: which paths git (and the Hub)
 * store through LFS. Read with JGit's own attributes parser, so the answer is git's.
 */
final class LfsPatterns {
  private final List<AttributesRule> rules;

  private LfsPatterns(List<AttributesRule> rules) {
    this.rules = rules;
  }

  static LfsPatterns parse(byte[] gitattributes) {
    AttributesNode node = new AttributesNode();
    try {
      node.parse(new ByteArrayInputStream(gitattributes == null ? new byte[0] : gitattributes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LfsPatterns(node.getRules());
  }

  static LfsPatterns parse(String gitattributes) {
    return parse(gitattributes.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code path} is stored through LFS: the last rule that sets {@code filter} decides. */
  boolean tracks(String path) {
    boolean lfs = false;
    for (AttributesRule rule : rules) {
      if (!rule.isMatch(path, false)) {
        continue;
      }
      for (Attribute a : rule.getAttributes()) {
        if (a.getKey().equals("filter")) {
          lfs = a.getState() == Attribute.State.CUSTOM && "lfs".equals(a.getValue());
        }
      }
    }
    return lfs;
  }

  /** The line that makes git track exactly {@code path} through LFS. */
  static String lineFor(String path) {
    StringBuilder p = new StringBuilder();
    for (char c : path.toCharArray()) {
      switch (c) {
        case ' ' -> p.append("[[:space:]]");
        case '*', '?', '[', ']', '!', '#' -> p.append('\\').append(c);
        default -> p.append(c);
      }
    }
    return p + " filter=lfs diff=lfs merge=lfs -text";
  }
}
