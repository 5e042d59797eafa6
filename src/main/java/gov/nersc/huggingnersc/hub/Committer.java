package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;

/**
 * Makes one commit, as {@code create_commit} does in huggingface_hub: checks the card, asks
 * {@link Preupload} how to send each file, uploads LFS objects ({@link LfsUpload}), then posts the
 * {@link CommitPayload} guarded by its parent commit, and recognises its own commit when the answer
 * was lost. {@link HubClient#commit} is the way in.
 */
final class Committer {
    private final HubClient client;
    private final Transport transport;
    private final HubEndpoint hub;
    private final Preupload preupload;
    private final Clock clock;
    private final int uploadThreads;
    private final Duration requestTimeout;

    Committer(
            HubClient client,
            Transport transport,
            HubEndpoint hub,
            Preupload preupload,
            Clock clock,
            int uploadThreads,
            Duration requestTimeout) {
        this.client = client;
        this.transport = transport;
        this.hub = hub;
        this.preupload = preupload;
        this.clock = clock;
        this.uploadThreads = uploadThreads;
        this.requestTimeout = requestTimeout;
    }

    /** See {@link HubClient#commit(RepoId, CommitRequest, LongConsumer)}. */
    CommitInfo commit(RepoId id, CommitRequest request, LongConsumer lfsBytesSent) {
        List<CommitOperation.Add> adds = new ArrayList<>();
        request.ops().forEach(op -> {
            if (op instanceof CommitOperation.Add a) {
                adds.add(a);
            }
        });
        for (CommitOperation.Add add : adds) {
            if (add.pathInRepo().equals("README.md")) {
                validateCard(add);
            }
        }
        Map<String, PreuploadFile> modes = new LinkedHashMap<>();
        Preupload.Answer answer = preupload.ask(id, request.branch(), request.createPr(), adds);
        answer.files().forEach(p -> modes.put(p.path(), p));
        // The preupload answer names the head it classified against: that saves a request for the parent.
        String parent = request.parentCommit()
                .orElseGet(() ->
                        answer.head() != null && !adds.isEmpty() ? answer.head() : client.headOf(id, request.branch()));

        ExecutorService pool = daemons(uploadThreads, "hub-upload");
        // hashing keeps the cores busy on its own: more threads than cores only take them from the sending
        ExecutorService hashing =
                daemons(Math.min(uploadThreads, Runtime.getRuntime().availableProcessors()), "hub-hash");
        Path body = null;
        try {
            CommitPayload payload = CommitPayload.plan(request, modes, hashing);
            // the objects go as they are hashed; an unchanged file sends nothing
            new LfsUpload(transport, hub.lfsBatchUrl(id), pool, requestTimeout, lfsBytesSent, uploadThreads)
                    .upload(payload.lfsObjects(), request.createPr() ? null : request.branch());
            if (!payload.hasChanges() && !request.createPr()) {
                return new CommitInfo(parent, hub.commitUrl(id, parent), null);
            }
            body = payload.write(request, parent);
            return postCommit(id, request, parent, body);
        } finally {
            hashing.shutdownNow();
            pool.shutdownNow();
            if (body != null) {
                try {
                    Files.deleteIfExists(body);
                } catch (IOException ignored) {
                    // a temporary file left in the temp folder is harmless
                }
            }
        }
    }

    /** A pool of {@code threads} daemon threads named {@code name}: they never keep the JVM alive. */
    static ExecutorService daemons(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private CommitInfo postCommit(RepoId id, CommitRequest request, String parent, Path body) {
        QueryString q = new QueryString().add("create_pr", request.createPr() ? "1" : null);
        Transport.Call call;
        try {
            call = new Transport.Call(
                    "POST",
                    q.on(hub.repoApi(id, "/commit/" + HubEndpoint.encode(request.branch()))),
                    BodyPublishers.ofFile(body),
                    Map.of("Content-Type", "application/x-ndjson"),
                    true,
                    false,
                    null);
        } catch (java.io.FileNotFoundException e) {
            throw new OperationFailedException("the prepared commit " + body + " vanished", e);
        }
        Instant start = clock.instant();
        boolean answerLost = false;
        for (int attempt = 1; ; attempt++) {
            HubException failure;
            try {
                JsonNode answer = transport.json(call);
                String oid = answer.path("commitOid").asText(null);
                return new CommitInfo(
                        oid,
                        answer.path("commitUrl").asText(hub.commitUrl(id, oid)),
                        HubJson.text(answer, "pullRequestUrl"));
            } catch (PreconditionFailedException e) {
                if (!answerLost || request.createPr()) {
                    throw e;
                }
                // an earlier attempt may have landed after all; that is the only reason the head moved
                return recognise(id, request, parent, client.headOf(id, request.branch()))
                        .orElseThrow(() -> e);
            } catch (HubException e) {
                failure = e;
            }
            if (!failure.retryable()) {
                throw failure;
            }
            boolean lost = !(failure instanceof RateLimitedException);
            if (lost && request.createPr()) {
                throw new HubConnectionException(
                        "the answer to the pull-request commit was lost; it may have been " + "opened: look at "
                                + hub.repoUrl(id) + "/discussions before running again",
                        "POST",
                        call.uri(),
                        failure);
            }
            if (lost) {
                answerLost = true;
                String head = client.headOf(id, request.branch());
                if (!head.equals(parent)) {
                    String branch = request.branch();
                    return recognise(id, request, parent, head)
                            .orElseThrow(() -> new PreconditionFailedException(
                                    "the answer to our commit was lost and branch " + branch + " has moved from "
                                            + parent + " to " + head + " by another commit; nothing was sent again",
                                    412,
                                    failure.requestId().orElse(null),
                                    "POST",
                                    call.uri(),
                                    failure.serverMessage().orElse(null)));
                }
            }
            transport.waitBeforeRetry(attempt, start, failure);
        }
    }

    /** Our commit, if {@code head} is it: its parent is {@code parent} and its title our summary. */
    private Optional<CommitInfo> recognise(RepoId id, CommitRequest request, String parent, String head) {
        Iterator<RepoCommit> history = client.listCommits(id, head).iterator();
        if (!history.hasNext()) {
            return Optional.empty();
        }
        RepoCommit top = history.next();
        boolean ours = top.id().equals(head)
                && Objects.equals(top.title().strip(), request.summary().strip())
                && history.hasNext()
                && history.next().id().equals(parent);
        return ours ? Optional.of(new CommitInfo(head, hub.commitUrl(id, head), null)) : Optional.empty();
    }

    private void validateCard(CommitOperation.Add card) {
        String content;
        try {
            if (card.content().size() > HubClient.READ_FILE_LIMIT) {
                throw new InvalidInputException("README.md: " + card.content().size()
                        + " bytes; a dataset card must be " + "smaller than " + HubClient.READ_FILE_LIMIT + " bytes");
            }
            try (InputStream in = card.content().open()) {
                content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw CommitPayload.unreadable(card, e);
        }
        ObjectNode body =
                Transport.JSON.createObjectNode().put("content", content).put("repoType", RepoType.DATASET.wireName());
        try {
            transport.json(Transport.Call.json("POST", hub.api("/api/validate-yaml"), body));
        } catch (HubBadRequestException e) {
            throw new HubBadRequestException(
                    "README.md: the Hub refused the card's metadata: "
                            + e.serverMessage().orElse("no reason given"),
                    e.status(),
                    e.requestId().orElse(null),
                    "POST",
                    e.url(),
                    e.serverMessage().orElse(null));
        } catch (HubException e) {
            if (e.status() != 404 && e.status() != 405) {
                throw e;
            }
            // this endpoint does not check cards; the commit itself will
        }
    }
}
