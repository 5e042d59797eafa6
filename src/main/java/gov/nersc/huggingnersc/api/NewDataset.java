package gov.nersc.huggingnersc.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to catalog a new dataset: the arguments of {@code catalog-new-dataset}, in the earlier
 * tool's order.
 *
 * @param officialName the dataset's full name, e.g. {@code Iris}
 * @param nickname the short name: the entry's folder and the Hub repo's name
 * @param loaderScript the Python file that loads the data
 * @param dataPath where the bytes live (a NERSC path; aliases such as {@code $CFS} are normalised);
 *     empty when none is given (the short form): then the collection's data folder of this
 *     nickname, when it exists ({@code nersc.NerscPaths.collectionDataFolder}),
 *     else the entry records no data path and nothing is scanned
 * @param downloadLink an http(s) URL, {@code auto} (derived from a {@code www} path) or {@code none};
 *     empty when none is given: derived as with {@code auto} when the data path is under a {@code
 *     www} directory, else none
 * @param metadataJson the metadata file ({@code datacard_tags} + {@code other_info})
 * @param batchScript a Slurm batch script that runs the loader, if any
 * @param distributed true for a distributed loader, which gets no notebook
 * @param checkData false to skip checking that the data path exists (cataloging a NERSC path from
 *     elsewhere); then the data is not scanned either
 * @param scan scan the data path (files, bytes, formats) for the card and the entry
 */
public record NewDataset(
    String officialName,
    String nickname,
    Path loaderScript,
    Optional<String> dataPath,
    Optional<String> downloadLink,
    Path metadataJson,
    Optional<Path> batchScript,
    boolean distributed,
    boolean checkData,
    boolean scan) {

  public NewDataset {
    Objects.requireNonNull(dataPath, "dataPath (use Optional.empty())");
    Objects.requireNonNull(downloadLink, "downloadLink (use Optional.empty())");
    Objects.requireNonNull(batchScript, "batchScript (use Optional.empty())");
  }

  /** A request in the full form: the data path and the download link given (null: not given). */
  public NewDataset(String officialName, String nickname, Path loaderScript, String dataPath, String downloadLink,
      Path metadataJson, Optional<Path> batchScript, boolean distributed, boolean checkData, boolean scan) {
    this(officialName, nickname, loaderScript, Optional.ofNullable(dataPath), Optional.ofNullable(downloadLink),
        metadataJson, batchScript, distributed, checkData, scan);
  }

  /** A request in the full form that scans the data whenever it checks that the data exists. */
  public NewDataset(String officialName, String nickname, Path loaderScript, String dataPath, String downloadLink,
      Path metadataJson, Optional<Path> batchScript, boolean distributed, boolean checkData) {
    this(officialName, nickname, loaderScript, dataPath, downloadLink, metadataJson, batchScript, distributed,
        checkData, checkData);
  }
}
