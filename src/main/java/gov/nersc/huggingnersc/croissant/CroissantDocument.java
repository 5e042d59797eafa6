package gov.nersc.huggingnersc.croissant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.layout.Inventory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dataset's Croissant 1.1 description ({@code croissant.json}): the JSON-LD that dataset search
 * engines and {@code mlcroissant} read. The Hub writes one only for data it can convert to
 * Parquet, never for data that stays at NERSC, so every catalog entry carries its own.
 *
 * <p>It says what the dataset is (name, description, licence, the Hub page, how to cite it, who
 * made it, keywords) and where its bytes are. For data whose files were listed ({@link
 * Inventory}): a {@code cr:FileObject} per file with its size, type and sha256, at its public URL
 * (or, for data readable at NERSC only, its {@code file:} path), and a RecordSet of the columns of
 * CSV and TSV data; past {@link #FILE_OBJECTS} files, one FileObject for the inventory the Hub repo
 * holds, with a RecordSet of its rows. For data never listed (entries of the earlier tool, or
 * cataloged without a scan): a {@code cr:FileObject} for a single file, or, for a folder, one for
 * the folder and a {@code cr:FileSet} per file format in it.
 *
 * <p>The same entry and listing always render the same text.
 */
public final class CroissantDocument {
    /** The file name in the catalog entry and the Hub repo. */
    public static final String FILE_NAME = "croissant.json";
    /** What every document declares it conforms to. */
    public static final String CONFORMS_TO = "http://mlcommons.org/croissant/1.1";
    /** Up to this many data files, each is a FileObject; past it, the inventory in the repo is. */
    public static final int FILE_OBJECTS = 1000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern EMAIL = Pattern.compile("[^\\s<>@]+@[^\\s<>@]+\\.[^\\s<>@]+");
    private static final Pattern NAME_AND_EMAIL =
            Pattern.compile("^\\s*(.*?)\\s*<\\s*(" + EMAIL.pattern() + ")\\s*>\\s*$");

    private CroissantDocument() {}

    /** Renders the entry's Croissant document for data never listed, without a checksum of its data. */
    public static String render(CatalogEntry entry) {
        return render(entry, Optional.empty());
    }

    /** Renders the entry's Croissant document for data listed in {@code inventory}, without its CSV columns. */
    public static String render(CatalogEntry entry, Inventory inventory) {
        return render(entry, inventory, TableColumns.NONE);
    }

    /**
     * Renders the entry's Croissant document for data listed in {@code inventory}: its files as
     * FileObjects, and {@code columns} as the RecordSets of its CSV and TSV data.
     */
    public static String render(CatalogEntry entry, Inventory inventory, TableColumns columns) {
        ListedFiles listed = ListedFiles.of(entry, inventory, columns);
        ObjectNode doc = dataset(entry, listed.notes());
        doc.set("distribution", listed.distribution());
        if (!listed.recordSets().isEmpty()) {
            doc.set("recordSet", listed.recordSets());
        }
        return text(doc);
    }

    /**
     * Renders the entry's Croissant document for data never listed.
     *
     * @param sha256 the data's SHA-256 (64 lowercase hex digits) from its manifest, when there is
     *     one: of the file itself for a single file, of the manifest for a folder
     * @throws IllegalArgumentException if {@code sha256} is not 64 lowercase hex digits
     */
    public static String render(CatalogEntry entry, Optional<String> sha256) {
        sha256.ifPresent(d -> {
            if (!SHA256.matcher(d).matches()) {
                throw new IllegalArgumentException("sha256 '" + d + "': expected 64 lowercase hex digits");
            }
        });
        ObjectNode doc = dataset(entry, List.of());
        doc.set("distribution", distribution(entry, entry.metadata(), sha256));
        return text(doc);
    }

    private static String text(ObjectNode doc) {
        try {
            return JSON.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the Croissant JSON", e);
        }
    }

    /** What the dataset is, all but its resources; {@code notes} end its description. */
    private static ObjectNode dataset(CatalogEntry entry, List<String> notes) {
        Metadata md = entry.metadata();
        ObjectNode doc = JSON.createObjectNode();
        doc.set("@context", context());
        doc.put("@type", "sc:Dataset");
        doc.put("conformsTo", CONFORMS_TO);
        doc.put("name", entry.officialName());
        doc.put("alternateName", entry.nickname());
        String description = md.description()
                .map(String::strip)
                .filter(d -> !d.isEmpty())
                .orElse(entry.officialName() + ": a dataset kept at NERSC"
                        + entry.dataPath().map(p -> " (" + p + ")").orElse("") + ", cataloged with HuggingNERSC.");
        doc.put("description", notes.isEmpty() ? description : description + "\n\n" + String.join(" ", notes));
        licence(md).ifPresentOrElse(l -> doc.put("license", l), () -> doc.put("license", "unknown"));
        doc.put("url", pageUrl(entry));
        md.homepage().map(String::strip).filter(CroissantDocument::isWebUrl).ifPresent(h -> doc.put("sameAs", h));
        doc.put(
                "citeAs",
                md.citation().map(String::strip).filter(c -> !c.isEmpty()).orElse(generatedCitation(entry)));
        md.contact().map(String::strip).filter(c -> !c.isEmpty()).ifPresent(c -> doc.set("creator", person(c)));
        ObjectNode publisher = doc.putObject("publisher");
        publisher.put("@type", "sc:Organization");
        publisher.put("name", entry.repoId().namespace());
        // the earlier tool recorded no date: its entries' times are file times, which publishing changes
        if (entry.origin() == CatalogEntry.Origin.HUGGINGNERSC
                && !entry.created().equals(Instant.EPOCH)) {
            doc.put(
                    "datePublished",
                    entry.created().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        }
        List<String> languages = strings(md.datacardTags().get("language"));
        if (!languages.isEmpty()) {
            ArrayNode lang = doc.putArray("inLanguage");
            languages.forEach(lang::add);
        }
        ArrayNode keywords = doc.putArray("keywords");
        keywords(md).forEach(keywords::add);
        return doc;
    }

    /**
     * The JSON-LD context: Croissant 1.1's Appendix 1 with the terms mlcroissant's own context adds,
     * which hold every term of 1.0's too. {@code @vocab} stays {@code https://schema.org/}, as in 1.0,
     * mlcroissant and the 1.1 example datasets (the 1.1 appendix writes {@code http:}).
     */
    private static ObjectNode context() {
        ObjectNode c = JSON.createObjectNode();
        c.put("@language", "en");
        c.put("@vocab", "https://schema.org/");
        c.put("annotation", "cr:annotation");
        c.put("arrayShape", "cr:arrayShape");
        c.put("citeAs", "cr:citeAs");
        c.put("column", "cr:column");
        c.put("conformsTo", "dct:conformsTo");
        // 1.0 read containedIn from schema.org; 1.1 defines its own
        c.put("containedIn", "cr:containedIn");
        c.put("cr", "http://mlcommons.org/croissant/");
        ObjectNode data = c.putObject("data");
        data.put("@id", "cr:data");
        data.put("@type", "@json");
        ObjectNode dataType = c.putObject("dataType");
        dataType.put("@id", "cr:dataType");
        dataType.put("@type", "@vocab");
        c.put("dct", "http://purl.org/dc/terms/");
        c.put("equivalentProperty", "cr:equivalentProperty");
        ObjectNode examples = c.putObject("examples");
        examples.put("@id", "cr:examples");
        examples.put("@type", "@json");
        c.put("excludes", "cr:excludes");
        c.put("extract", "cr:extract");
        c.put("field", "cr:field");
        c.put("fileObject", "cr:fileObject");
        c.put("fileProperty", "cr:fileProperty");
        c.put("fileSet", "cr:fileSet");
        c.put("format", "cr:format");
        c.put("includes", "cr:includes");
        c.put("isArray", "cr:isArray");
        c.put("isLiveDataset", "cr:isLiveDataset");
        c.put("jsonPath", "cr:jsonPath");
        c.put("key", "cr:key");
        c.put("md5", "cr:md5");
        c.put("parentField", "cr:parentField");
        c.put("path", "cr:path");
        c.put("rai", "http://mlcommons.org/croissant/RAI/");
        c.put("readLines", "cr:readLines");
        c.put("recordSet", "cr:recordSet");
        c.put("references", "cr:references");
        c.put("regex", "cr:regex");
        c.put("repeated", "cr:repeated");
        c.put("replace", "cr:replace");
        c.put("samplingRate", "cr:samplingRate");
        c.put("sc", "https://schema.org/");
        c.put("sdVersion", "cr:sdVersion");
        c.put("separator", "cr:separator");
        c.put("source", "cr:source");
        c.put("subField", "cr:subField");
        c.put("transform", "cr:transform");
        c.put("unArchive", "cr:unArchive");
        c.put("value", "cr:value");
        return c;
    }

    /** The dataset's page on the Hub, without the trailing slash the info JSON keeps. */
    static String pageUrl(CatalogEntry entry) {
        String url = entry.hubUrl();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The licence as an SPDX URL for ids SPDX knows, the Hub's id otherwise. */
    private static Optional<String> licence(Metadata md) {
        List<String> ids = strings(md.datacardTags().get("license"));
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        String id = ids.get(0).strip();
        return Optional.of(Licences.spdxId(id)
                .map(s -> "https://spdx.org/licenses/" + s + ".html")
                .orElse(id));
    }

    /** Free tags, then the task categories and ids: what a search engine should match. */
    private static Set<String> keywords(Metadata md) {
        Set<String> out = new LinkedHashSet<>(md.tags());
        ObjectNode tags = md.datacardTags();
        out.addAll(strings(tags.get("task_categories")));
        out.addAll(strings(tags.get("task_ids")));
        out.removeIf(String::isBlank);
        return out;
    }

    private static ObjectNode person(String contact) {
        ObjectNode p = JSON.createObjectNode();
        p.put("@type", "sc:Person");
        Matcher both = NAME_AND_EMAIL.matcher(contact);
        if (both.matches()) {
            p.put("name", both.group(1).isEmpty() ? both.group(2) : both.group(1));
            p.put("email", both.group(2));
        } else if (EMAIL.matcher(contact).matches()) {
            p.put("name", contact);
            p.put("email", contact);
        } else {
            p.put("name", contact);
        }
        return p;
    }

    /** A BibTeX {@code @misc} entry naming the dataset, its Hub page and where the data lives. */
    static String generatedCitation(CatalogEntry entry) {
        String key = entry.nickname().replaceAll("[^A-Za-z0-9_-]", "_");
        String author = entry.metadata()
                .contact()
                .map(String::strip)
                .filter(c -> !c.isEmpty())
                .map(c -> c.replaceAll("\\s*<[^>]*>\\s*", "").strip())
                .filter(c -> !c.isEmpty() && !EMAIL.matcher(c).matches())
                .orElse(entry.repoId().namespace());
        return "@misc{" + key + ",\n"
                + "  title        = {{" + bibtex(entry.officialName()) + "}},\n"
                + "  author       = {{" + bibtex(author) + "}},\n"
                + "  howpublished = {\\url{" + bibtex(pageUrl(entry)) + "}},\n"
                + "  note         = {Data at NERSC"
                + entry.dataPath().map(p -> ": " + bibtex(p)).orElse("") + "}\n"
                + "}";
    }

    // braces and backslashes would unbalance the entry; line breaks would split a field
    private static String bibtex(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.replaceAll("[\\r\\n]+", " ").toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\textbackslash{}");
                case '{', '}' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static ArrayNode distribution(CatalogEntry entry, Metadata md, Optional<String> sha256) {
        ArrayNode out = JSON.createArrayNode();
        if (entry.dataPath().isEmpty()) {
            // no path recorded: the public link, if any, is all there is to point at
            entry.downloadLink()
                    .ifPresent(url -> out.addObject()
                            .put("@type", "cr:FileObject")
                            .put("@id", "data")
                            .put("name", "data")
                            .put("contentUrl", url)
                            .put("encodingFormat", "text/html")
                            .put("description", "The data's public link; its path at NERSC is not recorded yet."));
            return out;
        }
        String path = entry.dataPath().get();
        boolean folder = isFolder(path);
        String name = lastSegment(path);
        String url = entry.downloadLink().orElse("file://" + path);
        String where = entry.downloadLink().isPresent() ? "" : " Readable at NERSC only.";
        ObjectNode file = out.addObject();
        file.put("@type", "cr:FileObject");
        file.put("@id", folder ? name + "/" : name);
        file.put("name", name);
        file.put("contentUrl", url);
        if (folder) {
            file.put("description", "The data folder at NERSC (" + path + ")." + where);
            file.put("encodingFormat", entry.downloadLink().isPresent() ? "text/html" : "inode/directory");
        } else {
            file.put("description", "The data file at NERSC (" + path + ")." + where);
            file.put(
                    "encodingFormat",
                    FileFormats.byExtension(name)
                            .orElseGet(() -> formatsOf(md).stream()
                                    .findFirst()
                                    .map(FileFormats.Format::mediaType)
                                    .orElse(FileFormats.OCTET_STREAM)));
        }
        sha256.ifPresent(d -> file.put("sha256", d));
        if (folder) {
            List<FileFormats.Format> formats = formatsOf(md);
            if (formats.isEmpty()) {
                formats = List.of(new FileFormats.Format("*", FileFormats.OCTET_STREAM));
            }
            for (FileFormats.Format f : formats) {
                ObjectNode set = out.addObject();
                set.put("@type", "cr:FileSet");
                set.put("@id", (f.extension().equals("*") ? "all" : f.extension()) + "-files");
                set.put("name", (f.extension().equals("*") ? "all" : f.extension()) + "-files");
                set.putObject("containedIn").put("@id", name + "/");
                set.put("encodingFormat", f.mediaType());
                set.put("includes", f.extension().equals("*") ? "**/*" : "**/*." + f.extension());
            }
        }
        return out;
    }

    /** The file formats the metadata's free tags name (e.g. "csv", "hdf5"), in tag order. */
    private static List<FileFormats.Format> formatsOf(Metadata md) {
        List<FileFormats.Format> out = new ArrayList<>();
        for (String tag : md.tags()) {
            FileFormats.byTag(tag).filter(f -> !out.contains(f)).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Whether the data path names a folder: a trailing slash, or a last segment without a file
     * extension (NERSC data folders are named like {@code data} or {@code v1}, files like {@code x.h5}).
     */
    static boolean isFolder(String path) {
        if (path.endsWith("/")) {
            return true;
        }
        String last = lastSegment(path);
        int dot = last.lastIndexOf('.');
        return dot <= 0
                || dot == last.length() - 1
                || last.substring(dot + 1).chars().allMatch(Character::isDigit);
    }

    private static String lastSegment(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        String last = p.substring(p.lastIndexOf('/') + 1);
        return last.isEmpty() ? "data" : last;
    }

    private static boolean isWebUrl(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("https://") || u.startsWith("http://");
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> {
                if (n.isTextual()) {
                    out.add(n.asText());
                }
            });
        } else if (node.isTextual()) {
            out.add(node.asText());
        }
        return out;
    }
}
