package gov.nersc.huggingnersc.layout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which split a data file belongs to, inferred from folder and file names the way {@code datasets}
 * infers it ({@code data_files.py}): a keyword ({@code train}, {@code validation}/{@code valid}/
 * {@code dev}/{@code val}, {@code test}/{@code testing}/{@code eval}/{@code evaluation}) as a folder
 * name or a file-name part between separators ({@code - . _}, space, digits). Folders are looked at
 * first: when any file has a split folder, files without one belong to no split, as in {@code
 * datasets}; when no name says anything, every file is {@code train}.
 */
public final class Splits {
    /** The split of data that names none. */
    public static final String TRAIN = "train";

    private static final Map<String, List<String>> KEYWORDS = new LinkedHashMap<>();

    static {
        KEYWORDS.put("train", List.of("train", "training"));
        KEYWORDS.put("validation", List.of("validation", "valid", "dev", "val"));
        KEYWORDS.put("test", List.of("test", "testing", "eval", "evaluation"));
    }

    private Splits() {}

    /**
     * The split of each path (relative, {@code /}-separated), in order; {@code ""} for a file that
     * belongs to none.
     */
    public static List<String> of(List<String> paths) {
        List<Optional<String>> byFolder = paths.stream().map(Splits::byFolder).toList();
        if (byFolder.stream().anyMatch(Optional::isPresent)) {
            return byFolder.stream().map(s -> s.orElse("")).toList();
        }
        List<Optional<String>> byName = paths.stream()
                .map(p -> byName(p.substring(p.lastIndexOf('/') + 1)))
                .toList();
        if (byName.stream().anyMatch(Optional::isPresent)) {
            return byName.stream().map(s -> s.orElse("")).toList();
        }
        List<String> all = new ArrayList<>();
        paths.forEach(p -> all.add(TRAIN));
        return all;
    }

    private static Optional<String> byFolder(String path) {
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            String dir = parts[i].toLowerCase(Locale.ROOT);
            for (Map.Entry<String, List<String>> split : KEYWORDS.entrySet()) {
                for (String k : split.getValue()) {
                    if (dir.equals(k)
                            || startsWithKeyword(dir, k)
                            || endsWithKeyword(dir, k)
                            || containsKeyword(dir, k)) {
                        return Optional.of(split.getKey());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> byName(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, List<String>> split : KEYWORDS.entrySet()) {
            for (String k : split.getValue()) {
                if (startsWithKeyword(name, k) || containsKeyword(name, k)) {
                    return Optional.of(split.getKey());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean startsWithKeyword(String s, String k) {
        return s.length() > k.length() && s.startsWith(k) && separator(s.charAt(k.length()));
    }

    private static boolean endsWithKeyword(String s, String k) {
        return s.length() > k.length() && s.endsWith(k) && separator(s.charAt(s.length() - k.length() - 1));
    }

    private static boolean containsKeyword(String s, String k) {
        for (int i = s.indexOf(k); i >= 0; i = s.indexOf(k, i + 1)) {
            int after = i + k.length();
            if (i > 0 && separator(s.charAt(i - 1)) && after < s.length() && separator(s.charAt(after))) {
                return true;
            }
        }
        return false;
    }

    private static boolean separator(char c) {
        return c == '-' || c == '.' || c == '_' || c == ' ' || (c >= '0' && c <= '9');
    }
}
