package gov.nersc.huggingnersc.card;

import gov.nersc.huggingnersc.metadata.Metadata;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a dataset card shows; the catalog builds it from an entry.
 *
 * @param officialName the dataset's official name: the card's title
 * @param nickname the catalog nickname (the Hub repo name)
 * @param metadata the metadata file: front matter tags and other_info
 * @param dataPath normalised absolute path of the data at NERSC
 * @param downloadLink public download link; empty when the data is not public
 * @param catalogEntryDir absolute path of the catalog entry folder
 * @param notebookUrl jupyter.nersc.gov link to the loader notebook; empty for distributed loaders
 * @param loader the loader script
 * @param batchScript the Slurm batch script, if any
 * @param distributed whether the loader runs distributed (then it has no notebook)
 * @param data what a scan of the data found, when known
 * @param globusCollection UUID of the site's Globus collection, which the card links data on CFS to
 *     (unless the metadata names a collection of its own)
 */
public record CardInput(
    String officialName,
    String nickname,
    Metadata metadata,
    String dataPath,
    Optional<String> downloadLink,
    String catalogEntryDir,
    Optional<String> notebookUrl,
    Script loader,
    Optional<Script> batchScript,
    boolean distributed,
    Optional<DataSummary> data,
    String globusCollection) {

  /** A card whose data on CFS is linked to NERSC's Globus collection, NERSC DTN. */
  public CardInput(String officialName, String nickname, Metadata metadata, String dataPath,
      Optional<String> downloadLink, String catalogEntryDir, Optional<String> notebookUrl, Script loader,
      Optional<Script> batchScript, boolean distributed, Optional<DataSummary> data) {
    this(officialName, nickname, metadata, dataPath, downloadLink, catalogEntryDir, notebookUrl, loader, batchScript,
        distributed, data, NerscPaths.NERSC_DTN_COLLECTION);
  }

  public CardInput {
    Objects.requireNonNull(officialName, "officialName");
    Objects.requireNonNull(nickname, "nickname");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(dataPath, "dataPath");
    Objects.requireNonNull(downloadLink, "downloadLink");
    Objects.requireNonNull(catalogEntryDir, "catalogEntryDir");
    Objects.requireNonNull(notebookUrl, "notebookUrl");
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(batchScript, "batchScript");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(globusCollection, "globusCollection");
  }
}
