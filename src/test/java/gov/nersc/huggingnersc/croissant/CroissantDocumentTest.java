package gov.nersc.huggingnersc.croissant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.catalog.CatalogEntry;
import gov.nersc.huggingnersc.hub.RepoId;
import gov.nersc.huggingnersc.metadata.Metadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CroissantDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /*
   * The Croissant 1.0 specification (http://mlcommons.org/croissant/1.0, "Dataset-level
   * Information" > "Required", "Modified and Added Properties", "Resources"):
   *  - a Dataset must have @context, @type (schema.org/Dataset), dct:conformsTo
   *    (http://mlcommons.org/croissant/1.0), description, license, name, url, creator,
   *    datePublished, and distribution (values of type FileObject or FileSet);
   *  - a FileObject is named (name / @id) and has contentUrl, encodingFormat and a checksum
   *    (sha256 or md5) — the checksum only where one is known (a manifest's);
   *  - a FileSet has includes (glob), encodingFormat, and containedIn (the FileObject it is in).
   * creator and datePublished are written when known: the contact, and the date the entry was
   * first cataloged.
   */
  private static final List<String> DATASET_REQUIRED = List.of("@context", "@type", "conformsTo", "name",
      "description", "license", "url", "distribution");
  private static final List<String> DATASET_REQUIRED_WHEN_KNOWN = List.of("creator", "datePublished");
  private static final List<String> FILE_OBJECT_REQUIRED = List.of("name", "contentUrl", "encodingFormat");
  private static final List<String> FILE_SET_REQUIRED = List.of("includes", "encodingFormat", "containedIn");
  /** Context terms the document relies on: without them a JSON-LD reader drops the values. */
  private static final List<String> CONTEXT_TERMS = List.of("@vocab", "sc", "cr", "dct", "conformsTo", "citeAs",
      "includes", "md5", "data", "dataType", "field", "source", "extract", "recordSet");

  private static final Instant CREATED = Instant.parse("2026-11-20T10:15:30Z");

  @Test
  void irisFolderWithoutADownloadLinkIsAFolderAndAFileSetOfCsvFiles() throws Exception {
    JsonNode doc = render(entry("Iris", "iris", "/global/cfs/cdirs/dasrepo/ai_ready_datasets/iris/data/",
        Optional.empty(), iris()), Optional.empty());

    assertConformant(doc, false);
    assertThat(doc.get("name").asText()).isEqualTo("Iris");
    assertThat(doc.get("url").asText()).isEqualTo("https://huggingface.co/datasets/NERSC/iris");
    assertThat(doc.get("license").asText()).isEqualTo("unknown");
    assertThat(doc.get("datePublished").asText()).isEqualTo("2026-11-20");
    assertThat(doc.has("creator")).isFalse();
    assertThat(texts(doc.get("keywords"))).containsExactly("csv", "biology");
    assertThat(texts(doc.get("inLanguage"))).containsExactly("en");
    assertThat(doc.get("citeAs").asText()).startsWith("@misc{iris,").contains("title        = {{Iris}}")
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
    assertThat(csv.get("containedIn").get("@id").asText()).isEqualTo(folder.get("@id").asText());
  }

  @Test
  void jetclassHasItsLicenceUrlCitationContactAndAFileSetPerFormat() throws Exception {
    ObjectNode md = metadata("JetClass", "[\"hdf5\", \"particle physics\"]");
    md.with("datacard_tags").put("license", "cc-by-4.0");
    md.with("datacard_tags").putArray("task_categories").add("tabular-classification");
    md.with("other_info").put("citation", "@article{Qu:2022mxj, title={Particle Transformer}}");
    md.with("other_info").put("contact", "Jane Doe <jdoe@lbl.gov>");
    md.with("other_info").put("homepage", "https://github.com/jet-universe/particle_transformer");
    JsonNode doc = render(entry("JetClass", "jetclass", "/global/cfs/cdirs/dasrepo/www/jetclass",
        Optional.of("https://portal.nersc.gov/cfs/dasrepo/jetclass/"), new Metadata(md)), Optional.empty());

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
    JsonNode doc = render(entry("Iris", "iris", "/global/cfs/cdirs/dasrepo/www/iris/iris.csv",
        Optional.of("https://portal.nersc.gov/cfs/dasrepo/iris/iris.csv"), iris()), Optional.of(sha));

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
    assertThat(CroissantDocument.render(e)).isEqualTo(CroissantDocument.render(e)).endsWith("}\n");
  }

  @Test
  void aMalformedDigestIsRefused() {
    CatalogEntry e = entry("Iris", "iris", "/global/cfs/cdirs/x/data/", Optional.empty(), iris());
    assertThatThrownBy(() -> CroissantDocument.render(e, Optional.of("ABC")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 lowercase hex");
  }

  @Test
  void bracesInTheNameCannotUnbalanceTheGeneratedCitation() throws Exception {
    JsonNode doc = render(entry("Odd {name} \\ here", "odd", "/global/cfs/cdirs/x/data/", Optional.empty(), iris()),
        Optional.empty());
    String cite = doc.get("citeAs").asText();
    assertThat(cite).contains("Odd \\{name\\} \\textbackslash{} here");
    long open = cite.replace("\\{", "").replace("\\}", "").chars().filter(c -> c == '{').count();
    long close = cite.replace("\\{", "").replace("\\}", "").chars().filter(c -> c == '}').count();
    assertThat(open).isEqualTo(close);
  }

  private static void assertConformant(JsonNode doc, boolean creatorKnown) {
    for (String p : DATASET_REQUIRED) {
      assertThat(doc.hasNonNull(p)).as("Dataset property %s", p).isTrue();
    }
    assertThat(doc.get("datePublished")).as("datePublished").isNotNull();
    if (creatorKnown) {
      DATASET_REQUIRED_WHEN_KNOWN.forEach(p -> assertThat(doc.hasNonNull(p)).as("Dataset property %s", p).isTrue());
    }
    assertThat(doc.get("@type").asText()).isEqualTo("sc:Dataset");
    assertThat(doc.get("conformsTo").asText()).isEqualTo("http://mlcommons.org/croissant/1.0");
    JsonNode context = doc.get("@context");
    CONTEXT_TERMS.forEach(t -> assertThat(context.has(t)).as("@context term %s", t).isTrue());
    assertThat(context.get("@vocab").asText()).isEqualTo("https://schema.org/");
    assertThat(context.get("cr").asText()).isEqualTo("http://mlcommons.org/croissant/");
    assertThat(context.get("conformsTo").asText()).isEqualTo("dct:conformsTo");
    assertThat(doc.get("distribution").isArray()).isTrue();
    assertThat(doc.get("distribution")).isNotEmpty();
    List<String> fileObjectIds = new ArrayList<>();
    for (JsonNode d : doc.get("distribution")) {
      String type = d.get("@type").asText();
      assertThat(type).isIn("cr:FileObject", "cr:FileSet");
      assertThat(d.hasNonNull("@id")).as("%s @id", type).isTrue();
      List<String> required = type.equals("cr:FileObject") ? FILE_OBJECT_REQUIRED : FILE_SET_REQUIRED;
      required.forEach(p -> assertThat(d.hasNonNull(p)).as("%s property %s", type, p).isTrue());
      if (type.equals("cr:FileObject")) {
        fileObjectIds.add(d.get("@id").asText());
      } else {
        assertThat(fileObjectIds).as("containedIn names a FileObject").contains(d.get("containedIn").get("@id").asText());
      }
    }
  }

  private static JsonNode render(CatalogEntry e, Optional<String> sha) throws Exception {
    return JSON.readTree(CroissantDocument.render(e, sha));
  }

  private static CatalogEntry entry(String name, String nickname, String dataPath, Optional<String> link, Metadata md) {
    return new CatalogEntry(nickname, name, new RepoId("NERSC", nickname), "https://huggingface.co", Optional.of(dataPath), link,
        Optional.of(nickname + "_loader.py"), Optional.empty(), false, md, CREATED, CREATED, Optional.empty(),
        CatalogEntry.SCHEMA_VERSION, CatalogEntry.Origin.HUGGINGNERSC);
  }

  private static Metadata iris() {
    ObjectNode md = metadata("Iris", "[\"csv\", \"biology\"]");
    md.with("datacard_tags").putArray("language").add("en");
    return new Metadata(md);
  }

  private static ObjectNode metadata(String pretty, String tags) {
    try {
      return (ObjectNode) JSON.readTree("{\"datacard_tags\": {\"pretty_name\": \"" + pretty + "\", \"tags\": " + tags
          + "}, \"other_info\": {}}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
