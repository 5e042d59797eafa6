package gov.nersc.huggingnersc.hub;

import gov.nersc.huggingnersc.errors.InvalidInputException;

/** The rules for a path inside a repo, checked before anything is sent. */
final class RepoPaths {
  private RepoPaths() {}

  /** The path with a leading {@code ./} or {@code /} removed, or an InvalidInputException. */
  static String check(String path) {
    if (path == null || path.isBlank()) {
      throw new InvalidInputException("path in repo: empty; expected a relative path such as data/train.csv");
    }
    String p = path;
    while (p.startsWith("./") || p.startsWith("/")) {
      p = p.substring(p.startsWith("/") ? 1 : 2);
    }
    if (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.contains("\\") || p.indexOf('\0') >= 0) {
      throw new InvalidInputException("path in repo '" + path.replace("\0", "\\0")
          + "': backslashes and NUL are not allowed; use '/' between folders");
    }
    for (String part : p.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.equals(".git")) {
        throw new InvalidInputException("path in repo '" + path
            + "': empty, '.', '..' and '.git' parts are not allowed");
      }
    }
    return p;
  }
}
