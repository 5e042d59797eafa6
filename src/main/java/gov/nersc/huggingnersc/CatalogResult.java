package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.catalog.CatalogEntry;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code catalogNewDataset} did.
 *
 * @param entry the entry as it is now in the catalog
 * @param where the entry's folder
 * @param status whether the entry was written now or was already there, unchanged
 * @param warnings what is allowed but looks wrong in the input (e.g. unknown metadata keys)
 */
public record CatalogResult(CatalogEntry entry, Path where, Status status, List<String> warnings) {
  public CatalogResult {
    warnings = List.copyOf(warnings);
  }

  /** Whether anything was written. */
  public enum Status {
    /** The entry was written now. */
    NEW,
    /** The same entry was already in the catalog; nothing was touched. */
    UNCHANGED
  }
}
