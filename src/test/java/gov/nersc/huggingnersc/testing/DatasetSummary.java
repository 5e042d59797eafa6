package gov.nersc.huggingnersc.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code src/test/python/load_dataset.py} (and {@code h5_splits.py}) printed of a dataset:
 * per split its row count, its columns with their dtypes and its first row, loaded whole, and the
 * first row again when streamed.
 */
public record DatasetSummary(JsonNode json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The summary a successful run printed on its last line; fails with the run's output otherwise. */
    public static DatasetSummary of(OfficialPythonClient.Run run) {
        assertThat(run.exit()).as("the Python run failed:\n" + run).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).as("the Python run printed nothing:\n" + run).isNotEmpty();
        try {
            return new DatasetSummary(JSON.readTree(lines.get(lines.size() - 1)));
        } catch (IOException e) {
            throw new UncheckedIOException("not a summary:\n" + run, e);
        }
    }

    /** The split names, in the order the library gave them. */
    public List<String> splits() {
        List<String> out = new ArrayList<>();
        json.get("splits").fieldNames().forEachRemaining(out::add);
        return out;
    }

    public long rows(String split) {
        return json.at("/splits/" + split + "/rows").asLong(-1);
    }

    /** Column names, in order. */
    public List<String> columns(String split) {
        return new ArrayList<>(columnTypes(split).keySet());
    }

    /** Column name to dtype ({@code float32}, {@code int64}, {@code string}, ...), in order. */
    public Map<String, String> columnTypes(String split) {
        Map<String, String> out = new LinkedHashMap<>();
        json.at("/splits/" + split + "/columns")
                .fields()
                .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The split's first row, loaded whole. */
    public JsonNode first(String split) {
        return json.at("/splits/" + split + "/first");
    }

    /** The split's first row, streamed. */
    public JsonNode streamedFirst(String split) {
        return json.at("/streamed/" + split + "/first");
    }

    /**
     * Asserts that {@code split} is exactly the table in {@code csv} (header line, then one row per
     * line, no quoting): its row count, its columns in order, and its first row, whole and streamed.
     */
    public void assertIsCsv(String split, Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = List.of(lines.get(0).split(","));
        String[] firstRow = lines.get(1).split(",");
        assertThat(columns(split)).as("columns of " + split + " in " + json).containsExactlyElementsOf(header);
        assertThat(rows(split)).as("rows of " + split).isEqualTo(lines.size() - 1);
        for (JsonNode row : List.of(first(split), streamedFirst(split))) {
            assertThat(row.size()).as("the first row of " + split + ": " + row).isEqualTo(header.size());
            for (int i = 0; i < header.size(); i++) {
                JsonNode value = row.get(header.get(i));
                assertThat(value)
                        .as(header.get(i) + " of the first row of " + split + ": " + row)
                        .isNotNull();
                if (value.isNumber()) {
                    assertThat(value.asDouble()).as(header.get(i)).isEqualTo(Double.parseDouble(firstRow[i]));
                } else {
                    assertThat(value.asText()).as(header.get(i)).isEqualTo(firstRow[i]);
                }
            }
        }
    }
}
