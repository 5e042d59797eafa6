package gov.nersc.huggingnersc.localhub;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The first rows of a table file, read as the Hub's viewer reads it: CSV with a header row (an
 * empty field is a missing value), or JSON Lines (one object per line; the columns are the keys
 * in the order they first appear). Content that cannot be read is an
 * {@link IllegalArgumentException} saying where and why.
 *
 * @param columns the column names, in order
 * @param rows the cells of each row, in column order; null where a value is missing
 */
record TablePreview(List<String> columns, List<List<String>> rows) {
    /** Rows a preview shows, as the Hub's viewer shows them on a card. */
    static final int MAX_ROWS = 10;

    /**
     * The header and first rows of CSV text.
     *
     * @param sep the field separator
     * @param whole false when {@code text} is only the start of the file: a last record cut off
     *     inside quotes is then left out rather than reported
     */
    static TablePreview csv(String text, char sep, boolean whole) {
        CsvReader in = new CsvReader(text, sep, whole);
        List<String> header = in.nextRecord();
        if (header == null) {
            throw new IllegalArgumentException("the file is empty; a header row is expected");
        }
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            // pandas names a column without a header this way
            columns.add(header.get(i) == null ? "Unnamed: " + i : header.get(i));
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> record;
        while (rows.size() < MAX_ROWS && (record = in.nextRecord()) != null) {
            if (record.size() > columns.size()) {
                throw new IllegalArgumentException("line " + in.recordLine + " has " + record.size()
                        + " fields, but the header has " + columns.size());
            }
            List<String> row = new ArrayList<>(record);
            while (row.size() < columns.size()) {
                row.add(null);
            }
            rows.add(Collections.unmodifiableList(row));
        }
        return new TablePreview(List.copyOf(columns), List.copyOf(rows));
    }

    /** The first rows of JSON Lines text; {@code text} ends with a whole line. */
    static TablePreview jsonLines(String text) {
        Set<String> keys = new LinkedHashSet<>();
        List<JsonNode> objects = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length && objects.size() < MAX_ROWS; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = HubExchange.JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not valid JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException(
                        "line " + (i + 1) + " is not a JSON object; each line must hold one");
            }
            node.fieldNames().forEachRemaining(keys::add);
            objects.add(node);
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode o : objects) {
            List<String> row = new ArrayList<>();
            for (String k : keys) {
                JsonNode v = o.get(k);
                row.add(v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString());
            }
            rows.add(Collections.unmodifiableList(row));
        }
        return new TablePreview(List.copyOf(keys), List.copyOf(rows));
    }

    /**
     * Records of CSV text, RFC 4180 style: a field that starts with a double quote runs to the next
     * lone double quote (two in a row are one), and may hold separators and line breaks; blank
     * lines are skipped; an empty field is null.
     */
    private static final class CsvReader {
        private final String text;
        private final char sep;
        private final boolean whole;
        private int pos;
        private int line = 1;
        /** The line the last record started on. */
        int recordLine;

        CsvReader(String text, char sep, boolean whole) {
            this.text = text;
            this.sep = sep;
            this.whole = whole;
        }

        /** The next non-blank record, or null at the end. */
        List<String> nextRecord() {
            while (pos < text.length()) {
                recordLine = line;
                List<String> r = record();
                if (r == null) {
                    return null;
                }
                if (r.size() > 1 || r.get(0) != null) {
                    return r;
                }
            }
            return null;
        }

        private List<String> record() {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (quoted) {
                    if (c == '"' && pos < text.length() && text.charAt(pos) == '"') {
                        field.append('"');
                        pos++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        line += c == '\n' ? 1 : 0;
                        field.append(c);
                    }
                } else if (c == '"' && field.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else if (c == sep) {
                    fields.add(field.length() == 0 ? null : field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
                        pos++;
                    }
                    line++;
                    break;
                } else {
                    field.append(c);
                }
            }
            if (quoted) {
                if (!whole) {
                    return null;
                }
                throw new IllegalArgumentException(
                        "a quoted field of the row that starts on line " + recordLine + " is never closed");
            }
            fields.add(field.length() == 0 ? null : field.toString());
            return fields;
        }
    }
}
