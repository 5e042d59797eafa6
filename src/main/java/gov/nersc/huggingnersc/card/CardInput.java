package gov.nersc.huggingnersc.card;

import gov.nersc.huggingnersc.metadata.Metadata;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a dataset card shows; the catalog builds it from an entry.
 *
 * @param officialName the dataset's official name: the card's title
 * @param nickname the catalog nickname (the Hub repo name)
 * @param metadata the metadata file: front matter tags and other_info
 * @param dataPath normalised absolute path of the data at NERSC; empty when the entry records none
 * @param downloadLink public download link; empty when the data is not public
 * @param catalogEntryDir absolute path of the catalog entry folder
 * @param notebookUrl jupyter.nersc.gov link to the loader notebook; empty for distributed loaders
 * @param loader the loader script
 * @param batchScript the Slurm batch script, if any
 * @param distributed whether the loader runs distributed (then it has no notebook)
 * @param data what a scan of the data found, when known
 */
public record CardInput(
    String officialName,
    String nickname,
    Metadata metadata,
    Optional<String> dataPath,
    Optional<String> downloadLink,
    String catalogEntryDir,
    Optional<String> notebookUrl,
    Script loader,
    Optional<Script> batchScript,
    boolean distributed,
    Optional<DataSummary> data) {

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
  }
}
