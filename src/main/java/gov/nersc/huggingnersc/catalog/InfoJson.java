package gov.nersc.huggingnersc.catalog;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.CatalogEntry.Origin;
import gov.nersc.huggingnersc.api.DataScan;
import gov.nersc.huggingnersc.api.EntryManifest;
import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.api.Published;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.files.JsonTrees;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code <nickname>_info.json} file: the earlier tool's six keys with their meanings
 * ({@code nickname}, {@code official_name}, {@code hf_dir}, {@code data_dir}, {@code nersc_dir},
 * {@code metadata}) plus this tool's ({@code schema_version}, {@code repo_id}, ...). A file without
 * {@code schema_version} was written by the earlier tool.
 */
final class InfoJson {
    /**
     * Keys that change without the entry's content changing; ignored when comparing entries. The
     * scan and the manifest describe the data, not the entry: catalog-new-dataset carries them over
     * on a re-run, and update-dataset and manifest refresh them. The endpoint (and the page URL built
     * on it) say where the entry was last published, which a later upload elsewhere changes (see
     * {@link Catalog#recordPublished(String, String, String, Instant)}).
     */
    static final Set<String> BOOKKEEPING_KEYS =
            Set.of("created", "updated", "published", "endpoint", "hf_dir", "scan", "manifest");

    /** Indented like Python's {@code json.dump(indent=2)}, so the earlier tool's files look alike. */
    private static final DefaultPrettyPrinter LAYOUT = new DefaultPrettyPrinter(
                    Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private InfoJson() {}

    /** The info JSON of an entry stored in {@code entryDir}. */
    static ObjectNode toJson(CatalogEntry e, Path entryDir) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("schema_version", e.schemaVersion());
        o.put("nickname", e.nickname());
        o.put("official_name", e.officialName());
        o.put("repo_id", e.repoId().toString());
        o.put("endpoint", e.endpoint());
        o.put("hf_dir", e.hubUrl());
        o.put("data_dir", e.dataPath().orElse(null)); // null: none recorded
        o.put("download_link", e.downloadLink().orElse(null));
        o.put("nersc_dir", entryDir.toAbsolutePath() + "/");
        o.put("loader_script", e.loaderScript().orElse(null));
        o.put("batch_script", e.batchScript().orElse(null));
        o.put("distributed", e.distributed());
        o.put("created", e.created().toString());
        o.put("updated", e.updated().toString());
        if (e.published().isPresent()) {
            ObjectNode p = o.putObject("published");
            p.put("commit", e.published().get().commit());
            p.put("time", e.published().get().time().toString());
        } else {
            o.putNull("published");
        }
        if (e.scan().isPresent()) {
            putScan(o.putObject("scan"), e.scan().get());
        } else {
            o.putNull("scan");
        }
        if (e.manifest().isPresent()) {
            putManifest(o.putObject("manifest"), e.manifest().get());
        } else {
            o.putNull("manifest");
        }
        o.set("metadata", e.metadata().json());
        return o;
    }

    static void putScan(ObjectNode o, DataScan s) {
        o.put("files", s.files());
        o.put("bytes", s.bytes());
        o.put("directories", s.directories());
        s.formats().forEach(o.putArray("formats")::add);
        s.suggestedTags().forEach(o.putArray("suggested_tags")::add);
        o.put("size_category", s.sizeCategory().orElse(null));
        o.put("scanned", s.scanned().toString());
    }

    static void putManifest(ObjectNode o, EntryManifest m) {
        o.put("file", m.file());
        o.put("root_digest", m.rootDigest());
        o.put("files", m.files());
        o.put("bytes", m.bytes());
        o.put("created", m.created().toString());
    }

    static String render(CatalogEntry e, Path entryDir) {
        return write(toJson(e, entryDir));
    }

    static String write(ObjectNode json) {
        return JsonTrees.write(json, LAYOUT) + "\n";
    }

    /** The JSON object in {@code text}, or an error naming the file. */
    static ObjectNode parseObject(String text, Path file) {
        JsonNode node;
        try {
            node = JsonTrees.read(text).orElse(null);
        } catch (StreamReadException ex) {
            throw new InvalidInputException(
                    file + ": not valid JSON (line " + ex.getLocation().getLineNr() + ", column "
                            + ex.getLocation().getColumnNr() + "); the catalog entry is damaged");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(file + ": expected a JSON object; the catalog entry is damaged");
        }
        return (ObjectNode) node;
    }

    /** The info JSON without the keys that change when nothing else does. */
    static ObjectNode content(ObjectNode info) {
        ObjectNode copy = info.deepCopy();
        copy.remove(BOOKKEEPING_KEYS);
        return copy;
    }

    /**
     * Reads an entry from its info JSON.
     *
     * @param hasNotebook whether the entry folder holds a notebook (how an earlier-tool entry tells a
     *     distributed loader, for which it wrote none)
     * @param fileTime the info file's modification time (the earlier tool recorded no times)
     */
    static CatalogEntry parse(ObjectNode o, Path file, boolean hasNotebook, Instant fileTime) {
        Reader r = new Reader(o, file);
        if (!o.has("schema_version")) {
            return parseEarlier(r, hasNotebook, fileTime);
        }
        int version = r.integer("schema_version");
        if (version > CatalogEntry.SCHEMA_VERSION) {
            throw new InvalidInputException(file + " /schema_version: " + version + " is newer than this tool knows ("
                    + CatalogEntry.SCHEMA_VERSION + "); upgrade huggingnersc");
        }
        Optional<Published> published = r.published();
        return CatalogEntry.builder()
                .nickname(r.text("nickname"))
                .officialName(r.text("official_name"))
                .repoId(r.repoId("repo_id"))
                .endpoint(r.text("endpoint"))
                .dataPath(r.optionalText("data_dir"))
                .downloadLink(r.optionalText("download_link"))
                .loaderScript(Optional.of(r.text("loader_script")))
                .batchScript(r.optionalText("batch_script"))
                .distributed(r.bool("distributed"))
                .metadata(r.metadata())
                .created(r.time("created"))
                .updated(r.time("updated"))
                .published(published)
                .schemaVersion(version)
                .origin(Origin.HUGGINGNERSC)
                .scan(r.scan())
                .manifest(r.manifest())
                .build();
    }

    /** The earlier tool's file: only its six keys; the Hub repo comes from {@code hf_dir}. */
    private static CatalogEntry parseEarlier(Reader r, boolean hasNotebook, Instant fileTime) {
        String hfDir = r.text("hf_dir");
        int datasets = hfDir.indexOf("/datasets/");
        if (datasets < 0) {
            throw r.problem(
                    "hf_dir",
                    "'" + hfDir + "' is not a Hub dataset URL like https://huggingface.co/datasets/NERSC/<nickname>/");
        }
        String endpoint = hfDir.substring(0, datasets);
        String id = hfDir.substring(datasets + "/datasets/".length());
        while (id.endsWith("/")) {
            id = id.substring(0, id.length() - 1);
        }
        RepoId repoId;
        try {
            repoId = RepoId.parse(id);
        } catch (InvalidInputException ex) {
            throw r.problem("hf_dir", ex.getMessage());
        }
        Instant time = fileTime.truncatedTo(ChronoUnit.SECONDS);
        // the earlier tool wrote no such key; this tool adds it when it publishes the entry
        Optional<Published> published = r.published();
        // the earlier tool recorded no download link, loader or batch script
        return CatalogEntry.builder()
                .nickname(r.text("nickname"))
                .officialName(r.text("official_name"))
                .repoId(repoId)
                .endpoint(endpoint)
                .dataPath(Optional.of(r.text("data_dir")))
                .distributed(!hasNotebook)
                .metadata(r.metadata())
                .created(time)
                .updated(time)
                .published(published)
                .schemaVersion(0)
                .origin(Origin.EARLIER_TOOL)
                .scan(r.scan())
                .manifest(r.manifest())
                .build();
    }

    /** Reads typed fields, naming the file and JSON pointer when one is missing or wrong. */
    private record Reader(ObjectNode o, Path file) {
        JsonNode at(String pointer) {
            return o.at("/" + pointer);
        }

        InvalidInputException problem(String pointer, String what) {
            return new InvalidInputException(file + " /" + pointer + ": " + what + "; the catalog entry is damaged");
        }

        String text(String pointer) {
            JsonNode n = at(pointer);
            if (!n.isTextual()) {
                throw problem(pointer, n.isMissingNode() ? "missing" : "expected a string, found " + n.getNodeType());
            }
            return n.asText();
        }

        Optional<String> optionalText(String pointer) {
            JsonNode n = at(pointer);
            if (n.isMissingNode() || n.isNull()) {
                return Optional.empty();
            }
            return Optional.of(text(pointer));
        }

        boolean bool(String pointer) {
            JsonNode n = at(pointer);
            if (!n.isBoolean()) {
                throw problem(pointer, n.isMissingNode() ? "missing" : "expected true or false");
            }
            return n.asBoolean();
        }

        long number(String pointer) {
            JsonNode n = at(pointer);
            if (!n.isIntegralNumber() || n.asLong() < 0) {
                throw problem(pointer, n.isMissingNode() ? "missing" : "expected a whole number, 0 or more");
            }
            return n.asLong();
        }

        java.util.List<String> texts(String pointer) {
            JsonNode n = at(pointer);
            if (!n.isArray()) {
                throw problem(pointer, n.isMissingNode() ? "missing" : "expected a list of strings");
            }
            java.util.List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                out.add(text(pointer + "/" + i));
            }
            return out;
        }

        Optional<DataScan> scan() {
            JsonNode s = at("scan");
            if (s.isMissingNode() || s.isNull()) {
                return Optional.empty();
            }
            if (!s.isObject()) {
                throw problem("scan", "expected {\"files\": ..., \"bytes\": ..., ...} or null");
            }
            return Optional.of(new DataScan(
                    number("scan/files"),
                    number("scan/bytes"),
                    number("scan/directories"),
                    texts("scan/formats"),
                    texts("scan/suggested_tags"),
                    optionalText("scan/size_category"),
                    time("scan/scanned")));
        }

        Optional<EntryManifest> manifest() {
            JsonNode m = at("manifest");
            if (m.isMissingNode() || m.isNull()) {
                return Optional.empty();
            }
            if (!m.isObject()) {
                throw problem("manifest", "expected {\"file\": ..., \"root_digest\": ..., ...} or null");
            }
            return Optional.of(new EntryManifest(
                    text("manifest/file"),
                    text("manifest/root_digest"),
                    number("manifest/files"),
                    number("manifest/bytes"),
                    time("manifest/created")));
        }

        int integer(String pointer) {
            JsonNode n = at(pointer);
            if (!n.isInt()) {
                throw problem(pointer, "expected an integer");
            }
            return n.asInt();
        }

        Instant time(String pointer) {
            String t = text(pointer);
            try {
                return Instant.parse(t);
            } catch (DateTimeParseException ex) {
                throw problem(pointer, "'" + t + "' is not a time like 2025-01-31T12:00:00Z");
            }
        }

        RepoId repoId(String pointer) {
            try {
                return RepoId.parse(text(pointer));
            } catch (InvalidInputException ex) {
                throw problem(pointer, ex.getMessage());
            }
        }

        Optional<Published> published() {
            JsonNode p = o.path("published");
            if (p.isObject()) {
                return Optional.of(new Published(text("published/commit"), time("published/time")));
            } else if (!p.isNull() && !p.isMissingNode()) {
                throw problem("published", "expected {\"commit\": ..., \"time\": ...} or null");
            }
            return Optional.empty();
        }

        Metadata metadata() {
            JsonNode m = at("metadata");
            if (!m.isObject() || !m.path("datacard_tags").isObject()) {
                throw problem(m.isObject() ? "metadata/datacard_tags" : "metadata", "expected an object");
            }
            return new Metadata((ObjectNode) m);
        }
    }
}
