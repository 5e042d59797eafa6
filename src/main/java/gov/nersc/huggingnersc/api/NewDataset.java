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
    public NewDataset(
            String officialName,
            String nickname,
            Path loaderScript,
            String dataPath,
            String downloadLink,
            Path metadataJson,
            Optional<Path> batchScript,
            boolean distributed,
            boolean checkData,
            boolean scan) {
        this(
                officialName,
                nickname,
                loaderScript,
                Optional.ofNullable(dataPath),
                Optional.ofNullable(downloadLink),
                metadataJson,
                batchScript,
                distributed,
                checkData,
                scan);
    }

    /** A request in the full form that scans the data whenever it checks that the data exists. */
    public NewDataset(
            String officialName,
            String nickname,
            Path loaderScript,
            String dataPath,
            String downloadLink,
            Path metadataJson,
            Optional<Path> batchScript,
            boolean distributed,
            boolean checkData) {
        this(
                officialName,
                nickname,
                loaderScript,
                dataPath,
                downloadLink,
                metadataJson,
                batchScript,
                distributed,
                checkData,
                checkData);
    }

    /**
     * A builder of a request: name the arguments you give, by name. Not given: no data path and no
     * download link (the short form), no batch script, a notebook loader, the data checked, and scanned
     * whenever it is checked.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this request's arguments. */
    public Builder toBuilder() {
        return builder()
                .officialName(officialName)
                .nickname(nickname)
                .loaderScript(loaderScript)
                .dataPath(dataPath)
                .downloadLink(downloadLink)
                .metadataJson(metadataJson)
                .batchScript(batchScript)
                .distributed(distributed)
                .checkData(checkData)
                .scan(scan);
    }

    /** Builds a {@link NewDataset} argument by argument; see {@link NewDataset#builder()}. */
    public static final class Builder {
        private String officialName;
        private String nickname;
        private Path loaderScript;
        private Optional<String> dataPath = Optional.empty();
        private Optional<String> downloadLink = Optional.empty();
        private Path metadataJson;
        private Optional<Path> batchScript = Optional.empty();
        private boolean distributed;
        private boolean checkData = true;
        private Boolean scan;

        private Builder() {}

        /** Sets {@link NewDataset#officialName()}. */
        public Builder officialName(String officialName) {
            this.officialName = officialName;
            return this;
        }

        /** Sets {@link NewDataset#nickname()}. */
        public Builder nickname(String nickname) {
            this.nickname = nickname;
            return this;
        }

        /** Sets {@link NewDataset#loaderScript()}. */
        public Builder loaderScript(Path loaderScript) {
            this.loaderScript = loaderScript;
            return this;
        }

        /** Sets {@link NewDataset#dataPath()}; empty: not given. */
        public Builder dataPath(Optional<String> dataPath) {
            this.dataPath = Objects.requireNonNull(dataPath, "dataPath");
            return this;
        }

        /** Sets {@link NewDataset#dataPath()}; null: not given. */
        public Builder dataPath(String dataPath) {
            this.dataPath = Optional.ofNullable(dataPath);
            return this;
        }

        /** Sets {@link NewDataset#downloadLink()}; empty: not given. */
        public Builder downloadLink(Optional<String> downloadLink) {
            this.downloadLink = Objects.requireNonNull(downloadLink, "downloadLink");
            return this;
        }

        /** Sets {@link NewDataset#downloadLink()}; null: not given. */
        public Builder downloadLink(String downloadLink) {
            this.downloadLink = Optional.ofNullable(downloadLink);
            return this;
        }

        /** Sets {@link NewDataset#metadataJson()}. */
        public Builder metadataJson(Path metadataJson) {
            this.metadataJson = metadataJson;
            return this;
        }

        /** Sets {@link NewDataset#batchScript()}; empty: not given. */
        public Builder batchScript(Optional<Path> batchScript) {
            this.batchScript = Objects.requireNonNull(batchScript, "batchScript");
            return this;
        }

        /** Sets {@link NewDataset#batchScript()}; null: none. */
        public Builder batchScript(Path batchScript) {
            this.batchScript = Optional.ofNullable(batchScript);
            return this;
        }

        /** Sets {@link NewDataset#distributed()}. */
        public Builder distributed(boolean distributed) {
            this.distributed = distributed;
            return this;
        }

        /** Sets {@link NewDataset#checkData()}. */
        public Builder checkData(boolean checkData) {
            this.checkData = checkData;
            return this;
        }

        /** Sets {@link NewDataset#scan()}; by default the data is scanned whenever it is checked. */
        public Builder scan(boolean scan) {
            this.scan = scan;
            return this;
        }

        /** The request. */
        public NewDataset build() {
            return new NewDataset(
                    officialName,
                    nickname,
                    loaderScript,
                    dataPath,
                    downloadLink,
                    metadataJson,
                    batchScript,
                    distributed,
                    checkData,
                    scan != null ? scan : checkData);
        }
    }
}
