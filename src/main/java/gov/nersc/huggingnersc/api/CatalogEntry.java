package gov.nersc.huggingnersc.api;

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
    public CatalogEntry(
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
            Origin origin) {
        this(
                nickname,
                officialName,
                repoId,
                endpoint,
                dataPath,
                downloadLink,
                loaderScript,
                batchScript,
                distributed,
                metadata,
                created,
                updated,
                published,
                schemaVersion,
                origin,
                Optional.empty(),
                Optional.empty());
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
        return toBuilder().published(Optional.of(p)).build();
    }

    /**
     * This entry as published to another repo: {@code repo} on {@code hubEndpoint}, with no
     * publication yet (the one it records was of its old repo).
     */
    public CatalogEntry movedTo(RepoId repo, String hubEndpoint) {
        return toBuilder()
                .repoId(repo)
                .endpoint(hubEndpoint)
                .published(Optional.empty())
                .build();
    }

    /** This entry with {@code s} as the recorded scan of its data (empty: none). */
    public CatalogEntry withScan(Optional<DataScan> s) {
        return toBuilder().scan(s).build();
    }

    /** This entry with {@code m} as its recorded manifest (empty: none). */
    public CatalogEntry withManifest(Optional<EntryManifest> m) {
        return toBuilder().manifest(m).build();
    }

    /** The manifest's file name in the entry folder, {@code <nickname>_manifest.jsonl.gz}. */
    public String manifestFileName() {
        return manifestFileName(nickname);
    }

    public static String manifestFileName(String nickname) {
        return nickname + "_manifest.jsonl.gz";
    }

    /**
     * A builder of an entry: name the components you have, by name; the optional ones start empty, the
     * schema is {@link #SCHEMA_VERSION}, the origin {@link Origin#HUGGINGNERSC}, and {@code updated}
     * defaults to {@code created}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this entry's components. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.nickname = nickname;
        b.officialName = officialName;
        b.repoId = repoId;
        b.endpoint = endpoint;
        b.dataPath = dataPath;
        b.downloadLink = downloadLink;
        b.loaderScript = loaderScript;
        b.batchScript = batchScript;
        b.distributed = distributed;
        b.metadata = metadata;
        b.created = created;
        b.updated = updated;
        b.published = published;
        b.schemaVersion = schemaVersion;
        b.origin = origin;
        b.scan = scan;
        b.manifest = manifest;
        return b;
    }

    /** Builds a {@link CatalogEntry} component by component; see {@link CatalogEntry#builder()}. */
    public static final class Builder {
        private String nickname;
        private String officialName;
        private RepoId repoId;
        private String endpoint;
        private Optional<String> dataPath = Optional.empty();
        private Optional<String> downloadLink = Optional.empty();
        private Optional<String> loaderScript = Optional.empty();
        private Optional<String> batchScript = Optional.empty();
        private boolean distributed;
        private Metadata metadata;
        private Instant created;
        private Instant updated;
        private Optional<Published> published = Optional.empty();
        private int schemaVersion = SCHEMA_VERSION;
        private Origin origin = Origin.HUGGINGNERSC;
        private Optional<DataScan> scan = Optional.empty();
        private Optional<EntryManifest> manifest = Optional.empty();

        private Builder() {}

        /** Sets {@link CatalogEntry#nickname()}. */
        public Builder nickname(String nickname) {
            this.nickname = nickname;
            return this;
        }

        /** Sets {@link CatalogEntry#officialName()}. */
        public Builder officialName(String officialName) {
            this.officialName = officialName;
            return this;
        }

        /** Sets {@link CatalogEntry#repoId()}. */
        public Builder repoId(RepoId repoId) {
            this.repoId = repoId;
            return this;
        }

        /** Sets {@link CatalogEntry#endpoint()}. */
        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Sets {@link CatalogEntry#dataPath()}. */
        public Builder dataPath(Optional<String> dataPath) {
            this.dataPath = dataPath;
            return this;
        }

        /** Sets {@link CatalogEntry#downloadLink()}. */
        public Builder downloadLink(Optional<String> downloadLink) {
            this.downloadLink = downloadLink;
            return this;
        }

        /** Sets {@link CatalogEntry#loaderScript()}. */
        public Builder loaderScript(Optional<String> loaderScript) {
            this.loaderScript = loaderScript;
            return this;
        }

        /** Sets {@link CatalogEntry#batchScript()}. */
        public Builder batchScript(Optional<String> batchScript) {
            this.batchScript = batchScript;
            return this;
        }

        /** Sets {@link CatalogEntry#distributed()}. */
        public Builder distributed(boolean distributed) {
            this.distributed = distributed;
            return this;
        }

        /** Sets {@link CatalogEntry#metadata()}. */
        public Builder metadata(Metadata metadata) {
            this.metadata = metadata;
            return this;
        }

        /** Sets {@link CatalogEntry#created()}. */
        public Builder created(Instant created) {
            this.created = created;
            return this;
        }

        /** Sets {@link CatalogEntry#updated()}. */
        public Builder updated(Instant updated) {
            this.updated = updated;
            return this;
        }

        /** Sets {@link CatalogEntry#published()}. */
        public Builder published(Optional<Published> published) {
            this.published = published;
            return this;
        }

        /** Sets {@link CatalogEntry#schemaVersion()}. */
        public Builder schemaVersion(int schemaVersion) {
            this.schemaVersion = schemaVersion;
            return this;
        }

        /** Sets {@link CatalogEntry#origin()}. */
        public Builder origin(Origin origin) {
            this.origin = origin;
            return this;
        }

        /** Sets {@link CatalogEntry#scan()}. */
        public Builder scan(Optional<DataScan> scan) {
            this.scan = scan;
            return this;
        }

        /** Sets {@link CatalogEntry#manifest()}. */
        public Builder manifest(Optional<EntryManifest> manifest) {
            this.manifest = manifest;
            return this;
        }

        /** The entry; every component that has no default must have been set. */
        public CatalogEntry build() {
            return new CatalogEntry(
                    nickname,
                    officialName,
                    repoId,
                    endpoint,
                    dataPath,
                    downloadLink,
                    loaderScript,
                    batchScript,
                    distributed,
                    metadata,
                    created,
                    updated != null ? updated : created,
                    published,
                    schemaVersion,
                    origin,
                    scan,
                    manifest);
        }
    }
}
