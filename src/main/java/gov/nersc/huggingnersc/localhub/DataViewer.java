package gov.nersc.huggingnersc.localhub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The "Dataset viewer" of a dataset page, as the Hub shows it above the card: the first rows of
 * the default config's first split's first data file. The default config is the one of the card's
 * {@code configs} marked {@code default: true}, else the one named {@code default}; without one
 * there is no viewer. CSV ({@code sep} of the config; tab for {@code .tsv}) and JSON Lines are
 * shown; other formats, a card with {@code viewer: false}, and anything that cannot be read get a
 * message instead. Only the first {@value #PREFIX_BYTES} bytes of the file are ever read.
 */
final class DataViewer {
    /** How much of a data file is read. */
    static final int PREFIX_BYTES = 256 << 10;
    /** Columns shown; the rest are counted. */
    static final int MAX_COLUMNS = 20;
    /** Characters shown of a cell or a column name. */
    static final int MAX_CELL = 200;

    static final String DISABLED = "The dataset viewer is disabled for this dataset";
    static final String OTHER_FORMAT = "Preview not available for this format";

    /**
     * What the viewer shows.
     *
     * @param config the config's name, or empty when none was picked
     * @param split the split shown, or empty
     * @param file the data file read, or empty
     * @param columns the column names shown, at most {@link #MAX_COLUMNS}, shortened
     * @param totalColumns how many columns the file has
     * @param rows the cells shown, shortened; null for a missing value
     * @param message why there are no rows, or empty
     */
    record View(
            String config,
            String split,
            String file,
            List<String> columns,
            int totalColumns,
            List<List<String>> rows,
            String message) {

        static View message(String config, String split, String file, String message) {
            return new View(config, split, file, List.of(), 0, List.of(), message);
        }

        /** The viewer as a section of the page; {@code base} is the dataset page's path. */
        String html(String base, String revision) {
            StringBuilder b = new StringBuilder("<section class=\"viewer\"><h2>Dataset viewer</h2>");
            if (!config.isEmpty()) {
                b.append("<p class=\"muted\">Subset <strong>")
                        .append(Html.escape(config))
                        .append("</strong>");
                if (!split.isEmpty()) {
                    b.append(" · Split <strong>").append(Html.escape(split)).append("</strong>");
                }
                if (!file.isEmpty()) {
                    b.append(" · <a href=\"")
                            .append(base)
                            .append("/resolve/")
                            .append(Html.escape(Html.pathSegments(revision)))
                            .append('/')
                            .append(Html.escape(Html.pathSegments(file)))
                            .append("\">")
                            .append(Html.escape(file))
                            .append("</a>");
                }
                b.append("</p>");
            }
            if (!message.isEmpty()) {
                return b.append("<p class=\"viewer-message\">")
                        .append(Html.escape(message))
                        .append("</p></section>")
                        .toString();
            }
            b.append("<div class=\"viewer-scroll\"><table class=\"viewer-table\"><thead><tr>");
            columns.forEach(c -> b.append("<th>").append(Html.escape(c)).append("</th>"));
            b.append("</tr></thead><tbody>");
            for (List<String> row : rows) {
                b.append("<tr>");
                row.forEach(cell ->
                        b.append(cell == null ? "<td class=\"null\">null</td>" : "<td>" + Html.escape(cell) + "</td>"));
                b.append("</tr>");
            }
            b.append("</tbody></table></div><p class=\"muted\">")
                    .append(
                            rows.isEmpty()
                                    ? "No rows"
                                    : "The first " + rows.size() + (rows.size() == 1 ? " row" : " rows"));
            if (totalColumns > columns.size()) {
                b.append("; the first ")
                        .append(columns.size())
                        .append(" of ")
                        .append(totalColumns)
                        .append(" columns");
            }
            return b.append(".</p></section>").toString();
        }
    }

    /** One split of a config: its name and its {@code data_files} paths, as written. */
    private record Split(String name, List<String> paths) {}

    private DataViewer() {}

    /**
     * The viewer for a card and the files of its revision; empty when the card sets up none.
     * Never fails: what cannot be read becomes the view's message.
     */
    static Optional<View> of(CardMetadata card, List<DatasetRepo.Entry> files, DatasetRepo repo, LfsStore lfs) {
        if (Boolean.FALSE.equals(card.data().get("viewer"))) {
            return Optional.of(View.message("", "", "", DISABLED));
        }
        Optional<Map<?, ?>> config;
        try {
            config = defaultConfig(card.data().get("configs"));
        } catch (IllegalArgumentException e) {
            return Optional.of(View.message("", "", "", "Preview not available: " + e.getMessage()));
        }
        if (config.isEmpty()) {
            return Optional.empty();
        }
        String name = config.get().get("config_name") instanceof String s ? s : "";
        try {
            return Optional.of(view(name, config.get(), files, repo, lfs));
        } catch (IOException | RuntimeException e) {
            // a broken card or file shows as a message; the page itself must not fail
            return Optional.of(View.message(name, "", "", "Preview not available: " + e.getMessage()));
        }
    }

    private static View view(
            String name, Map<?, ?> config, List<DatasetRepo.Entry> files, DatasetRepo repo, LfsStore lfs)
            throws IOException {
        Split split = firstSplit(config);
        List<String> paths = files.stream().map(DatasetRepo.Entry::path).toList();
        GitGlob.Budget budget = new GitGlob.Budget(CommitRoutes.GLOB_STEPS);
        Optional<String> found = split.paths().stream()
                .flatMap(p -> RepoGlob.matches(p, paths, budget).stream())
                .findFirst();
        if (found.isEmpty()) {
            return View.message(
                    name,
                    split.name(),
                    "",
                    "Preview not available: no file of the repo matches " + String.join(", ", split.paths()));
        }
        String path = found.get();
        String lower = path.toLowerCase(Locale.ROOT);
        if (!lower.endsWith(".csv") && !lower.endsWith(".tsv") && !lower.endsWith(".jsonl")) {
            return View.message(name, split.name(), path, OTHER_FORMAT);
        }
        char sep = separator(config, lower);
        DatasetRepo.Entry entry =
                files.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
        Optional<FilePrefix> prefix = FilePrefix.read(repo, lfs, entry, PREFIX_BYTES);
        if (prefix.isEmpty()) {
            return View.message(
                    name,
                    split.name(),
                    path,
                    "Preview not available: the LFS object of " + path + " is not stored on this hub");
        }
        byte[] bytes = prefix.get().bytes();
        int end = bytes.length;
        if (!prefix.get().whole()) {
            // only whole lines; a newline byte never occurs inside a UTF-8 character
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            if (end == 0) {
                return View.message(
                        name,
                        split.name(),
                        path,
                        "Preview not available: the first line of " + path + " is longer than " + (PREFIX_BYTES >> 10)
                                + " KiB");
            }
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        TablePreview table;
        try {
            table = lower.endsWith(".jsonl")
                    ? TablePreview.jsonLines(text)
                    : TablePreview.csv(text, sep, prefix.get().whole());
        } catch (IllegalArgumentException e) {
            return View.message(name, split.name(), path, "Preview not available: " + path + ": " + e.getMessage());
        }
        return shown(name, split.name(), path, table);
    }

    /** The table cut to what the viewer shows. */
    private static View shown(String name, String split, String path, TablePreview table) {
        if (table.columns().isEmpty()) {
            return View.message(name, split, path, "Preview not available: " + path + " holds no rows");
        }
        int n = Math.min(MAX_COLUMNS, table.columns().size());
        List<String> columns =
                table.columns().subList(0, n).stream().map(DataViewer::shorten).toList();
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : table.rows()) {
            List<String> cells = new ArrayList<>();
            row.subList(0, n).forEach(cell -> cells.add(shorten(cell)));
            rows.add(Collections.unmodifiableList(cells));
        }
        return new View(name, split, path, columns, table.columns().size(), List.copyOf(rows), "");
    }

    /** The config marked {@code default: true}, else the one named {@code default}, else none. */
    private static Optional<Map<?, ?>> defaultConfig(Object configs) {
        if (configs == null) {
            return Optional.empty();
        }
        if (!(configs instanceof List<?> list)) {
            throw new IllegalArgumentException("the card's configs is not a list of configs");
        }
        List<Map<?, ?>> maps = list.stream()
                .filter(Map.class::isInstance)
                .<Map<?, ?>>map(Map.class::cast)
                .toList();
        return maps.stream()
                .filter(c -> Boolean.TRUE.equals(c.get("default")))
                .findFirst()
                .or(() -> maps.stream()
                        .filter(c -> "default".equals(c.get("config_name")))
                        .findFirst());
    }

    /**
     * The first split of a config's {@code data_files}: a path or list of paths (the train split),
     * or a list of {@code {split, path}}; paths are relative to {@code data_dir} when it is given.
     */
    private static Split firstSplit(Map<?, ?> config) {
        Object files = config.get("data_files");
        String where = "the card's config '" + config.get("config_name") + "'";
        Split first;
        if (files instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> split) {
            Object name = split.get("split") == null ? "train" : split.get("split");
            first = new Split(String.valueOf(name), paths(split.get("path"), where));
        } else if (files instanceof String || files instanceof List<?>) {
            first = new Split("train", paths(files, where));
        } else {
            throw new IllegalArgumentException(
                    where + " has no data_files: a path, a list of paths, " + "or a list of {split, path} is expected");
        }
        Object dir = config.get("data_dir");
        if (dir instanceof String d && !d.isBlank()) {
            String prefix = d.endsWith("/") ? d : d + "/";
            return new Split(
                    first.name(), first.paths().stream().map(p -> prefix + p).toList());
        }
        return first;
    }

    private static List<String> paths(Object value, String where) {
        List<String> paths = CardMetadata.strings(value);
        if (paths == null || paths.isEmpty()) {
            throw new IllegalArgumentException(
                    where + " has a data_files path that is neither a path nor a list of paths");
        }
        return paths;
    }

    /** The config's {@code sep}, else tab for a {@code .tsv} file and comma otherwise. */
    private static char separator(Map<?, ?> config, String lowerPath) {
        Object sep = config.get("sep");
        if (sep == null) {
            return lowerPath.endsWith(".tsv") ? '\t' : ',';
        }
        if (!(sep instanceof String s) || s.length() != 1) {
            throw new IllegalArgumentException("the card's config '" + config.get("config_name") + "' has sep " + sep
                    + "; the local hub reads a one-character separator only");
        }
        return s.charAt(0);
    }

    private static String shorten(String text) {
        if (text == null || text.length() <= MAX_CELL) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_CELL - 1)) ? MAX_CELL - 1 : MAX_CELL;
        return text.substring(0, end) + "…";
    }
}
