package gov.nersc.huggingnersc.croissant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.layout.Csv;
import gov.nersc.huggingnersc.layout.DataFile;
import gov.nersc.huggingnersc.layout.DataFormat;
import gov.nersc.huggingnersc.layout.Inventory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns of a dataset's CSV and TSV data, as the header line of the first file of each format
 * names them: what {@code croissant.json}'s RecordSets list.
 *
 * @param byFormat {@link DataFormat#CSV} and {@link DataFormat#TSV}, when the data has them, to the
 *     column names in header order
 */
public record TableColumns(Map<DataFormat, List<String>> byFormat) {
    /** No columns: the data has no CSV or TSV file, or it was not read. */
    public static final TableColumns NONE = new TableColumns(Map.of());
    /** At most this many bytes of a file are read for its header; a longer header line is not used. */
    public static final int HEADER_BYTES = 64 << 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    public TableColumns {
        Map<DataFormat, List<String>> copy = new EnumMap<>(DataFormat.class);
        byFormat.forEach((format, names) -> copy.put(format, List.copyOf(names)));
        byFormat = Collections.unmodifiableMap(copy);
    }

    /** The columns of {@code format}'s files; empty when there are none. */
    public List<String> of(DataFormat format) {
        return byFormat.getOrDefault(format, List.of());
    }

    /**
     * Reads the header line of the first CSV and of the first TSV file of {@code inventory} (in path
     * order). A file that cannot be read, or whose header is not one line within {@link
     * #HEADER_BYTES}, gives no columns: croissant.json then has no RecordSet for its format.
     *
     * @param root the data on this machine: its folder, or its one file
     */
    public static TableColumns read(Inventory inventory, Path root) {
        Path base = Files.isDirectory(root) ? root : root.getParent();
        Map<DataFormat, List<String>> out = new EnumMap<>(DataFormat.class);
        for (DataFormat format : List.of(DataFormat.CSV, DataFormat.TSV)) {
            filesOf(format, inventory.files()).stream()
                    .findFirst()
                    .flatMap(f -> header(base.resolve(f.path()), format == DataFormat.TSV ? '\t' : ','))
                    .filter(names -> !names.isEmpty())
                    .ifPresent(names -> out.put(format, names));
        }
        return new TableColumns(out);
    }

    /**
     * The columns that a {@code croissant.json} this tool rendered gives its CSV and TSV RecordSets:
     * what a re-run renders again, so that it does not depend on the data as it is now. {@link
     * #NONE} for text that is not such a document.
     */
    public static TableColumns recorded(String croissantJson) {
        JsonNode recordSets;
        try {
            recordSets = JSON.readTree(croissantJson).path("recordSet");
        } catch (IOException | RuntimeException damaged) {
            return NONE;
        }
        Map<DataFormat, List<String>> out = new EnumMap<>(DataFormat.class);
        for (JsonNode set : recordSets) {
            Optional<DataFormat> format =
                    DataFormat.byId(set.path("@id").asText("")).filter(f -> f == DataFormat.CSV || f == DataFormat.TSV);
            if (format.isPresent()) {
                List<String> names = new ArrayList<>();
                set.path("field")
                        .forEach(field -> names.add(field.path("source")
                                .path("extract")
                                .path("column")
                                .asText()));
                out.put(format.get(), names);
            }
        }
        return new TableColumns(out);
    }

    private static Optional<List<String>> header(Path file, char separator) {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(HEADER_BYTES);
        } catch (IOException e) {
            return Optional.empty(); // croissant.json is then without this RecordSet, not the entry without its card
        }
        String text = new String(start, StandardCharsets.UTF_8);
        if (text.indexOf('\n') < 0 && start.length == HEADER_BYTES) {
            return Optional.empty();
        }
        try {
            return Optional.of(usable(Csv.header(text.startsWith("\uFEFF") ? text.substring(1) : text, separator)));
        } catch (InvalidInputException unclosedQuote) {
            return Optional.empty();
        }
    }

    // a column without a name, or a second one of a name, could not be told apart in a RecordSet's field ids
    private static List<String> usable(List<String> names) {
        LinkedHashSet<String> out = new LinkedHashSet<>(names);
        out.remove("");
        return List.copyOf(out);
    }

    /** The data files {@code format}'s RecordSet reads: those of {@code files} in that format. */
    static List<DataFile> filesOf(DataFormat format, List<DataFile> files) {
        return files.stream().filter(f -> f.format().orElse(null) == format).toList();
    }
}
