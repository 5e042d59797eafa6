package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.RepoId;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The preupload call ({@code POST /api/datasets/{repo}/preupload/{rev}}): asks the Hub, from each
 * file's size and first bytes, whether it goes inline or through LFS, whether it is ignored, and
 * what is already there. As {@code fetch_upload_modes} in huggingface_hub's {@code _commit_api.py}.
 */
final class Preupload {
    /** Preupload asks about this many files at a time. */
    static final int BATCH = 256;

    private static final int SAMPLE_BYTES = 512;

    private final Transport transport;
    private final HubEndpoint hub;

    Preupload(Transport transport, HubEndpoint hub) {
        this.transport = transport;
        this.hub = hub;
    }

    /** What preupload says: each file's mode, and the branch head it looked at ({@code commitOid}). */
    record Answer(List<PreuploadFile> files, String head) {}

    Answer ask(RepoId id, String branch, boolean createPr, List<CommitOperation.Add> files) {
        List<PreuploadFile> out = new ArrayList<>();
        String head = null;
        QueryString q = new QueryString().add("create_pr", createPr ? "1" : null);
        URI url = q.on(hub.repoApi(id, "/preupload/" + HubEndpoint.encodedRevision(branch)));
        for (int from = 0; from < files.size(); from += BATCH) {
            ObjectNode body = Transport.JSON.createObjectNode();
            ArrayNode list = body.putArray("files");
            for (CommitOperation.Add add : files.subList(from, Math.min(files.size(), from + BATCH))) {
                try {
                    list.addObject()
                            .put("path", add.pathInRepo())
                            .put("size", add.content().size())
                            .put(
                                    "sample",
                                    Base64.getEncoder()
                                            .encodeToString(add.content().head(SAMPLE_BYTES)));
                } catch (IOException e) {
                    throw CommitPayload.unreadable(add, e);
                }
            }
            JsonNode answer = transport.json(Transport.Call.json("POST", url, body));
            if (head == null) {
                head = HubJson.text(answer, "commitOid");
            }
            answer.path("files")
                    .forEach(f -> out.add(new PreuploadFile(
                            f.path("path").asText(),
                            "lfs".equals(f.path("uploadMode").asText()),
                            f.path("shouldIgnore").asBoolean(false),
                            HubJson.text(f, "oid"))));
        }
        return new Answer(out, head);
    }
}
