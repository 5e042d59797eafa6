package gov.nersc.huggingnersc.localhub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Downloads through the Git LFS batch API ({@code "operation": "download"}, as {@code git lfs}
 * sends it on clone and fetch). Each object's download URL carries a signature of its oid keyed
 * by the server's token, as pre-signed URLs do: the batch request was allowed to read the repo,
 * so its answer may hand out the object, and the URL needs no credentials (git-lfs sends none to
 * it) and reveals nothing of the token.
 */
final class LfsDownloads {

    List<HubHandler.Route> routes() {
        return List.of(HubHandler.Route.of("GET", "/lfs-download/([0-9a-f]{64})/([0-9a-f]{64})", this::download));
    }

    /** The batch answer's entry for one object to download: its action, or a 404 error if the hub lacks it. */
    static void describe(HubExchange ex, String oid, long size, Map<String, Object> out) {
        if (!ex.hub.lfs().has(oid, size)) {
            out.put(
                    "error",
                    Map.of("code", 404, "message", "Object " + oid + " of " + size + " bytes is not on this hub"));
            return;
        }
        Map<String, Object> download = new LinkedHashMap<>();
        download.put("href", ex.baseUrl() + "/lfs-download/" + oid + "/" + signature(ex.hub.token(), oid));
        out.put("actions", Map.of("download", download));
    }

    private void download(HubExchange ex, Matcher m) throws IOException {
        String oid = m.group(1);
        byte[] expected = signature(ex.hub.token(), oid).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, m.group(2).getBytes(StandardCharsets.UTF_8))) {
            throw new HubError(403, null, "This download URL was not handed out by this hub; ask the batch API again");
        }
        long size = ex.hub
                .lfs()
                .size(oid)
                .orElseThrow(() -> new HubError(404, null, "Object " + oid + " is not on this hub"));
        ex.drain();
        ex.setHeader("Content-Type", "application/octet-stream");
        try (InputStream in = ex.hub.lfs().open(oid, 0);
                OutputStream out = ex.answer(200, size)) {
            in.transferTo(out);
        }
    }

    private static String signature(String token, String oid) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(("lfs-download:" + oid).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
