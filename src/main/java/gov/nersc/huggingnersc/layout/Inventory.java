package gov.nersc.huggingnersc.layout;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dataset's file inventory, {@code nersc_files.csv}: one row per data file with its path, split,
 * format, size, SHA-256, public URL, path at NERSC and how much of it the repo's sample holds. It
 * lives in the catalog entry (the sample is read back from it when publishing) and, for datasets
 * of many files, in the repo, where it is a config of its own so the viewer lets people browse the
 * files, and the card's snippets read their file lists from it.
 *
 * @param files in path order
 */
public record Inventory(List<DataFile> files) {
    /** Its file name, in the entry and in the repo. */
    public static final String FILE_NAME = "nersc_files.csv";
    /** Its columns. */
    public static final List<String> COLUMNS =
            List.of("path", "split", "format", "size", "sha256", "url", "nersc_path", "sample_bytes");

    public Inventory {
        files = List.copyOf(files);
    }

    /** The CSV text (RFC 4180, LF line ends, UTF-8). */
    public String toCsv() {
        StringBuilder b = new StringBuilder(64 + files.size() * 160);
        b.append(String.join(",", COLUMNS)).append('\n');
        for (DataFile f : files) {
            b.append(field(f.path()))
                    .append(',')
                    .append(f.split())
                    .append(',')
                    .append(f.format().map(DataFormat::id).orElse(""))
                    .append(',')
                    .append(f.size())
                    .append(',')
                    .append(f.sha256().orElse(""))
                    .append(',')
                    .append(field(f.url().orElse("")))
                    .append(',')
                    .append(field(f.nerscPath()))
                    .append(',')
                    .append(f.sampleBytes())
                    .append('\n');
        }
        return b.toString();
    }

    /**
     * Reads an inventory this tool wrote.
     *
     * @throws InvalidInputException when the text is not one ({@code where} names the file)
     */
    public static Inventory parse(String csv, String where) {
        List<List<String>> rows = Csv.rows(csv, where);
        if (rows.isEmpty() || !rows.get(0).equals(COLUMNS)) {
            throw new InvalidInputException(where + ": not a file inventory; its first line must be "
                    + String.join(",", COLUMNS) + "; write it again with 'huggingnersc update-dataset'");
        }
        List<DataFile> files = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> r = rows.get(i);
            if (r.size() != COLUMNS.size()) {
                throw new InvalidInputException(
                        where + ": line " + (i + 1) + " has " + r.size() + " fields, not " + COLUMNS.size());
            }
            try {
                files.add(new DataFile(
                        r.get(0),
                        r.get(1),
                        DataFormat.byId(r.get(2)),
                        Long.parseLong(r.get(3)),
                        optional(r.get(4)),
                        optional(r.get(5)),
                        r.get(6),
                        Long.parseLong(r.get(7))));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(where + ": line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Inventory(files);
    }

    /**
     * The inventory of data that was not listed: one row for the data as a whole, with its path at
     * NERSC and its public URL, so that the repo's one config loads where the data is.
     */
    public static Inventory unlisted(Optional<String> nerscPath, Optional<String> url) {
        return new Inventory(List.of(
                new DataFile(DataFile.WHOLE, "", Optional.empty(), 0, Optional.empty(), url, nerscPath.orElse(""), 0)));
    }

    /** True when the files were listed; false for {@link #unlisted}. */
    public boolean listed() {
        return !(files.size() == 1 && files.get(0).path().equals(DataFile.WHOLE));
    }

    /** The files the sample holds. */
    public List<DataFile> sample() {
        return files.stream().filter(DataFile::sampled).toList();
    }

    /** Total bytes of the data. */
    public long bytes() {
        return files.stream().mapToLong(DataFile::size).sum();
    }

    private static Optional<String> optional(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static String field(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
