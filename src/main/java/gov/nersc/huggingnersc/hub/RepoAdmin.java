package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.errors.InvalidInputException;

/**
 * The repo calls of {@link HubClient}: create, delete and change the settings of a dataset repo
 * ({@code /api/repos/create}, {@code /api/repos/delete}, {@code PUT .../settings}), each safe to send
 * again after a lost answer.
 */
final class RepoAdmin {
    private static final RepoType TYPE = RepoType.DATASET;

    private final Transport transport;
    private final HubEndpoint hub;

    RepoAdmin(Transport transport, HubEndpoint hub) {
        this.transport = transport;
        this.hub = hub;
    }

    /** See {@link HubClient#createRepo}. */
    String create(RepoId id, boolean isPrivate, boolean existOk) {
        ObjectNode body = Transport.JSON
                .createObjectNode()
                .put("name", id.name())
                .put("organization", id.namespace())
                .put("type", TYPE.wireName())
                .put("private", isPrivate);
        try {
            JsonNode answer = transport.json(Transport.Call.json("POST", hub.api("/api/repos/create"), body));
            return answer.path("url").asText(hub.repoUrl(id));
        } catch (HubConflictException e) {
            if (existOk) {
                return hub.repoUrl(id);
            }
            if (Transport.afterLostAnswer(e)) {
                throw new HubConflictException(
                        "repo " + id + " exists, but the answer to an earlier attempt was lost, "
                                + "so that attempt may have made it; look at " + hub.repoUrl(id)
                                + " before deleting anything",
                        e.status(),
                        e.requestId().orElse(null),
                        "POST",
                        e.url(),
                        e.serverMessage().orElse(null));
            }
            throw e;
        }
    }

    /** See {@link HubClient#deleteRepo}. */
    boolean delete(RepoId id, boolean missingOk) {
        ObjectNode body = Transport.JSON
                .createObjectNode()
                .put("name", id.name())
                .put("organization", id.namespace())
                .put("type", TYPE.wireName());
        try {
            transport.exchange(Transport.Call.json("DELETE", hub.api("/api/repos/delete"), body), r -> null);
            return true;
        } catch (RepoNotFoundException e) {
            if (Transport.afterLostAnswer(e)) {
                return true; // the attempt whose answer was lost deleted it
            }
            if (missingOk) {
                return false;
            }
            throw e;
        }
    }

    /** See {@link HubClient#updateSettings}. */
    void updateSettings(RepoId id, Boolean isPrivate, String gated) {
        if (isPrivate == null && gated == null) {
            throw new InvalidInputException("repo settings of " + id + ": nothing to change; give private or gated");
        }
        ObjectNode body = Transport.JSON.createObjectNode();
        if (isPrivate != null) {
            body.put("private", isPrivate);
        }
        if (gated != null) {
            switch (gated) {
                case "false" -> body.put("gated", false);
                case "auto", "manual" -> body.put("gated", gated);
                default -> throw new InvalidInputException("gated '" + gated + "': allowed: auto, manual, false");
            }
        }
        transport.exchange(Transport.Call.json("PUT", hub.repoApi(id, "/settings"), body), r -> null);
    }
}
