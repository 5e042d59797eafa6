package gov.nersc.huggingnersc.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.DataScan;
import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.api.Version;
import gov.nersc.huggingnersc.catalog.EntryFileRole;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code nersc.json}: the small, stable, machine-readable link from a dataset repo to its bytes at
 * NERSC. Its bytes depend only on the entry (no times), so publishing the same entry again makes
 * no commit.
 *
 * <pre>{@code
 * {
 *   "schema_version": 1,
 *   "nickname": "iris",
 *   "official_name": "Iris",
 *   "data_path": "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/",
 *   "download_link": "https://portal.nersc.gov/cfs/dasrepo/ai_ready_datasets/iris/data/",
 *   "catalog_entry": "/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/",
 *   "notebook": "/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/iris_dataloader.ipynb",
 *   "jupyter_url": "https://jupyter.nersc.gov/hub/user-redirect/lab/tree/global/...",
 *   "tool": "huggingnersc 0.1.0"
 * }
 * }</pre>
 *
 * <p>{@code globus_url} (the card's link that opens the data in Globus's File Manager) follows when
 * the card has one; {@code hpss_path} and {@code globus} when the metadata names them; {@code scan}
 * (files, bytes, directories, formats, suggested tags, size category; not the time) when the entry
 * recorded a scan of its data, and {@code manifest_digest} when it recorded a manifest.
 *
 * @param nickname the entry's nickname
 * @param officialName the dataset's full name
 * @param dataPath where the bytes live at NERSC ({@code null} in the file when the entry records none)
 * @param downloadLink the public download link, if any
 * @param catalogEntry the entry's folder at NERSC, ending with {@code /}
 * @param notebook the loader notebook's path at NERSC, if the entry has one
 * @param jupyterUrl the URL that opens the notebook on NERSC's JupyterHub, if known
 * @param hpssPath the copy on HPSS tape, if the metadata names one
 * @param globus the Globus collection and path, if the metadata names them
 * @param tool {@code huggingnersc <version>}
 * @param scan what the entry's last scan of its data found
 * @param manifestDigest the root digest of the entry's manifest of its data
 * @param globusUrl the URL that opens the data in Globus's File Manager, if the card links one
 */
public record NerscJson(
        String nickname,
        String officialName,
        Optional<String> dataPath,
        Optional<String> downloadLink,
        String catalogEntry,
        Optional<String> notebook,
        Optional<String> jupyterUrl,
        Optional<String> hpssPath,
        Optional<Metadata.Globus> globus,
        String tool,
        Optional<DataScan> scan,
        Optional<String> manifestDigest,
        Optional<String> globusUrl) {

    /** A link without a scan, a manifest digest or a Globus link. */
    public NerscJson(
            String nickname,
            String officialName,
            Optional<String> dataPath,
            Optional<String> downloadLink,
            String catalogEntry,
            Optional<String> notebook,
            Optional<String> jupyterUrl,
            Optional<String> hpssPath,
            Optional<Metadata.Globus> globus,
            String tool) {
        this(
                nickname,
                officialName,
                dataPath,
                downloadLink,
                catalogEntry,
                notebook,
                jupyterUrl,
                hpssPath,
                globus,
                tool,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** The repo path of the file. */
    public static final String PATH = EntryFileRole.NERSC_JSON_NAME;
    /** The format this version writes. */
    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Two-space indentation and LF on every platform: the bytes must not depend on where they were made. */
    private static final ObjectWriter WRITER = JSON.writer(new DefaultPrettyPrinter(
                    Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    public NerscJson {
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(dataPath, "dataPath");
        Objects.requireNonNull(catalogEntry, "catalogEntry");
        Objects.requireNonNull(scan, "scan");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(globusUrl, "globusUrl");
    }

    /** This tool's name and version, as {@code tool} records it. */
    public static String thisTool() {
        return "huggingnersc " + Version.get();
    }

    /** The file's bytes: keys in a fixed order, two-space indentation, a final line break. */
    public byte[] toBytes() {
        ObjectNode o = JSON.createObjectNode();
        o.put("schema_version", SCHEMA_VERSION);
        o.put("nickname", nickname);
        o.put("official_name", officialName);
        o.put("data_path", dataPath.orElse(null));
        o.put("download_link", downloadLink.orElse(null));
        o.put("catalog_entry", catalogEntry);
        o.put("notebook", notebook.orElse(null));
        o.put("jupyter_url", jupyterUrl.orElse(null));
        // only when there is one: the files of entries without a link keep their bytes
        globusUrl.ifPresent(u -> o.put("globus_url", u));
        hpssPath.ifPresent(p -> o.put("hpss_path", p));
        globus.ifPresent(g -> {
            ObjectNode n = o.putObject("globus");
            if (!g.collection().isEmpty()) {
                n.put("collection", g.collection());
            }
            g.collectionId().ifPresent(id -> n.put("collection_id", id));
            n.put("path", g.path());
        });
        scan.ifPresent(sc -> {
            ObjectNode n = o.putObject("scan");
            n.put("files", sc.files());
            n.put("bytes", sc.bytes());
            n.put("directories", sc.directories());
            sc.formats().forEach(n.putArray("formats")::add);
            sc.suggestedTags().forEach(n.putArray("suggested_tags")::add);
            n.put("size_category", sc.sizeCategory().orElse(null));
        });
        manifestDigest.ifPresent(d -> o.put("manifest_digest", d));
        o.put("tool", tool);
        try {
            return (WRITER.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render nersc.json", e);
        }
    }

    /**
     * Which entry a repo's {@code nersc.json} names: its nickname and catalog folder; empty when the
     * bytes are not such a file.
     */
    public static Optional<Link> linkIn(byte[] bytes) {
        try {
            JsonNode j = JSON.readTree(bytes);
            if (j == null
                    || !j.path("nickname").isTextual()
                    || !j.path("catalog_entry").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(
                    new Link(j.get("nickname").asText(), j.get("catalog_entry").asText()));
        } catch (java.io.IOException notJson) {
            return Optional.empty();
        }
    }

    /**
     * The entry a {@code nersc.json} points to.
     *
     * @param nickname the entry's nickname
     * @param catalogEntry the entry's folder at NERSC
     */
    public record Link(String nickname, String catalogEntry) {
        /** True when this names the entry {@code nickname} in the folder {@code dir} (trailing slash or not). */
        public boolean names(String otherNickname, String dir) {
            return nickname.equals(otherNickname) && strip(catalogEntry).equals(strip(dir));
        }

        private static String strip(String path) {
            return path.replaceAll("/+$", "");
        }
    }
}
