package gov.nersc.huggingnersc.api;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code update-dataset} changes in an entry: each field left empty keeps the entry's value.
 * Start from {@link #none()} and add changes:
 *
 * <pre>{@code
 * DatasetUpdate changes = DatasetUpdate.none().withOfficialName("Iris flowers")
 *     .withMetadata(Path.of("iris_metadata.json"));
 * }</pre>
 *
 * @param officialName the dataset's new full name
 * @param metadataJson a new metadata file ({@code datacard_tags} + {@code other_info})
 * @param loaderScript a new loader script (its file name becomes the loader's name in the entry)
 * @param batchScript a new Slurm batch script
 * @param removeBatchScript true to drop the entry's batch script
 * @param dataPath a new path of the data at NERSC
 * @param checkData false to skip checking that the new data path exists on this machine
 * @param downloadLink a new download link: an http(s) URL, {@code auto} or {@code none}; without
 *     one the entry's link is kept, even when the data path changes
 * @param distributed whether the loader is distributed (then the entry has no notebook)
 * @param repoId the entry's new Hub repo, after the repo was renamed on the Hub ({@code move_repo})
 */
public record DatasetUpdate(
        Optional<String> officialName,
        Optional<Path> metadataJson,
        Optional<Path> loaderScript,
        Optional<Path> batchScript,
        boolean removeBatchScript,
        Optional<String> dataPath,
        boolean checkData,
        Optional<String> downloadLink,
        Optional<Boolean> distributed,
        Optional<RepoId> repoId) {

    public DatasetUpdate {
        Objects.requireNonNull(officialName, "officialName");
        Objects.requireNonNull(metadataJson, "metadataJson");
        Objects.requireNonNull(loaderScript, "loaderScript");
        Objects.requireNonNull(batchScript, "batchScript");
        Objects.requireNonNull(dataPath, "dataPath");
        Objects.requireNonNull(downloadLink, "downloadLink");
        Objects.requireNonNull(distributed, "distributed");
        Objects.requireNonNull(repoId, "repoId");
    }

    /** No change at all (checking the data path, should one be given). */
    public static DatasetUpdate none() {
        return new DatasetUpdate(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty(),
                true,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** True when nothing would change. */
    public boolean isEmpty() {
        return officialName.isEmpty()
                && metadataJson.isEmpty()
                && loaderScript.isEmpty()
                && batchScript.isEmpty()
                && !removeBatchScript
                && dataPath.isEmpty()
                && downloadLink.isEmpty()
                && distributed.isEmpty()
                && repoId.isEmpty();
    }

    public DatasetUpdate withOfficialName(String name) {
        return new DatasetUpdate(
                Optional.of(name),
                metadataJson,
                loaderScript,
                batchScript,
                removeBatchScript,
                dataPath,
                checkData,
                downloadLink,
                distributed,
                repoId);
    }

    public DatasetUpdate withMetadata(Path file) {
        return new DatasetUpdate(
                officialName,
                Optional.of(file),
                loaderScript,
                batchScript,
                removeBatchScript,
                dataPath,
                checkData,
                downloadLink,
                distributed,
                repoId);
    }

    public DatasetUpdate withLoader(Path file) {
        return new DatasetUpdate(
                officialName,
                metadataJson,
                Optional.of(file),
                batchScript,
                removeBatchScript,
                dataPath,
                checkData,
                downloadLink,
                distributed,
                repoId);
    }

    public DatasetUpdate withBatchScript(Path file) {
        return new DatasetUpdate(
                officialName,
                metadataJson,
                loaderScript,
                Optional.of(file),
                removeBatchScript,
                dataPath,
                checkData,
                downloadLink,
                distributed,
                repoId);
    }

    public DatasetUpdate withoutBatchScript() {
        return new DatasetUpdate(
                officialName,
                metadataJson,
                loaderScript,
                batchScript,
                true,
                dataPath,
                checkData,
                downloadLink,
                distributed,
                repoId);
    }

    /** A new data path, checked to exist on this machine unless {@code check} is false. */
    public DatasetUpdate withDataPath(String path, boolean check) {
        return new DatasetUpdate(
                officialName,
                metadataJson,
                loaderScript,
                batchScript,
                removeBatchScript,
                Optional.of(path),
                check,
                downloadLink,
                distributed,
                repoId);
    }

    public DatasetUpdate withDownloadLink(String link) {
        return new DatasetUpdate(
                officialName,
                metadataJson,
                loaderScript,
                batchScript,
                removeBatchScript,
                dataPath,
                checkData,
                Optional.of(link),
                distributed,
                repoId);
    }

    public DatasetUpdate withDistributed(boolean value) {
        return new DatasetUpdate(
                officialName,
                metadataJson,
                loaderScript,
                batchScript,
                removeBatchScript,
                dataPath,
                checkData,
                downloadLink,
                Optional.of(value),
                repoId);
    }

    /** The entry's Hub repo is now {@code id}: renamed on the Hub, the entry follows. */
    public DatasetUpdate withRepoId(RepoId id) {
        return new DatasetUpdate(
                officialName,
                metadataJson,
                loaderScript,
                batchScript,
                removeBatchScript,
                dataPath,
                checkData,
                downloadLink,
                distributed,
                Optional.of(id));
    }
}
