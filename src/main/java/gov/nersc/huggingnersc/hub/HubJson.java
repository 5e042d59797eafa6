package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.api.WhoAmI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads the Hub's JSON answers into our values: the account, dataset info, tree entries and commits. */
final class HubJson {
    private HubJson() {}

    static WhoAmI parseWhoAmI(JsonNode j) {
        List<String> orgs = new ArrayList<>();
        j.path("orgs").forEach(o -> orgs.add(o.path("name").asText()));
        JsonNode token = j.path("auth").path("accessToken");
        return new WhoAmI(
                j.path("name").asText(),
                j.path("type").asText(null),
                text(j, "fullname"),
                orgs,
                text(token, "role"),
                text(token, "displayName"));
    }

    static DatasetInfo parseDatasetInfo(JsonNode j) {
        List<String> tags = new ArrayList<>();
        j.path("tags").forEach(t -> tags.add(t.asText()));
        List<String> siblings = new ArrayList<>();
        j.path("siblings").forEach(s -> siblings.add(s.path("rfilename").asText()));
        JsonNode gated = j.get("gated");
        JsonNode card = j.get("cardData");
        return new DatasetInfo(
                j.path("id").asText(),
                text(j, "sha"),
                instant(j, "lastModified"),
                j.hasNonNull("private") ? j.get("private").asBoolean() : null,
                gated == null || gated.isNull() ? null : gated.asText(),
                tags,
                card == null || card.isNull() ? null : card,
                siblings);
    }

    static TreeEntry parseEntry(JsonNode j) {
        JsonNode lfs = j.get("lfs");
        return new TreeEntry(
                j.path("type").asText("file"),
                j.path("path").asText(),
                j.path("size").asLong(0),
                text(j, "oid"),
                lfs == null || lfs.isNull()
                        ? null
                        : new TreeEntry.Lfs(
                                lfs.path("oid").asText(),
                                lfs.path("size").asLong(),
                                lfs.path("pointerSize").asLong()));
    }

    static RepoCommit parseCommit(JsonNode j) {
        List<String> authors = new ArrayList<>();
        j.path("authors").forEach(a -> authors.add(a.path("user").asText()));
        return new RepoCommit(
                j.path("id").asText(),
                j.path("title").asText(""),
                j.path("message").asText(""),
                instant(j, "date"),
                authors);
    }

    static String text(JsonNode j, String field) {
        JsonNode v = j.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Instant instant(JsonNode j, String field) {
        String v = text(j, field);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
