package gov.nersc.huggingnersc.localhub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The Git LFS batch API as the Hub speaks it: downloads ({@link LfsDownloads}), {@code basic}
 * uploads, and the Hub's {@code multipart} uploads (numbered part URLs, an {@code ETag} per part,
 * a completion POST).
 * Upload URLs carry an unguessable upload id instead of the token, as pre-signed URLs do: the
 * clients send no Authorization header to them.
 */
final class LfsRoutes {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LFS_JSON = "application/vnd.git-lfs+json";

    List<HubHandler.Route> routes() {
        return List.of(
                HubHandler.Route.of("POST", "/datasets/([^/]+)/([^/]+)\\.git/info/lfs/objects/batch", this::batch),
                HubHandler.Route.of("PUT", "/lfs-upload/([0-9a-f]{32})", this::putObject),
                HubHandler.Route.of("PUT", "/lfs-upload/([0-9a-f]{32})/(\\d{1,5})", this::putPart),
                HubHandler.Route.of("POST", "/lfs-upload/([0-9a-f]{32})/complete", this::complete));
    }

    private void batch(HubExchange ex, Matcher m) throws IOException {
        JsonNode body = ex.json();
        String operation = RepoRoutes.text(body, "operation", "");
        if (!operation.equals("upload") && !operation.equals("download")) {
            throw HubError.badRequest("operation '" + operation + "': the batch API takes upload or download");
        }
        boolean uploading = operation.equals("upload");
        // the repo must exist and be readable; uploading needs the token (Bearer, or Basic as git-lfs sends it)
        GitRoutes.open(ex, HubHandler.repoId(m), uploading).close();
        boolean multipart = false;
        for (JsonNode t : body.path("transfers")) {
            multipart |= uploading && t.asText().equals("multipart"); // downloads are basic
        }
        long chunk = ex.hub.options().multipartChunkSize();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (JsonNode o : body.path("objects")) {
            String oid = o.path("oid").asText("");
            long size = o.path("size").asLong(-1);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("oid", oid);
            out.put("size", size);
            objects.add(out);
            if (!LfsStore.OID.matcher(oid).matches() || size < 0) {
                out.put(
                        "error",
                        Map.of("code", 422, "message", "oid must be 64 hex digits and size a non-negative number"));
                continue;
            }
            if (size > ex.hub.options().maxLfsObjectBytes()) {
                out.put(
                        "error",
                        Map.of(
                                "code",
                                422,
                                "message",
                                "object of " + size + " bytes is larger than the "
                                        + ex.hub.options().maxLfsObjectBytes() + " bytes allowed"));
                continue;
            }
            if (!uploading) {
                LfsDownloads.describe(ex, oid, size, out);
                continue;
            }
            if (ex.hub.lfs().has(oid, size)) {
                continue; // already stored: no actions, the client skips it
            }
            out.put("actions", Map.of("upload", uploadAction(ex, oid, size, multipart && size > chunk, chunk)));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("transfer", multipart ? "multipart" : "basic");
        answer.put("objects", objects);
        ex.respond(200, LFS_JSON, HubExchange.JSON.writeValueAsBytes(answer));
    }

    /** Where to upload one object: a URL of its own, or one URL a part and a URL that completes them. */
    private static Map<String, Object> uploadAction(
            HubExchange ex, String oid, long size, boolean inParts, long chunk) {
        String uploadId = newUploadId();
        String base = ex.baseUrl() + "/lfs-upload/" + uploadId;
        Map<String, Object> upload = new LinkedHashMap<>();
        if (inParts) {
            ServerContext.LfsUpload u = new ServerContext.LfsUpload(oid, size, chunk);
            ex.hub.uploads().announce(uploadId, u);
            Map<String, String> header = new LinkedHashMap<>();
            header.put("chunk_size", String.valueOf(chunk));
            for (int i = 1; i <= u.parts(); i++) {
                header.put(String.format("%05d", i), base + "/" + i);
            }
            upload.put("href", base + "/complete");
            upload.put("header", header);
        } else {
            ex.hub.uploads().announce(uploadId, new ServerContext.LfsUpload(oid, size, 0));
            upload.put("href", base);
        }
        return upload;
    }

    private void putObject(HubExchange ex, Matcher m) throws IOException {
        ServerContext.LfsUpload u = upload(ex, m.group(1));
        if (u.chunkSize() != 0) {
            throw HubError.badRequest("upload " + m.group(1) + " is multipart; PUT its numbered parts");
        }
        ex.hub.lfs().store(u.oid(), u.size(), ex.body(u.size() + 1));
        ex.hub.uploads().finish(m.group(1));
        ex.respondJson(200, Map.of());
    }

    private void putPart(HubExchange ex, Matcher m) throws IOException {
        ServerContext.LfsUpload u = upload(ex, m.group(1));
        int part = Integer.parseInt(m.group(2));
        if (u.chunkSize() == 0 || part < 1 || part > u.parts()) {
            throw HubError.badRequest("upload " + m.group(1) + " has no part " + part);
        }
        long expected = u.partLength(part);
        long n = ex.hub.lfs().storePart(m.group(1), part, (part - 1L) * u.chunkSize(), expected, ex.body(expected + 1));
        if (n != expected) {
            throw HubError.badRequest(
                    "part " + part + " of " + u.oid() + ": received " + n + " bytes, expected " + expected);
        }
        ex.setHeader("ETag", etag(m.group(1), part, n));
        ex.respondJson(200, Map.of());
    }

    private void complete(HubExchange ex, Matcher m) throws IOException {
        ServerContext.LfsUpload u = upload(ex, m.group(1));
        JsonNode body = ex.json();
        if (!u.oid().equals(body.path("oid").asText())) {
            throw HubError.badRequest("completion of upload " + m.group(1) + " names oid '"
                    + body.path("oid").asText() + "', but the upload is for " + u.oid());
        }
        JsonNode parts = body.path("parts");
        if (!parts.isArray() || parts.size() != u.parts()) {
            throw HubError.badRequest("completion of " + u.oid() + ": expected " + u.parts() + " parts, got "
                    + (parts.isArray() ? parts.size() : 0));
        }
        for (JsonNode p : parts) {
            int number = p.path("partNumber").asInt(-1);
            if (number < 1 || number > u.parts()) {
                throw HubError.badRequest("completion of " + u.oid() + ": no part number " + number);
            }
            long size = ex.hub.lfs().partLength(m.group(1), number);
            if (!etag(m.group(1), number, size).equals(p.path("etag").asText())) {
                throw HubError.badRequest("completion of " + u.oid() + ": part " + number
                        + " was not uploaded, or its etag differs from the one this server answered");
            }
        }
        ex.hub.lfs().assemble(m.group(1), u.parts(), u.oid(), u.size());
        ex.hub.uploads().finish(m.group(1));
        ex.respondJson(200, Map.of());
    }

    private static ServerContext.LfsUpload upload(HubExchange ex, String uploadId) {
        return ex.hub
                .uploads()
                .get(uploadId)
                .orElseThrow(() -> new HubError(
                        404, null, "Upload " + uploadId + " is unknown or finished; ask the batch API again"));
    }

    /** A part's ETag: names the upload, the part and its length, quoted as S3 does. */
    private static String etag(String uploadId, int part, long length) {
        byte[] d = LfsStore.sha256()
                .digest((uploadId + "/" + part + "/" + length).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
    }

    private static String newUploadId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
