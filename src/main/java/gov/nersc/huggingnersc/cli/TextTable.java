package gov.nersc.huggingnersc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A plain-text table: columns as wide as their content, and when the rows would be wider than the
 * terminal, the columns named as shrinkable narrowed (the widest first) with {@code …} at the end of
 * cut values.
 */
final class TextTable {
    private static final String GAP = "  ";
    /** A shrinkable column keeps at least this many characters (or its header's width). */
    private static final int MIN_WIDTH = 8;

    private final List<String> headers;
    private final Set<Integer> shrinkable;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param headers the column titles
     * @param shrinkable the indexes of the columns that may be cut to fit the width
     */
    TextTable(List<String> headers, Set<Integer> shrinkable) {
        this.headers = List.copyOf(headers);
        this.shrinkable = Set.copyOf(shrinkable);
    }

    void add(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("a row needs " + headers.size() + " cells, got " + cells.size());
        }
        rows.add(cells.stream()
                .map(c -> c == null ? "" : c.replaceAll("[\\r\\n\\t]+", " "))
                .toList());
    }

    /** The table, one line per row after the header line, each at most {@code width} characters when it can be. */
    String render(int width) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = length(headers.get(i));
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], length(row.get(i)));
            }
        }
        int total = GAP.length() * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        while (total > width) {
            int widest = -1;
            for (int i : shrinkable) {
                int floor = Math.max(MIN_WIDTH, length(headers.get(i)));
                if (widths[i] > floor && (widest < 0 || widths[i] > widths[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                break; // nothing left to narrow: the terminal wraps
            }
            widths[widest]--;
            total--;
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = fit(cells.get(i), widths[i]);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - length(cell))).append(GAP);
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    private static String fit(String text, int width) {
        if (length(text) <= width) {
            return text;
        }
        int end = text.offsetByCodePoints(0, width - 1);
        return text.substring(0, end) + "…";
    }

    /** Width in characters as a terminal counts them (code points, not UTF-16 units). */
    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }
}
