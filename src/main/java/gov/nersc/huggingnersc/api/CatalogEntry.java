package gov.nersc.huggingnersc.api;

import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.Metadata;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the catalog knows about one dataset: its names, where its bytes live, how to load them, its
 * metadata, and whether (and by which commit) it was published on the Hub.
 *
 * <p>Entries written by the earlier Python tool carry only its six facts (nickname, official name,
 * Hub page, data directory, catalog directory, metadata); the rest is then unknown or inferred, and
 * {@link #origin()} says so.
 *
 * @param nickname the short name: the entry's folder and the Hub repo's name
 * @param officialName the dataset's full name
 * @param repoId the Hub repo {@code <org>/<nickname>}
 * @param endpoint the Hub the repo lives on, e.g. {@code https://huggingface.co}
 * @param dataPath where the bytes live (normalised, see {@code NerscPaths.normalise}); empty when the
 *     entry records none (cataloged in the short form, without {@code --data-path}): the data
 *     commands refuse it until {@code update-dataset --data-path} sets one
 * @param downloadLink the public download link, if the data is public
 * @param loaderScript the loader's file name in the entry (unknown for earlier-tool entries)
 * @param batchScript the Slurm batch script's file name in the entry, if any
 * @param distributed true for a distributed loader, which gets no notebook
 * @param metadata the metadata file's content
 * @param created when the entry was first written
 * @param updated when the entry was last changed
 * @param published the Hub commit that published the entry, if it was published
 * @param schemaVersion the info JSON's format: {@link #SCHEMA_VERSION}, or 0 for the earlier tool's
 * @param origin which tool wrote the entry
 * @param scan what the last scan of the data path found, if it was scanned
 * @param manifest the manifest of the data recorded in the entry folder, if one was built
 */
public record CatalogEntry(
    String nickname,
    String officialName,
    RepoId repoId,
    String endpoint,
    Optional<String> dataPath,
    Optional<String> downloadLink,
    Optional<String> loaderScript,
    Optional<String> batchScript,
    boolean distributed,
    Metadata metadata,
    Instant created,
    Instant updated,
    Optional<Published> published,
    int schemaVersion,
    Origin origin,
    Optional<DataScan> scan,
    Optional<EntryManifest> manifest) {

  /** The info JSON format this version writes. */
  public static final int SCHEMA_VERSION = 1;

  /** Which tool wrote an entry. */
  public enum Origin {
    /** HuggingNERSC: every field is known. */
    HUGGINGNERSC,
    /** The earlier Python tool: the loader, download link and times were not recorded. */
    EARLIER_TOOL
  }

  public CatalogEntry {
    Objects.requireNonNull(nickname, "nickname");
    Objects.requireNonNull(officialName, "officialName");
    Objects.requireNonNull(repoId, "repoId");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(dataPath, "dataPath");
    Objects.requireNonNull(downloadLink, "downloadLink");
    Objects.requireNonNull(loaderScript, "loaderScript");
    Objects.requireNonNull(batchScript, "batchScript");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(published, "published");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(scan, "scan");
    Objects.requireNonNull(manifest, "manifest");
  }

  /** An entry with no recorded scan and no manifest. */
  public CatalogEntry(String nickname, String officialName, RepoId repoId, String endpoint,
      Optional<String> dataPath, Optional<String> downloadLink, Optional<String> loaderScript, Optional<String> batchScript,
      boolean distributed, Metadata metadata, Instant created, Instant updated, Optional<Published> published,
      int schemaVersion, Origin origin) {
    this(nickname, officialName, repoId, endpoint, dataPath, downloadLink, loaderScript, batchScript, distributed,
        metadata, created, updated, published, schemaVersion, origin, Optional.empty(), Optional.empty());
  }

  /** The dataset's page on the Hub, as the earlier tool's {@code hf_dir}: with a trailing slash. */
  public String hubUrl() {
    return new HubEndpoint(endpoint).repoUrl(repoId) + "/";
  }

  /** The notebook's file name, {@code <nickname>_dataloader.ipynb} (distributed loaders have none). */
  public String notebookFileName() {
    return notebookFileName(nickname);
  }

  /** The info JSON's file name, {@code <nickname>_info.json}. */
  public String infoFileName() {
    return infoFileName(nickname);
  }

  public static String notebookFileName(String nickname) {
    return nickname + "_dataloader.ipynb";
  }

  public static String infoFileName(String nickname) {
    return nickname + "_info.json";
  }

  /** True when the entry records a commit on the Hub. */
  public boolean isPublished() {
    return published.isPresent();
  }

  /** This entry, marked as published by {@code commit} at {@code time}. */
  public CatalogEntry withPublished(Published p) {
    return new CatalogEntry(nickname, officialName, repoId, endpoint, dataPath, downloadLink, loaderScript,
        batchScript, distributed, metadata, created, updated, Optional.of(p), schemaVersion, origin, scan, manifest);
  }

  /**
   * This entry as published to another repo: {@code repo} on {@code hubEndpoint}, with no
   * publication yet (the one it records was of its old repo).
   */
  public CatalogEntry movedTo(RepoId repo, String hubEndpoint) {
    return new CatalogEntry(nickname, officialName, repo, hubEndpoint, dataPath, downloadLink, loaderScript,
        batchScript, distributed, metadata, created, updated, Optional.empty(), schemaVersion, origin, scan, manifest);
  }

  /** This entry with {@code s} as the recorded scan of its data (empty: none). */
  public CatalogEntry withScan(Optional<DataScan> s) {
    return new CatalogEntry(nickname, officialName, repoId, endpoint, dataPath, downloadLink, loaderScript,
        batchScript, distributed, metadata, created, updated, published, schemaVersion, origin, s, manifest);
  }

  /** This entry with {@code m} as its recorded manifest (empty: none). */
  public CatalogEntry withManifest(Optional<EntryManifest> m) {
    return new CatalogEntry(nickname, officialName, repoId, endpoint, dataPath, downloadLink, loaderScript,
        batchScript, distributed, metadata, created, updated, published, schemaVersion, origin, scan, m);
  }

  /** The manifest's file name in the entry folder, {@code <nickname>_manifest.jsonl.gz}. */
  public String manifestFileName() {
    return manifestFileName(nickname);
  }

  public static String manifestFileName(String nickname) {
    return nickname + "_manifest.jsonl.gz";
  }
}
