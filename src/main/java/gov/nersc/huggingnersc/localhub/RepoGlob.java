package gov.nersc.huggingnersc.localhub;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code data_files} path of a card's {@code configs}, matched against a repo's files as the
 * Hub's {@code datasets} library does: relative to the repo root; {@code *} and {@code ?} stay
 * within one folder, a {@code **} segment spans any number of folders (none too), {@code [abc]}
 * is one of the characters. A pattern with wildcards skips hidden files and folders (a name
 * starting with a dot or {@code __}), which the library leaves out as well.
 */
final class RepoGlob {
  private static final Pattern WILDCARD = Pattern.compile("[*?\\[]");
  private static final Pattern HIDDEN = Pattern.compile("(?:^|/)(?:\\.|__)");

  private RepoGlob() {}

  /** The files matching {@code pattern}, sorted by path. */
  static List<String> matches(String pattern, List<String> files) {
    String p = pattern.strip();
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    if (!WILDCARD.matcher(p).find()) {
      String exact = p;
      return files.stream().filter(exact::equals).toList();
    }
    Pattern re = Pattern.compile(regex(p));
    return files.stream().filter(f -> !HIDDEN.matcher(f).find() && re.matcher(f).matches()).sorted().toList();
  }

  private static String regex(String glob) {
    String[] segments = glob.split("/", -1);
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      boolean last = i == segments.length - 1;
      if (segments[i].equals("**")) {
        // the trailing slash is part of the repeated group, so "a/**/b" also matches "a/b"
        re.append(last ? ".*" : "(?:[^/]+/)*");
        continue;
      }
      segment(segments[i], re);
      if (!last) {
        re.append('/');
      }
    }
    return re.toString();
  }

  private static void segment(String glob, StringBuilder re) {
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      int close = c == '[' ? glob.indexOf(']', i + 2) : -1;
      if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else if (close > 0) {
        String body = glob.substring(i + 1, close);
        boolean negated = body.startsWith("!") || body.startsWith("^");
        re.append(negated ? "[^/" : "[");
        for (char b : (negated ? body.substring(1) : body).toCharArray()) {
          // in a class, a backslash makes any punctuation literal; letters and digits need none
          re.append(b == '-' || Character.isLetterOrDigit(b) ? "" : "\\").append(b);
        }
        re.append(']');
        i = close;
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
  }
}
