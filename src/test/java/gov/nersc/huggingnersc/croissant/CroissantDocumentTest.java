package gov.nersc.huggingnersc.croissant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.cli.CliRunner;
import gov.nersc.huggingnersc.layout.DataFile;
import gov.nersc.huggingnersc.layout.DataFormat;
import gov.nersc.huggingnersc.layout.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CroissantDocumentTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /*
     * The Croissant 1.1 specification (http://mlcommons.org/croissant/1.1, "Dataset-level
     * Information" > "Required", "Modified and Added Properties", "Resources", "RecordSets"):
     *  - a Dataset must have @context, @type (schema.org/Dataset), dct:conformsTo
     *    (http://mlcommons.org/croissant/1.1), description, license, name, url, creator,
     *    datePublished, and distribution (values of type FileObject or FileSet);
     *  - a FileObject is named (name / @id) and has contentUrl, encodingFormat and a checksum
     *    (sha256 or md5; mlcroissant refuses a FileObject without one) — for data never listed, the
     *    checksum only where one is known (a manifest's);
     *  - a FileSet has includes (globs), encodingFormat, and containedIn (the FileObjects it is in);
     *  - a Field's @id is its RecordSet's @id, "/", its name; its source names a FileObject or FileSet
     *    of the distribution and what to extract from it.
     * creator and datePublished are written when known: the contact, and the date the entry was
     * first cataloged.
     */
    private static final List<String> DATASET_REQUIRED =
            List.of("@context", "@type", "conformsTo", "name", "description", "license", "url", "distribution");
    private static final List<String> DATASET_REQUIRED_WHEN_KNOWN = List.of("creator", "datePublished");
    private static final List<String> FILE_OBJECT_REQUIRED = List.of("name", "contentUrl", "encodingFormat");
    private static final List<String> FILE_SET_REQUIRED = List.of("includes", "encodingFormat", "containedIn");
    /** Context terms the document relies on: without them a JSON-LD reader drops the values. */
    private static final List<String> CONTEXT_TERMS = List.of(
            "@vocab",
            "sc",
            "cr",
            "dct",
            "conformsTo",
            "citeAs",
            "includes",
            "md5",
            "data",
            "dataType",
            "field",
            "source",
            "extract",
            "recordSet",
            "containedIn",
            "column",
            "fileObject",
            "fileSet");

    private static final Instant CREATED = Instant.parse("2026-11-20T10:15:30Z");
    /** A header with quoted names: a space, and a comma and doubled quotes inside the quotes. */
    private static final String QUOTED_HEADER = "\"sepal length\",sepal_width,\"kind, \"\"quoted\"\"\"\n";

    @TempDir
    Path home;

    @Test
    void irisFolderWithoutADownloadLinkIsAFolderAndAFileSetOfCsvFiles() throws Exception {
        JsonNode doc = render(
                entry(
                        "Iris",
                        "iris",
                        "/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/data/",
                        Optional.empty(),
                        iris()),
                Optional.empty());

        assertConformant(doc, false);
        assertThat(doc.get("name").asText()).isEqualTo("Iris");
        assertThat(doc.get("url").asText()).isEqualTo("https://huggingface.co/datasets/NERSC/iris");
        assertThat(doc.get("license").asText()).isEqualTo("unknown");
        assertThat(doc.get("datePublished").asText()).isEqualTo("2026-11-20");
        assertThat(doc.has("creator")).isFalse();
        assertThat(texts(doc.get("keywords"))).containsExactly("csv", "biology");
        assertThat(texts(doc.get("inLanguage"))).containsExactly("en");
        assertThat(doc.get("citeAs").asText())
                .startsWith("@misc{iris,")
                .contains("title        = {{Iris}}")
                .contains("\\url{https://huggingface.co/datasets/NERSC/iris}");

        JsonNode folder = doc.get("distribution").get(0);
        assertThat(folder.get("@type").asText()).isEqualTo("cr:FileObject");
        assertThat(folder.get("contentUrl").asText())
                .isEqualTo("file:///global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/data/");
        assertThat(folder.get("description").asText()).contains("Readable at NERSC only");
        JsonNode csv = doc.get("distribution").get(1);
        assertThat(csv.get("@type").asText()).isEqualTo("cr:FileSet");
        assertThat(csv.get("includes").asText()).isEqualTo("**/*.csv");
        assertThat(csv.get("encodingFormat").asText()).isEqualTo("text/csv");
        assertThat(csv.get("containedIn").get("@id").asText())
                .isEqualTo(folder.get("@id").asText());
    }

    @Test
    void jetclassHasItsLicenceUrlCitationContactAndAFileSetPerFormat() throws Exception {
        ObjectNode md = metadata("JetClass", "[\"hdf5\", \"particle physics\"]");
        md.with("datacard_tags").put("license", "cc-by-4.0");
        md.with("datacard_tags").putArray("task_categories").add("tabular-classification");
        md.with("other_info").put("citation", "@article{Qu:2022mxj, title={Particle Transformer}}");
        md.with("other_info").put("contact", "Jane Doe <jdoe@lbl.gov>");
        md.with("other_info").put("homepage", "https://github.com/jet-universe/particle_transformer");
        JsonNode doc = render(
                entry(
                        "JetClass",
                        "jetclass",
                        "/global/cfs/cdirs/dasrepo/www/jetclass",
                        Optional.of("https://portal.nersc.gov/cfs/dasrepo/jetclass/"),
                        new Metadata(md)),
                Optional.empty());

        assertConformant(doc, true);
        assertThat(doc.get("license").asText()).isEqualTo("https://spdx.org/licenses/CC-BY-4.0.html");
        assertThat(doc.get("citeAs").asText()).isEqualTo("@article{Qu:2022mxj, title={Particle Transformer}}");
        assertThat(doc.get("creator").get("@type").asText()).isEqualTo("sc:Person");
        assertThat(doc.get("creator").get("name").asText()).isEqualTo("Jane Doe");
        assertThat(doc.get("creator").get("email").asText()).isEqualTo("jdoe@lbl.gov");
        assertThat(doc.get("sameAs").asText()).isEqualTo("https://github.com/jet-universe/particle_transformer");
        assertThat(texts(doc.get("keywords"))).containsExactly("hdf5", "particle physics", "tabular-classification");
        JsonNode folder = doc.get("distribution").get(0);
        assertThat(folder.get("contentUrl").asText()).isEqualTo("https://portal.nersc.gov/cfs/dasrepo/jetclass/");
        JsonNode h5 = doc.get("distribution").get(1);
        assertThat(h5.get("includes").asText()).isEqualTo("**/*.h5");
        assertThat(h5.get("encodingFormat").asText()).isEqualTo("application/x-hdf5");
    }

    @Test
    void aSingleFileIsOneFileObjectWithTheManifestsSha256() throws Exception {
        String sha = "a".repeat(64);
        JsonNode doc = render(
                entry(
                        "Iris",
                        "iris",
                        "/global/cfs/cdirs/dasrepo/www/iris/iris.csv",
                        Optional.of("https://portal.nersc.gov/cfs/dasrepo/iris/iris.csv"),
                        iris()),
                Optional.of(sha));

        assertConformant(doc, false);
        assertThat(doc.get("distribution")).hasSize(1);
        JsonNode file = doc.get("distribution").get(0);
        assertThat(file.get("@type").asText()).isEqualTo("cr:FileObject");
        assertThat(file.get("name").asText()).isEqualTo("iris.csv");
        assertThat(file.get("encodingFormat").asText()).isEqualTo("text/csv");
        assertThat(file.get("sha256").asText()).isEqualTo(sha);
        assertThat(file.get("contentUrl").asText()).isEqualTo("https://portal.nersc.gov/cfs/dasrepo/iris/iris.csv");
    }

    @Test
    void theSameEntryRendersTheSameText() {
        CatalogEntry e = entry("Iris", "iris", "/global/cfs/cdirs/x/data/", Optional.empty(), iris());
        assertThat(CroissantDocument.render(e))
                .isEqualTo(CroissantDocument.render(e))
                .endsWith("}\n");
    }

    @Test
    void aMalformedDigestIsRefused() {
        CatalogEntry e = entry("Iris", "iris", "/global/cfs/cdirs/x/data/", Optional.empty(), iris());
        assertThatThrownBy(() -> CroissantDocument.render(e, Optional.of("ABC")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 lowercase hex");
    }

    @Test
    void bracesInTheNameCannotUnbalanceTheGeneratedCitation() throws Exception {
        JsonNode doc = render(
                entry("Odd {name} \\ here", "odd", "/global/cfs/cdirs/x/data/", Optional.empty(), iris()),
                Optional.empty());
        String cite = doc.get("citeAs").asText();
        assertThat(cite).contains("Odd \\{name\\} \\textbackslash{} here");
        long open = cite.replace("\\{", "")
                .replace("\\}", "")
                .chars()
                .filter(c -> c == '{')
                .count();
        long close = cite.replace("\\{", "")
                .replace("\\}", "")
                .chars()
                .filter(c -> c == '}')
                .count();
        assertThat(open).isEqualTo(close);
    }

    @Test
    void aListedTreeIsAFileObjectPerFileWithTheSha256OfItsBytesAndNoneForAFolder() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        write(data.resolve("train/part-0.csv"), QUOTED_HEADER + "5.1,3.5,setosa\n");
        write(data.resolve("test/part-0.csv"), QUOTED_HEADER + "6.2,2.9,virginica\n");
        write(data.resolve("docs/about.md"), "# About\n");

        JsonNode doc = catalog(data, "none");

        assertConformant(doc, false);
        List<String> paths = List.of("docs/about.md", "test/part-0.csv", "train/part-0.csv");
        assertThat(fileObjects(doc)).extracting(f -> f.get("@id").asText()).containsExactlyElementsOf(paths);
        for (JsonNode f : fileObjects(doc)) {
            Path file = data.resolve(f.get("@id").asText());
            assertThat(f.get("name").asText()).isEqualTo(f.get("@id").asText());
            assertThat(f.get("sha256").asText()).as(f.get("@id").asText()).isEqualTo(sha256(Files.readAllBytes(file)));
            assertThat(f.get("contentSize").asText()).isEqualTo(Files.size(file) + " B");
            assertThat(f.get("contentUrl").asText()).isEqualTo("file://" + file.toAbsolutePath());
        }
        assertThat(fileObjects(doc).get(0).get("encodingFormat").asText()).isEqualTo("text/markdown");
        assertThat(fileObjects(doc).get(1).get("encodingFormat").asText()).isEqualTo("text/csv");
        // datasets reads no Markdown: the sample holds the two CSV files
        assertThat(doc.get("description").asText())
                .endsWith("\n\nThe Hub repo holds a sample: 2 of 3 files, " + bytes(data, paths.subList(1, 3)) + " of "
                        + bytes(data, paths) + " bytes, under sample/.");

        JsonNode csvFiles = doc.get("distribution").get(3);
        assertThat(csvFiles.get("@type").asText()).isEqualTo("cr:FileSet");
        assertThat(texts(csvFiles.get("containedIn").findValues("@id")))
                .containsExactly("test/part-0.csv", "train/part-0.csv");
        assertThat(csvFiles.get("includes").asText()).isEqualTo("*");
        assertThat(csvFiles.get("encodingFormat").asText()).isEqualTo("text/csv");
        JsonNode rows = doc.get("recordSet").get(0);
        assertThat(rows.get("@id").asText()).isEqualTo("csv");
        assertThat(texts(rows.get("field").findValues("name")))
                .containsExactly("sepal length", "sepal_width", "kind, \"quoted\"");
        assertThat(rows.get("field").get(0).get("@id").asText()).isEqualTo("csv/sepal length");
        assertThat(rows.get("field").get(0).at("/source/fileSet/@id").asText())
                .isEqualTo(csvFiles.get("@id").asText());
    }

    @Test
    void aReRunRendersTheSameTextEvenWhenTheDataHasChangedSince() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        write(data.resolve("iris.csv"), "sepal_length,species\n5.1,setosa\n");
        JsonNode first = catalog(data, "none");
        String text = Files.readString(home.resolve("catalog/iris/croissant.json"));
        write(data.resolve("iris.csv"), "renamed,columns\n5.1,setosa\n");

        CliRunner.Result again = cli(data, "none");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(Files.readString(home.resolve("catalog/iris/croissant.json")))
                .isEqualTo(text);
        assertThat(texts(first.at("/recordSet/0/field").findValues("name"))).containsExactly("sepal_length", "species");
    }

    @Test
    void publicDataIsAtItsPublicUrlsAndOneFileOfAFormatIsItsRecordSetsSource() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        write(data.resolve("table.csv"), "a,b\n1,2\n");
        write(data.resolve("more rows.tsv"), "x\t\"y\"\n1\t2\n");
        String link = "https://portal.nersc.gov/cfs/m0000/data/";

        JsonNode doc = catalog(data, link);

        assertConformant(doc, false);
        assertThat(fileObjects(doc))
                .extracting(f -> f.get("contentUrl").asText())
                .containsExactly(link + "more%20rows.tsv", link + "table.csv");
        assertThat(fileObjects(doc).get(0).get("encodingFormat").asText()).isEqualTo("text/tab-separated-values");
        assertThat(doc.get("recordSet")).extracting(r -> r.get("@id").asText()).containsExactly("csv", "tsv");
        assertThat(doc.at("/recordSet/0/field/0/source/fileObject/@id").asText())
                .isEqualTo("table.csv");
        assertThat(texts(doc.at("/recordSet/1/field").findValues("name"))).containsExactly("x", "\"y\"");
        assertThat(doc.at("/recordSet/1/field/0/source/fileObject/@id").asText())
                .isEqualTo("more rows.tsv");
    }

    @Test
    void pastAThousandFilesTheInventoryInTheRepoIsTheFileObjectAndItsRowsARecordSet() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        for (int i = 0; i <= CroissantDocument.FILE_OBJECTS; i++) {
            write(data.resolve(String.format("shard-%04d.bin", i)), "bytes " + i);
        }

        JsonNode doc = catalog(data, "none");

        assertConformant(doc, false);
        assertThat(doc.get("distribution")).hasSize(1);
        JsonNode inventory = doc.get("distribution").get(0);
        byte[] published = Files.readAllBytes(home.resolve("catalog/iris/" + Inventory.FILE_NAME));
        assertThat(inventory.get("@id").asText()).isEqualTo(Inventory.FILE_NAME);
        assertThat(inventory.get("contentUrl").asText())
                .isEqualTo("https://huggingface.co/datasets/NERSC/iris/resolve/main/nersc_files.csv");
        assertThat(inventory.get("encodingFormat").asText()).isEqualTo("text/csv");
        assertThat(inventory.get("sha256").asText()).isEqualTo(sha256(published));
        assertThat(inventory.get("contentSize").asText()).isEqualTo(published.length + " B");
        assertThat(Inventory.parse(new String(published, java.nio.charset.StandardCharsets.UTF_8), "nersc_files.csv")
                        .files())
                .hasSize(CroissantDocument.FILE_OBJECTS + 1)
                .allMatch(f -> f.sha256().isPresent());
        JsonNode files = doc.get("recordSet").get(0);
        assertThat(files.get("@id").asText()).isEqualTo("files");
        assertThat(texts(files.get("field").findValues("column"))).containsExactlyElementsOf(Inventory.COLUMNS);
        assertThat(doc.get("description").asText())
                .contains("Its 1001 files are listed in nersc_files.csv in the Hub repo");
    }

    @Test
    void aFileWithoutSha256IsLeftOutAndTheDescriptionSaysWhyAndWhatToRun() throws Exception {
        Inventory inventory = new Inventory(
                List.of(file("a.csv", Optional.of("a".repeat(64)), 0), file("b.csv", Optional.empty(), 0)));

        JsonNode doc = JSON.readTree(CroissantDocument.render(
                irisEntry(), inventory, new TableColumns(Map.of(DataFormat.CSV, List.of("x", "y")))));

        assertConformant(doc, false);
        assertThat(fileObjects(doc)).extracting(f -> f.get("@id").asText()).containsExactly("a.csv");
        assertThat(doc.at("/recordSet/0/field/0/source/fileObject/@id").asText())
                .isEqualTo("a.csv");
        assertThat(doc.get("description").asText())
                .endsWith("\n\n1 of the 2 data files has no sha256 yet, so "
                        + "distribution leaves it out (Croissant readers check every file against its sha256): run "
                        + "'huggingnersc manifest iris', then 'huggingnersc update-dataset iris'.");
    }

    @Test
    void theDescriptionSaysHowMuchOfTheDataTheSampleHolds() throws Exception {
        Inventory inventory = new Inventory(List.of(
                file("a.csv", Optional.of("a".repeat(64)), 100), file("b.csv", Optional.of("b".repeat(64)), 0)));

        JsonNode doc = JSON.readTree(CroissantDocument.render(irisEntry(), inventory));

        assertThat(doc.get("description").asText())
                .endsWith("\n\nThe Hub repo holds a sample: 1 of 2 files, 100 of 2000 bytes, under sample/.");
    }

    @Test
    void theSameListingRendersTheSameText() {
        Inventory inventory = new Inventory(List.of(
                file("a.csv", Optional.of("a".repeat(64)), 1000), file("b.csv", Optional.of("b".repeat(64)), 0)));
        TableColumns columns = new TableColumns(Map.of(DataFormat.CSV, List.of("x")));
        assertThat(CroissantDocument.render(irisEntry(), inventory, columns))
                .isEqualTo(CroissantDocument.render(irisEntry(), inventory, columns))
                .endsWith("}\n");
    }

    @Test
    void aHeaderLongerThanTheBoundIsNotReadAndAFileThatIsNotThereGivesNoColumns() throws Exception {
        Path data = Files.createDirectories(home.resolve("data"));
        write(data.resolve("wide.csv"), "c".repeat(TableColumns.HEADER_BYTES) + ",d\n1,2\n");
        assertThat(TableColumns.read(new Inventory(List.of(file("wide.csv", Optional.empty(), 0))), data)
                        .byFormat())
                .isEmpty();
        assertThat(TableColumns.read(new Inventory(List.of(file("gone.tsv", Optional.empty(), 0))), data)
                        .byFormat())
                .isEmpty();
        write(data.resolve("narrow.csv"), "\uFEFFa,,a,b\n1,2,3,4\n");
        assertThat(TableColumns.read(new Inventory(List.of(file("narrow.csv", Optional.empty(), 0))), data)
                        .of(DataFormat.CSV))
                .as("no BOM, no nameless or repeated column")
                .containsExactly("a", "b");
    }

    private static void assertConformant(JsonNode doc, boolean creatorKnown) {
        for (String p : DATASET_REQUIRED) {
            assertThat(doc.hasNonNull(p)).as("Dataset property %s", p).isTrue();
        }
        assertThat(doc.get("datePublished")).as("datePublished").isNotNull();
        if (creatorKnown) {
            DATASET_REQUIRED_WHEN_KNOWN.forEach(p ->
                    assertThat(doc.hasNonNull(p)).as("Dataset property %s", p).isTrue());
        }
        assertThat(doc.get("@type").asText()).isEqualTo("sc:Dataset");
        assertThat(doc.get("conformsTo").asText()).isEqualTo("http://mlcommons.org/croissant/1.1");
        JsonNode context = doc.get("@context");
        CONTEXT_TERMS.forEach(
                t -> assertThat(context.has(t)).as("@context term %s", t).isTrue());
        assertThat(context.get("@vocab").asText()).isEqualTo("https://schema.org/");
        assertThat(context.get("cr").asText()).isEqualTo("http://mlcommons.org/croissant/");
        assertThat(context.get("conformsTo").asText()).isEqualTo("dct:conformsTo");
        assertThat(context.get("containedIn").asText()).isEqualTo("cr:containedIn");
        assertThat(doc.get("distribution").isArray()).isTrue();
        List<String> resourceIds = new ArrayList<>();
        for (JsonNode d : doc.get("distribution")) {
            String type = d.get("@type").asText();
            assertThat(type).isIn("cr:FileObject", "cr:FileSet");
            assertThat(d.hasNonNull("@id")).as("%s @id", type).isTrue();
            List<String> required = type.equals("cr:FileObject") ? FILE_OBJECT_REQUIRED : FILE_SET_REQUIRED;
            required.forEach(p ->
                    assertThat(d.hasNonNull(p)).as("%s property %s", type, p).isTrue());
            if (type.equals("cr:FileSet")) {
                JsonNode in = d.get("containedIn");
                (in.isArray() ? in : JSON.createArrayNode().add(in))
                        .forEach(i -> assertThat(resourceIds)
                                .as("containedIn names a FileObject before it")
                                .contains(i.get("@id").asText()));
            }
            resourceIds.add(d.get("@id").asText());
        }
        assertThat(resourceIds).as("ids are unique").doesNotHaveDuplicates();
        for (JsonNode set : doc.path("recordSet")) {
            assertThat(set.get("@type").asText()).isEqualTo("cr:RecordSet");
            assertThat(set.get("field")).isNotEmpty();
            for (JsonNode f : set.get("field")) {
                assertThat(f.get("@type").asText()).isEqualTo("cr:Field");
                assertThat(f.get("@id").asText())
                        .isEqualTo(set.get("@id").asText() + "/" + f.get("name").asText());
                JsonNode from = f.get("source").has("fileObject")
                        ? f.get("source").get("fileObject")
                        : f.get("source").get("fileSet");
                assertThat(resourceIds)
                        .as("field source")
                        .contains(from.get("@id").asText());
                assertThat(f.at("/source/extract/column").asText())
                        .isEqualTo(f.get("name").asText());
            }
        }
    }

    /** Catalogs {@code data} as iris through the CLI (for huggingface.co, not pushed); its croissant.json. */
    private JsonNode catalog(Path data, String link) throws Exception {
        CliRunner.Result r = cli(data, link);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return JSON.readTree(home.resolve("catalog/iris/croissant.json").toFile());
    }

    private CliRunner.Result cli(Path data, String link) throws Exception {
        DatasetFixtures.Inputs in = DatasetFixtures.iris(home);
        return new CliRunner(home)
                .run(
                        "--catalog-root",
                        home.resolve("catalog").toString(),
                        "catalog-new-dataset",
                        "Iris",
                        "iris",
                        in.loader().toString(),
                        data.toAbsolutePath() + "/",
                        link,
                        in.metadata().toString(),
                        "--endpoint",
                        "https://huggingface.co",
                        "--no-push");
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static List<JsonNode> fileObjects(JsonNode doc) {
        List<JsonNode> out = new ArrayList<>();
        doc.get("distribution").forEach(d -> {
            if (d.get("@type").asText().equals("cr:FileObject")) {
                out.add(d);
            }
        });
        return out;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static long bytes(Path dir, List<String> paths) throws Exception {
        long sum = 0;
        for (String p : paths) {
            sum += Files.size(dir.resolve(p));
        }
        return sum;
    }

    /** A data file of 1000 bytes at /global/cfs/cdirs/x/data/, not public. */
    private static DataFile file(String path, Optional<String> sha256, long sampleBytes) {
        return new DataFile(
                path,
                "train",
                DataFormat.of(path),
                1000,
                sha256,
                Optional.empty(),
                "/global/cfs/cdirs/x/data/" + path,
                sampleBytes);
    }

    private static CatalogEntry irisEntry() {
        return entry("Iris", "iris", "/global/cfs/cdirs/x/data/", Optional.empty(), iris());
    }

    private static JsonNode render(CatalogEntry e, Optional<String> sha) throws Exception {
        return JSON.readTree(CroissantDocument.render(e, sha));
    }

    private static CatalogEntry entry(
            String name, String nickname, String dataPath, Optional<String> link, Metadata md) {
        return CatalogEntry.builder()
                .nickname(nickname)
                .officialName(name)
                .repoId(new RepoId("NERSC", nickname))
                .endpoint("https://huggingface.co")
                .dataPath(Optional.of(dataPath))
                .downloadLink(link)
                .loaderScript(Optional.of(nickname + "_loader.py"))
                .metadata(md)
                .created(CREATED)
                .build();
    }

    private static Metadata iris() {
        ObjectNode md = metadata("Iris", "[\"csv\", \"biology\"]");
        md.with("datacard_tags").putArray("language").add("en");
        return new Metadata(md);
    }

    private static ObjectNode metadata(String pretty, String tags) {
        try {
            return (ObjectNode) JSON.readTree("{\"datacard_tags\": {\"pretty_name\": \"" + pretty + "\", \"tags\": "
                    + tags + "}, \"other_info\": {}}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> texts(Iterable<JsonNode> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.asText()));
        return out;
    }
}
