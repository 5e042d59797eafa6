package gov.nersc.huggingnersc.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dataset's metadata file, in the earlier tool's format: {@code datacard_tags} (the Hub card's
 * front matter keys, in input order) and {@code other_info} (everything else: nickname, papers,
 * description, citation, doi, homepage, contact, hpss_path, globus).
 *
 * <p>Immutable: the JSON is copied in and out. Build one with {@code MetadataFile.read} (which
 * validates); the constructor only checks the shape.
 *
 * @param json the whole metadata object, as given
 */
public record Metadata(ObjectNode json) {

    public Metadata {
        json = json.deepCopy();
        if (!json.path("datacard_tags").isObject()) {
            throw new IllegalArgumentException("metadata needs a datacard_tags object");
        }
    }

    /** The whole metadata object, as given (a copy). */
    @Override
    public ObjectNode json() {
        return json.deepCopy();
    }

    /** The card's front matter keys, in input order (a copy). */
    public ObjectNode datacardTags() {
        return ((ObjectNode) json.get("datacard_tags")).deepCopy();
    }

    /** {@code other_info}, or an empty object (a copy). */
    public ObjectNode otherInfo() {
        JsonNode o = json.get("other_info");
        return o != null && o.isObject() ? ((ObjectNode) o).deepCopy() : JsonNodeFactory.instance.objectNode();
    }

    /** {@code datacard_tags.pretty_name}. */
    public String prettyName() {
        return json.path("datacard_tags").path("pretty_name").asText();
    }

    /** This metadata with another {@code datacard_tags.pretty_name}, in the same place among the keys. */
    public Metadata withPrettyName(String title) {
        ObjectNode copy = json.deepCopy();
        ((ObjectNode) copy.get("datacard_tags")).put("pretty_name", title);
        return new Metadata(copy);
    }

    /** {@code other_info.nickname}, if given. */
    public Optional<String> nickname() {
        return text("nickname");
    }

    /** {@code other_info.papers}: arXiv (or other) links, in order. */
    public List<String> papers() {
        return texts(json.path("other_info").path("papers"));
    }

    /** {@code datacard_tags.tags}: free tags. */
    public List<String> tags() {
        return texts(json.path("datacard_tags").path("tags"));
    }

    /** {@code other_info.description}: Markdown. */
    public Optional<String> description() {
        return text("description");
    }

    /** {@code other_info.citation}: BibTeX. */
    public Optional<String> citation() {
        return text("citation");
    }

    public Optional<String> doi() {
        return text("doi");
    }

    public Optional<String> homepage() {
        return text("homepage");
    }

    public Optional<String> contact() {
        return text("contact");
    }

    /** {@code other_info.hpss_path}: where a copy lives on NERSC's tape archive. */
    public Optional<String> hpssPath() {
        return text("hpss_path");
    }

    /** {@code other_info.globus}: the Globus collection and path to move the data with. */
    public Optional<Globus> globus() {
        JsonNode g = json.path("other_info").path("globus");
        if (!g.isObject()) {
            return Optional.empty();
        }
        JsonNode id = g.path("collection_id");
        return Optional.of(new Globus(
                g.path("collection").asText(),
                g.path("path").asText(),
                id.isTextual() && !id.asText().isBlank()
                        ? Optional.of(id.asText().strip())
                        : Optional.empty()));
    }

    /**
     * A Globus collection and the path in it.
     *
     * @param collection the collection's name (or id) as the steward wrote it; empty when only its id is given
     * @param path the path of the data in the collection (for a guest collection, relative to its root)
     * @param collectionId the collection's UUID ({@code collection_id}), when given
     */
    public record Globus(String collection, String path, Optional<String> collectionId) {
        /** A collection named without an id, as the first metadata files gave it. */
        public Globus(String collection, String path) {
            this(collection, path, Optional.empty());
        }
    }

    private Optional<String> text(String key) {
        JsonNode v = json.path("other_info").path(key);
        return v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (node.isTextual()) {
            out.add(node.asText());
        }
        return List.copyOf(out);
    }
}
