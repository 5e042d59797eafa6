package gov.nersc.huggingnersc.croissant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.layout.DataFile;
import gov.nersc.huggingnersc.layout.DataFormat;
import gov.nersc.huggingnersc.layout.DataLayout;
import gov.nersc.huggingnersc.layout.Inventory;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Croissant resources of data whose files were listed: a {@code cr:FileObject} per file with
 * its sha256 (or, past {@link CroissantDocument#FILE_OBJECTS} files, one for the inventory in the
 * Hub repo, with a RecordSet of its rows), RecordSets for the columns of CSV and TSV data, and what
 * the dataset's description says about them.
 *
 * @param distribution the FileObjects and FileSets
 * @param recordSets the RecordSets, maybe none
 * @param notes sentences the dataset's description ends with
 */
record ListedFiles(ArrayNode distribution, ArrayNode recordSets, List<String> notes) {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The inventory's RecordSet. */
    static final String FILES = "files";

    static ListedFiles of(CatalogEntry entry, Inventory inventory, TableColumns columns) {
        ArrayNode distribution = JSON.arrayNode();
        ArrayNode recordSets = JSON.arrayNode();
        List<String> notes = new ArrayList<>();
        sample(inventory).ifPresent(notes::add);
        List<DataFile> files = inventory.files();
        long unhashed = files.stream().filter(f -> f.sha256().isEmpty()).count();
        if (files.size() > CroissantDocument.FILE_OBJECTS) {
            distribution.add(inventoryFile(entry, inventory));
            recordSets.add(inventoryRows());
            notes.add("Its " + files.size() + " files are listed in " + Inventory.FILE_NAME + " in the Hub repo (the "
                    + "FileObject " + Inventory.FILE_NAME + " and the RecordSet " + FILES
                    + "), each with its size, sha256, "
                    + "public URL and path at NERSC.");
            if (unhashed > 0) {
                notes.add(unhashed + " of them " + (unhashed == 1 ? "has" : "have") + " no sha256 yet: "
                        + howToHash(entry));
            }
            return new ListedFiles(distribution, recordSets, notes);
        }
        List<DataFile> hashed =
                files.stream().filter(f -> f.sha256().isPresent()).toList();
        hashed.forEach(f -> distribution.add(fileObject(f)));
        columns.byFormat()
                .forEach((format, names) -> table(format, TableColumns.filesOf(format, hashed), names, distribution)
                        .ifPresent(recordSets::add));
        if (unhashed > 0) {
            notes.add((files.size() == 1
                            ? "The one data file has"
                            : unhashed + " of the " + files.size() + " data files " + (unhashed == 1 ? "has" : "have"))
                    + " no sha256 yet, so distribution leaves " + (unhashed == 1 ? "it" : "them") + " out (Croissant "
                    + "readers check every file against its sha256): " + howToHash(entry));
        }
        return new ListedFiles(distribution, recordSets, notes);
    }

    private static String howToHash(CatalogEntry entry) {
        return "run 'huggingnersc manifest " + entry.nickname() + "', then 'huggingnersc update-dataset "
                + entry.nickname() + "'.";
    }

    /** What the repo's sample holds of the data, when it holds any. */
    private static Optional<String> sample(Inventory inventory) {
        DataLayout.Counts c = new DataLayout(inventory).counts();
        if (c.sampleFiles() == 0) {
            return Optional.empty();
        }
        if (c.sampleFiles() == c.files() && c.sampleBytes() == c.bytes()) {
            return Optional.of("The Hub repo holds a copy of all the data (" + files(c.files()) + ", " + c.bytes()
                    + " bytes) under " + DataFile.SAMPLE_FOLDER + ".");
        }
        return Optional.of("The Hub repo holds a sample: " + c.sampleFiles() + " of " + files(c.files()) + ", "
                + c.sampleBytes() + " of " + c.bytes() + " bytes, under " + DataFile.SAMPLE_FOLDER + ".");
    }

    private static String files(long n) {
        return n + (n == 1 ? " file" : " files");
    }

    private static ObjectNode fileObject(DataFile f) {
        ObjectNode o = JSON.objectNode();
        o.put("@type", "cr:FileObject");
        o.put("@id", f.path());
        o.put("name", f.path());
        o.put("contentUrl", f.url().orElse("file://" + NerscPaths.encodePath(f.nerscPath())));
        o.put("contentSize", f.size() + " B");
        o.put("encodingFormat", DataFormat.mimeTypeOf(f.path()));
        o.put("sha256", f.sha256().orElseThrow());
        return o;
    }

    /**
     * The RecordSet of {@code format}'s rows, with a field per column: read from the one file's
     * FileObject, or from a FileSet of all of them (added to {@code distribution}).
     */
    private static Optional<ObjectNode> table(
            DataFormat format, List<DataFile> files, List<String> columns, ArrayNode distribution) {
        if (files.isEmpty() || columns.isEmpty()) {
            return Optional.empty();
        }
        String id = format.id();
        String kind = id.toUpperCase(Locale.ROOT);
        ObjectNode from = JSON.objectNode();
        if (files.size() == 1) {
            from.putObject("fileObject").put("@id", files.get(0).path());
        } else {
            ObjectNode set = distribution.addObject();
            set.put("@type", "cr:FileSet");
            set.put("@id", id + "-files");
            set.put("name", id + "-files");
            set.put("description", "The " + files.size() + " " + kind + " files, each from its FileObject.");
            ArrayNode in = set.putArray("containedIn");
            files.forEach(f -> in.addObject().put("@id", f.path()));
            set.put("encodingFormat", DataFormat.mimeTypeOf(files.get(0).path()));
            // each FileObject is one file, not an archive to look into: take every one
            set.put("includes", "*");
            from.putObject("fileSet").put("@id", id + "-files");
        }
        ObjectNode records = JSON.objectNode();
        records.put("@type", "cr:RecordSet");
        records.put("@id", id);
        records.put("name", id);
        records.put(
                "description",
                "The rows of the " + kind + " data, with the columns the header of its first " + kind + " file names.");
        ArrayNode fields = records.putArray("field");
        columns.forEach(column -> fields.add(field(id, column, "sc:Text", from)));
        return Optional.of(records);
    }

    private static ObjectNode field(String recordSet, String column, String dataType, ObjectNode from) {
        ObjectNode f = JSON.objectNode();
        f.put("@type", "cr:Field");
        f.put("@id", recordSet + "/" + column);
        f.put("name", column);
        f.put("dataType", dataType);
        ObjectNode source = f.putObject("source");
        source.setAll(from.deepCopy());
        source.putObject("extract").put("column", column);
        return f;
    }

    /** The inventory the Hub repo holds, which lists every file with its sha256. */
    private static ObjectNode inventoryFile(CatalogEntry entry, Inventory inventory) {
        byte[] csv = inventory.toCsv().getBytes(StandardCharsets.UTF_8);
        ObjectNode o = JSON.objectNode();
        o.put("@type", "cr:FileObject");
        o.put("@id", Inventory.FILE_NAME);
        o.put("name", Inventory.FILE_NAME);
        o.put(
                "description",
                "The data's " + inventory.files().size() + " files, one a row: path, split, format, "
                        + "size, sha256, public URL, path at NERSC, and how many of its bytes the repo's sample holds.");
        o.put("contentUrl", CroissantDocument.pageUrl(entry) + "/resolve/main/" + Inventory.FILE_NAME);
        o.put("contentSize", csv.length + " B");
        o.put("encodingFormat", DataFormat.CSV.mimeType(Inventory.FILE_NAME));
        o.put("sha256", sha256(csv));
        return o;
    }

    /** The inventory's rows: every file stays verifiable through them. */
    private static ObjectNode inventoryRows() {
        ObjectNode records = JSON.objectNode();
        records.put("@type", "cr:RecordSet");
        records.put("@id", FILES);
        records.put("name", FILES);
        records.put("description", "The data's files, as " + Inventory.FILE_NAME + " lists them.");
        ArrayNode fields = records.putArray("field");
        ObjectNode from = JSON.objectNode();
        from.putObject("fileObject").put("@id", Inventory.FILE_NAME);
        for (String column : Inventory.COLUMNS) {
            boolean count = column.equals("size") || column.equals("sample_bytes");
            fields.add(field(FILES, column, count ? "sc:Integer" : "sc:Text", from));
        }
        return records;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
