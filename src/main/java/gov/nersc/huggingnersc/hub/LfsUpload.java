package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Sends LFS objects through the Git LFS batch API: a batch request per group of at most 100 objects
 * (or 256 MiB), then for each object the Hub does not have yet either one PUT ({@code basic}) or, when the answer carries {@code
 * header.chunk_size}, parts PUT in parallel and a completion POST ({@code multipart}).
 */
final class LfsUpload {
    static final int BATCH = 100;
    /**
     * A group of objects holds at most this many bytes: sending it takes long enough to hash the next
     * one meanwhile, and large files still share batch requests (a round trip each to the Hub).
     */
    static final long GROUP_BYTES = 256L << 20;

    private static final String LFS_JSON = "application/vnd.git-lfs+json";
    /** Uploads get time in proportion to their size, so a slow link does not time out a big part. */
    private static final long SLOWEST_BYTES_PER_SECOND = 256 * 1024;

    /** One object to send: its content, sha256 and size. */
    record LfsObject(String path, ContentSource content, String oid, long size) {}

    private final Transport transport;
    private final URI batchUri;
    private final ExecutorService pool;
    private final Duration baseTimeout;
    private final LongConsumer sent;
    private final int objectThreads;

    /**
     * {@code sent} hears the size of every part (or whole object) once the Hub has stored it; up to
     * {@code objectThreads} objects are sent at once, their parts on {@code pool}.
     */
    LfsUpload(
            Transport transport,
            URI batchUri,
            ExecutorService pool,
            Duration baseTimeout,
            LongConsumer sent,
            int objectThreads) {
        this.transport = transport;
        this.batchUri = batchUri;
        this.pool = pool;
        this.baseTimeout = baseTimeout;
        this.sent = sent;
        this.objectThreads = objectThreads;
    }

    /**
     * Uploads every object the Hub lacks, as they come: {@code objects} in order, each complete once its
     * file is hashed (empty: nothing to send). They go in groups of {@link #BATCH} objects or {@link
     * #GROUP_BYTES}, whichever comes first: one batch request each, and a group's uploads run while the
     * next group is hashed. {@code ref}: the branch, or null for a pull request.
     */
    void upload(List<CompletableFuture<Optional<LfsObject>>> objects, String ref) {
        ExecutorService objectPool = Committer.daemons(objectThreads, "hub-upload-object");
        List<Future<String>> sends = new ArrayList<>();
        try {
            int next = 0;
            while (next < objects.size()) {
                List<LfsObject> group = new ArrayList<>();
                long bytes = 0;
                while (next < objects.size() && group.size() < BATCH && bytes < GROUP_BYTES) {
                    Optional<LfsObject> o = CommitPayload.joined(objects.get(next++));
                    if (o.isPresent()) {
                        group.add(o.get());
                        bytes += o.get().size();
                    }
                }
                failFast(sends);
                if (!group.isEmpty()) {
                    sends.addAll(startGroup(group, ref, objectPool));
                }
            }
            for (Future<String> f : sends) {
                await(f, sends);
            }
        } finally {
            objectPool.shutdownNow();
        }
    }

    /** Asks the batch API about {@code group} and starts sending each object the Hub lacks on {@code objectPool}. */
    private List<Future<String>> startGroup(List<LfsObject> group, String ref, ExecutorService objectPool) {
        JsonNode answer = askBatch(group, ref);
        Map<String, JsonNode> byOid = new TreeMap<>();
        answer.path("objects").forEach(o -> byOid.put(o.path("oid").asText(), o));
        List<String> refused = new ArrayList<>();
        for (LfsObject object : group) {
            JsonNode o = byOid.get(object.oid());
            if (o == null) {
                refused.add(object.path() + ": missing from the Hub's answer");
            } else if (o.has("error")) {
                refused.add(object.path() + ": "
                        + o.path("error").path("message").asText("refused") + " (code "
                        + o.path("error").path("code").asText("?") + ")");
            }
        }
        if (!refused.isEmpty()) {
            throw new HubException(
                    "the Hub refused LFS uploads: " + String.join("; ", refused), 200, null, "POST", batchUri, null);
        }
        // Objects go in parallel too (each on its own thread, its parts on the shared pool): many
        // medium files, each below the part size, would otherwise be sent one after another.
        List<Future<String>> sends = new ArrayList<>();
        for (LfsObject object : group) {
            JsonNode actions = byOid.get(object.oid()).path("actions");
            if (actions.has("upload")) { // none: the Hub already has these bytes
                sends.add(objectPool.submit(() -> {
                    sendAndVerify(object, actions, ref);
                    return object.oid();
                }));
            }
        }
        return sends;
    }

    /** Rethrows the failure of any send already finished, so that a failed upload stops the hashing early. */
    private static void failFast(List<Future<String>> sends) {
        for (Future<String> f : sends) {
            if (f.isDone()) {
                await(f, sends);
            }
        }
    }

    private void sendAndVerify(LfsObject object, JsonNode actions, String ref) {
        try {
            send(object, actions.path("upload"));
        } catch (HubBadRequestException e) {
            // a single PUT stores and checks the object; in parts, the completion POST checks it
            throw staleSha256(object, actions.path("upload").path("header").has("chunk_size") ? "POST" : "PUT", e);
        } catch (HubException e) {
            // A PUT whose answer was lost is sent again; when the first one had stored the object, its
            // upload is finished and the Hub no longer knows it (404). The batch API tells whether the
            // Hub has the bytes now: then there is nothing left to send or verify.
            if (e.status() != 404 || !stored(object, ref)) {
                throw e;
            }
            return;
        }
        if (actions.has("verify")) {
            ObjectNode body =
                    Transport.JSON.createObjectNode().put("oid", object.oid()).put("size", object.size());
            transport.json(Transport.Call.json(
                            "POST",
                            URI.create(actions.path("verify").path("href").asText()),
                            body)
                    .withHeader("Accept", LFS_JSON)
                    .withHeader("Content-Type", LFS_JSON));
        }
    }

    /**
     * The Hub refused the bytes of an object whose oid was not hashed here but taken as known (from a
     * manifest): most likely the file changed since, keeping its size and mtime. Says so, naming the
     * file and what to do; any other refusal is {@code e} itself.
     */
    private static HubBadRequestException staleSha256(LfsObject object, String method, HubBadRequestException e) {
        if (!(object.content() instanceof ContentSource.FromFile f) || f.known().isEmpty()) {
            return e;
        }
        ContentSource.KnownSha256 k = f.known().get();
        return new HubBadRequestException(
                f.file() + ": the Hub refused its bytes ("
                        + e.serverMessage().orElse(e.getMessage()) + "): they do not have the sha256 " + k.sha256()
                        + " recorded for this size and mtime, so the file changed since it was hashed; "
                        + k.ifStale(),
                e.status(),
                e.requestId().orElse(null),
                method,
                e.url(),
                e.serverMessage().orElse(null));
    }

    /** True when the batch API offers no upload for {@code object}: the Hub has its bytes. */
    private boolean stored(LfsObject object, String ref) {
        JsonNode answer = askBatch(List.of(object), ref);
        for (JsonNode o : answer.path("objects")) {
            if (o.path("oid").asText().equals(object.oid())) {
                return !o.has("error") && !o.path("actions").has("upload");
            }
        }
        return false;
    }

    private JsonNode askBatch(List<LfsObject> batch, String ref) {
        return transport.json(Transport.Call.json("POST", batchUri, batchRequest(batch, ref))
                .withHeader("Accept", LFS_JSON)
                .withHeader("Content-Type", LFS_JSON));
    }

    private static ObjectNode batchRequest(List<LfsObject> batch, String ref) {
        ObjectNode req = Transport.JSON.createObjectNode();
        req.put("operation", "upload");
        req.putArray("transfers").add("basic").add("multipart");
        ArrayNode objects = req.putArray("objects");
        batch.forEach(o -> objects.addObject().put("oid", o.oid()).put("size", o.size()));
        req.put("hash_algo", "sha256");
        if (ref != null) {
            req.putObject("ref").put("name", ref);
        }
        return req;
    }

    private void send(LfsObject object, JsonNode upload) {
        URI href = URI.create(upload.path("href").asText());
        JsonNode header = upload.path("header");
        if (header.has("chunk_size")) {
            multipart(object, href, header);
        } else {
            put(href, object.content(), 0, object.size());
        }
    }

    /** PUTs bytes {@code [offset, offset + length)}; returns the answer's ETag, if any. */
    private String put(URI url, ContentSource content, long offset, long length) {
        Transport.Call call = new Transport.Call(
                "PUT",
                url,
                slice(content, offset, length),
                Map.of(),
                false,
                true,
                baseTimeout.plusSeconds(length / SLOWEST_BYTES_PER_SECOND));
        String etag =
                transport.exchange(call, r -> r.headers().firstValue("ETag").orElse(null));
        sent.accept(length);
        return etag;
    }

    private void multipart(LfsObject object, URI completion, JsonNode header) {
        long chunk = Long.parseLong(header.path("chunk_size").asText());
        TreeMap<Integer, URI> parts = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().matches("\\d+")) {
                parts.put(Integer.parseInt(e.getKey()), URI.create(e.getValue().asText()));
            }
        }
        long expected = (object.size() + chunk - 1) / chunk;
        if (chunk <= 0 || parts.size() != expected || parts.firstKey() != 1 || parts.lastKey() != expected) {
            throw new HubException(
                    "the Hub's multipart plan for " + object.path() + " does not fit its size (" + parts.size()
                            + " parts of " + chunk + " bytes for " + object.size() + " bytes)",
                    200,
                    null,
                    "POST",
                    batchUri,
                    null);
        }
        List<Future<String>> etags = new ArrayList<>();
        parts.forEach((number, url) -> {
            long offset = (number - 1) * chunk;
            long length = Math.min(chunk, object.size() - offset);
            etags.add(pool.submit(() -> {
                String etag = put(url, object.content(), offset, length);
                if (etag == null) {
                    throw new HubException(
                            "part " + number + " of " + object.path() + " was stored without an ETag",
                            200,
                            null,
                            "PUT",
                            url,
                            null);
                }
                return etag;
            }));
        });
        ObjectNode done = Transport.JSON.createObjectNode().put("oid", object.oid());
        ArrayNode list = done.putArray("parts");
        int number = 1;
        for (Future<String> etag : etags) {
            list.addObject().put("partNumber", number++).put("etag", await(etag, etags));
        }
        transport.json(Transport.Call.json("POST", completion, done)
                .withoutAuth()
                .withHeader("Accept", LFS_JSON)
                .withHeader("Content-Type", LFS_JSON));
    }

    private static String await(Future<String> f, List<Future<String>> all) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            all.forEach(other -> other.cancel(true));
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all.forEach(other -> other.cancel(true));
            throw new HubConnectionException(
                    "interrupted during a multipart upload", "PUT", URI.create("about:multipart"), e);
        }
    }

    /** A body of {@code length} bytes from {@code offset}, re-readable for retries, never all in memory. */
    private static BodyPublisher slice(ContentSource content, long offset, long length) {
        if (content instanceof ContentSource.Bytes b) {
            return BodyPublishers.ofByteArray(b.bytes(), (int) offset, (int) length);
        }
        ContentSource.FromFile f = (ContentSource.FromFile) content;
        return BodyPublishers.fromPublisher(new FileSlicePublisher(f.file(), offset, length), length);
    }
}
