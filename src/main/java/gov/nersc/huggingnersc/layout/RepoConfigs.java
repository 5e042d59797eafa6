package gov.nersc.huggingnersc.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A card's {@code configs} for data files in a repo, the way {@code datasets} reads them: one config
 * per format ({@code default} when there is one; else named by format, the one with the most bytes
 * marked {@code default: true}), each with a {@code {split, path}} entry per split. A split's files
 * are given as one glob per extension when they fill a folder that holds no other file of theirs,
 * else listed.
 *
 * @param yaml the {@code configs} value
 * @param patterns every {@code path} given, in order
 */
public record RepoConfigs(List<Map<String, Object>> yaml, List<String> patterns) {

    /**
     * The configs of {@code files}, found in the repo at {@code repoPath} of each; files that are not
     * {@link DataFile#loadable()} are left out.
     */
    public static RepoConfigs of(List<DataFile> files, Function<DataFile, String> repoPath) {
        List<DataFile> loadable = files.stream().filter(DataFile::loadable).toList();
        List<DataFormat> formats = byBytes(loadable);
        List<Map<String, Object>> yaml = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (DataFormat format : formats) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("config_name", formats.size() == 1 ? "default" : format.id());
            List<Map<String, Object>> dataFiles = new ArrayList<>();
            bySplit(loadable, format).forEach((split, mine) -> {
                List<String> paths = paths(mine, files, repoPath);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("split", split);
                s.put("path", paths.size() == 1 ? paths.get(0) : paths);
                dataFiles.add(s);
                patterns.addAll(paths);
            });
            c.put("data_files", dataFiles);
            if (format == DataFormat.TSV) {
                c.put("sep", "\t");
            }
            if (formats.size() > 1 && yaml.isEmpty()) {
                c.put("default", true);
            }
            yaml.add(c);
        }
        return new RepoConfigs(List.copyOf(yaml), List.copyOf(patterns));
    }

    /** The formats of loadable files, the most bytes first (then in the enum's order). */
    static List<DataFormat> byBytes(List<DataFile> loadable) {
        Map<DataFormat, Long> bytes = new LinkedHashMap<>();
        loadable.forEach(f -> bytes.merge(f.format().orElseThrow(), f.size(), Long::sum));
        List<DataFormat> formats = new ArrayList<>(bytes.keySet());
        formats.sort(Comparator.comparing((DataFormat f) -> -bytes.get(f)).thenComparing(Enum::ordinal));
        return formats;
    }

    /** A format's files by split: train, validation, test, then others by name. */
    static Map<String, List<DataFile>> bySplit(List<DataFile> files, DataFormat format) {
        Map<String, List<DataFile>> out = new TreeMap<>(
                Comparator.comparingInt(RepoConfigs::splitOrder).thenComparing(Comparator.naturalOrder()));
        files.stream()
                .filter(f -> f.format().orElse(null) == format)
                .forEach(f ->
                        out.computeIfAbsent(f.split(), k -> new ArrayList<>()).add(f));
        return out;
    }

    /** One glob per extension for the folder the files share, when it holds no other file; else the paths. */
    private static List<String> paths(List<DataFile> mine, List<DataFile> all, Function<DataFile, String> repoPath) {
        List<String> listed = mine.stream().map(repoPath).toList();
        if (listed.size() < 2) {
            return listed;
        }
        String folder = commonFolder(listed);
        Set<String> extensions = new LinkedHashSet<>();
        listed.forEach(p -> extensions.add(extension(p)));
        Set<DataFile> own = Set.copyOf(mine);
        boolean alone = !folder.isEmpty()
                && extensions.stream().noneMatch(String::isEmpty)
                && all.stream()
                        .filter(f -> !own.contains(f))
                        .map(repoPath)
                        .noneMatch(p -> p.startsWith(folder) && extensions.contains(extension(p)));
        return alone ? extensions.stream().map(e -> folder + "**/*." + e).toList() : listed;
    }

    /** The longest folder (ending in {@code /}) that holds every path; "" when they share none. */
    private static String commonFolder(List<String> paths) {
        String first = paths.get(0);
        int end = first.lastIndexOf('/') + 1;
        for (String p : paths) {
            while (end > 0 && !(p.startsWith(first.substring(0, end)))) {
                end = first.lastIndexOf('/', end - 2) + 1;
            }
        }
        return first.substring(0, end);
    }

    private static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1);
    }

    private static int splitOrder(String split) {
        return switch (split) {
            case "train" -> 0;
            case "validation" -> 1;
            case "test" -> 2;
            default -> 3;
        };
    }
}
