package gov.nersc.huggingnersc.api;

import java.nio.file.Path;
import java.util.List;

/**
 * A catalog entry as found on disk.
 *
 * @param entry what the entry's info JSON says
 * @param location the entry's folder
 * @param files the names of the files in the folder
 */
public record InspectedEntry(CatalogEntry entry, Path location, List<String> files) {
    public InspectedEntry {
        files = List.copyOf(files);
    }
}
