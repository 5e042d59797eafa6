package gov.nersc.huggingnersc.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scan of an entry's data path found, as the entry keeps it (info JSON key {@code scan}).
 *
 * @param files how many files
 * @param bytes their total size
 * @param directories how many directories, the data path included
 * @param formats file formats holding the bytes, largest first (e.g. {@code csv}, {@code hdf5})
 * @param suggestedTags Hub tags the formats suggest
 * @param sizeCategory the Hub's {@code size_categories} value, when the rows could be counted exactly
 * @param scanned when the scan ran
 */
public record DataScan(
        long files,
        long bytes,
        long directories,
        List<String> formats,
        List<String> suggestedTags,
        Optional<String> sizeCategory,
        Instant scanned) {
    public DataScan {
        formats = List.copyOf(formats);
        suggestedTags = List.copyOf(suggestedTags);
        Objects.requireNonNull(sizeCategory, "sizeCategory");
        Objects.requireNonNull(scanned, "scanned");
    }
}
