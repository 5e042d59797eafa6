package gov.nersc.huggingnersc.layout;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV reading: quoted fields with doubled quotes and line breaks inside. */
public final class Csv {
    private Csv() {}

    static List<List<String>> rows(String text, String where) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                rows.add(row);
                row = new ArrayList<>();
                field.setLength(0);
                any = false;
            } else {
                field.append(c);
                any = true;
            }
        }
        if (quoted) {
            throw new InvalidInputException(where + ": a quoted field is not closed");
        }
        if (any || field.length() > 0) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    /**
     * The first line's fields (a CSV header), from the start of a file: RFC 4180 quoting for {@code ,},
     * a plain split for other separators (TSV has no quoting).
     *
     * @throws InvalidInputException when a quoted field is not closed on the first line
     */
    public static List<String> header(String start, char separator) {
        int end = start.indexOf('\n');
        String line = (end < 0 ? start : start.substring(0, end)).replace("\r", "");
        if (separator == ',') {
            List<List<String>> rows = rows(line, "header");
            return rows.isEmpty() ? List.of() : rows.get(0);
        }
        return List.of(line.split(String.valueOf(separator), -1));
    }
}
