package gov.nersc.huggingnersc.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What a dry run rendered, and where: the files an entry would have, written outside the catalog.
 *
 * @param entry the entry that would be written
 * @param where the folder the files were rendered into
 * @param files the names of the rendered files
 * @param catalogDir where the entry would go in the catalog
 * @param warnings what is allowed but looks wrong in the input (e.g. unknown metadata keys)
 */
public record DryRun(CatalogEntry entry, Path where, List<String> files, Path catalogDir, List<String> warnings) {
    public DryRun {
        files = List.copyOf(files);
        warnings = List.copyOf(warnings);
    }
}
