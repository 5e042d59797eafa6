package gov.nersc.huggingnersc.card;

import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.layout.DataLayout;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a dataset card shows; the catalog builds it from an entry.
 *
 * @param officialName the dataset's official name: the card's title
 * @param nickname the catalog nickname (the Hub repo name)
 * @param metadata the metadata file: front matter tags and other_info
 * @param dataPath normalised absolute path of the data at NERSC; empty when the entry records none; empty when the entry records none
 * @param downloadLink public download link; empty when the data is not public
 * @param catalogEntryDir absolute path of the catalog entry folder
 * @param notebookUrl jupyter.nersc.gov link to the loader notebook; empty for distributed loaders
 * @param loader the loader script
 * @param batchScript the Slurm batch script, if any
 * @param distributed whether the loader runs distributed (then it has no notebook)
 * @param data what a scan of the data found, when known
 * @param globusCollection UUID of the site's Globus collection, which the card links data on CFS to
 *     (unless the metadata names a collection of its own)
 * @param repoId the Hub repo, {@code <org>/<nickname>}, as the card's snippets load it
 * @param layout what the repo shows of the data (sample, configs, file lists), when the data was listed
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
        Optional<DataSummary> data,
        String globusCollection,
        String repoId,
        Optional<DataLayout> layout) {

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
        Objects.requireNonNull(repoId, "repoId");
        Objects.requireNonNull(layout, "layout");
    }

    /** A card for the repo {@code NERSC/<nickname>} whose data on CFS is linked to NERSC DTN, and was not listed. */
    public CardInput(
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
        this(
                officialName,
                nickname,
                metadata,
                dataPath,
                downloadLink,
                catalogEntryDir,
                notebookUrl,
                loader,
                batchScript,
                distributed,
                data,
                NerscPaths.NERSC_DTN_COLLECTION);
    }

    /** A card for the repo {@code NERSC/<nickname>} whose data was not listed. */
    public CardInput(
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
            Optional<DataSummary> data,
            String globusCollection) {
        this(
                officialName,
                nickname,
                metadata,
                dataPath,
                downloadLink,
                catalogEntryDir,
                notebookUrl,
                loader,
                batchScript,
                distributed,
                data,
                globusCollection,
                "NERSC/" + nickname,
                Optional.empty());
    }

    /** This input for the repo {@code repoId}, whose data is laid out as {@code layout} (empty: not listed). */
    public CardInput withLayout(String repoId, Optional<DataLayout> layout) {
        return new CardInput(
                officialName,
                nickname,
                metadata,
                dataPath,
                downloadLink,
                catalogEntryDir,
                notebookUrl,
                loader,
                batchScript,
                distributed,
                data,
                globusCollection,
                repoId,
                layout);
    }
}
