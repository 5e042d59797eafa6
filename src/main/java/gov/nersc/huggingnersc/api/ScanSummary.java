package gov.nersc.huggingnersc.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a scan found under a data path.
 *
 * @param root the data path scanned, as given
 * @param files regular files, each once: links are not followed
 * @param bytes their total size
 * @param directories directories walked, the root included
 * @param symlinksSkipped links pointing out of the tree, into a loop, or nowhere: not followed
 * @param linksInTree links to files or folders inside the tree: not followed, as their targets are
 *     counted where they are
 * @param vanished entries that disappeared between being listed and being read
 * @param unreadable entries that could not be listed or read, with the reason
 * @param formats per format id ({@code FileFormat.id()}), largest first: files (for Zarr: stores)
 *     and bytes. The signature decides; the extension only for text formats
 * @param extensions per lower-case file extension ("" for none), largest first
 * @param extensionMismatches files whose signature contradicts their extension ("path: ext says X, content is Y")
 * @param largest the ten largest files, largest first
 * @param newestModified the newest modification time of any file; null when there are no files
 * @param suggestedTags Hub tags for the formats holding data, largest first
 * @param rows the exact row count when every data file is a table whose rows were counted (CSV, TSV
 *     and JSON Lines up to {@code DataScanner.ROW_COUNT_BUDGET} bytes in all; Parquet from its
 *     footer); -1 otherwise
 * @param elapsedMillis how long the scan took
 * @param threads how many threads walked
 */
public record ScanSummary(
        String root,
        long files,
        long bytes,
        long directories,
        long symlinksSkipped,
        long linksInTree,
        long vanished,
        FirstFew unreadable,
        Map<String, FormatCount> formats,
        Map<String, FormatCount> extensions,
        FirstFew extensionMismatches,
        List<LargestFile> largest,
        Instant newestModified,
        List<String> suggestedTags,
        long rows,
        long elapsedMillis,
        int threads) {

    public ScanSummary {
        formats = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(formats));
        extensions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extensions));
        largest = List.copyOf(largest);
        suggestedTags = List.copyOf(suggestedTags);
    }

    /** How many files, and how many bytes, of one format or extension. */
    public record FormatCount(long count, long bytes) {}

    /** One of the largest files: its path relative to the root, and its size. */
    public record LargestFile(String path, long bytes) {}

    /** The newest modification time, if there is any file. */
    public Optional<Instant> newest() {
        return Optional.ofNullable(newestModified);
    }

    /** The Hub's {@code size_categories} value for the exact row count, when there is one. */
    public Optional<String> sizeCategory() {
        return rows < 0 ? Optional.empty() : Optional.of(sizeCategoryOf(rows));
    }

    /**
     * The Hub's {@code size_categories} value for a number of rows: {@code n<1K}, {@code 1K<n<10K},
     * ... {@code n>1T}. A count on a boundary goes to the upper class (1,000 rows is {@code 1K<n<10K}).
     */
    public static String sizeCategoryOf(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative: " + rows);
        }
        String[] names = {"1K", "10K", "100K", "1M", "10M", "100M", "1B", "10B", "100B", "1T"};
        if (rows < 1_000) {
            return "n<1K";
        }
        long bound = 1_000;
        for (int i = 0; i < names.length - 1; i++) {
            if (rows < bound * 10) {
                return names[i] + "<n<" + names[i + 1];
            }
            bound *= 10;
        }
        return "n>1T";
    }
}
