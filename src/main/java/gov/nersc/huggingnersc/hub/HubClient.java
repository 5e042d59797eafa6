package gov.nersc.huggingnersc.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.api.WhoAmI;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The Hugging Face Hub's HTTP API for dataset repos, as huggingface.co, a {@code hub serve} or the
 * embedded local hub speak it (see {@code hub-protocol.md}). One client per endpoint and token;
 * thread-safe. Every failure is a {@link HubException}; idempotent requests are retried under the
 * {@link RetryPolicy}, and a commit whose answer was lost is never sent twice.
 *
 * <p>This class keeps the API calls and is the way in; as huggingface_hub splits {@code hf_api.py}
 * from {@code _commit_api.py}, repos are created, deleted and configured by {@link RepoAdmin}, commits are made by {@link Committer} (with {@link Preupload},
 * {@link LfsUpload} and {@link CommitPayload}), files are read by {@link FileDownloads}, requests go
 * through {@link Transport} and its {@link HubErrors}, and URLs come from {@link HubEndpoint}.
 *
 * <pre>{@code
 * HubClient hub = HubClient.builder().endpoint(URI.create("https://huggingface.co"))
 *     .token(TokenSources.discover(System.getenv())).build();
 * hub.createRepo(repo, false, true);
 * CommitInfo c = hub.commit(repo, CommitRequest.onMain("Add card",
 *     List.of(new CommitOperation.Add("README.md", ContentSource.of(card)))));
 * }</pre>
 */
public final class HubClient implements AutoCloseable {
    private static final int PATHS_INFO_BATCH = 500;
    /** {@link #readFile} refuses files larger than this; use {@link #download}. */
    public static final int READ_FILE_LIMIT = 64 * 1024 * 1024;

    private final URI endpoint;
    private final HubEndpoint hub;
    private final Transport transport;
    private final Preupload preupload;
    private final Committer committer;
    private final FileDownloads downloads;
    private final RepoAdmin repos;
    private final HttpClients http;

    private HubClient(Builder b) {
        this.endpoint = b.endpoint;
        this.hub = HubEndpoint.of(b.endpoint);
        this.http = new HttpClients(
                b.requestTimeout.compareTo(Duration.ofSeconds(30)) < 0 ? b.requestTimeout : Duration.ofSeconds(30));
        this.transport = new Transport(
                http, b.endpoint, b.token, b.retryPolicy, b.sleeper, b.clock, b.requestTimeout, b.retryNotices);
        this.preupload = new Preupload(transport, hub);
        this.downloads = new FileDownloads(transport, hub, b.requestTimeout);
        this.repos = new RepoAdmin(transport, hub);
        this.committer = new Committer(this, transport, hub, preupload, b.clock, b.uploadThreads, b.requestTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Stops the HTTP clients' threads; the client takes no request after. Without it a JVM that exits
     * waits 300 ms for them.
     */
    @Override
    public void close() {
        http.close();
    }

    /** The Hub this client speaks to. */
    public URI endpoint() {
        return endpoint;
    }

    // ---------------------------------------------------------------- account and repos

    /** Who the token belongs to ({@code GET /api/whoami-v2}). */
    public WhoAmI whoami() {
        return HubJson.parseWhoAmI(transport.json(Transport.Call.get(hub.api("/api/whoami-v2"))));
    }

    /**
     * Creates the dataset repo {@code id}. With {@code existOk}, a repo that already exists is fine.
     *
     * @return the repo's web URL
     * @throws HubConflictException when it exists and {@code existOk} is false
     */
    public String createRepo(RepoId id, boolean isPrivate, boolean existOk) {
        return repos.create(id, isPrivate, existOk);
    }

    /**
     * Deletes the dataset repo {@code id}.
     *
     * @return false when it did not exist and {@code missingOk}; true when it was deleted, also by an
     *     earlier attempt whose answer was lost
     */
    public boolean deleteRepo(RepoId id, boolean missingOk) {
        return repos.delete(id, missingOk);
    }

    /**
     * Changes the repo's visibility and gating; null leaves a setting as it is.
     *
     * @param gated {@code auto}, {@code manual} or {@code false}
     */
    public void updateSettings(RepoId id, Boolean isPrivate, String gated) {
        repos.updateSettings(id, isPrivate, gated);
    }

    /**
     * The dataset repo at {@code revision} ({@code main}, a branch, a tag, {@code HEAD} or a commit id;
     * null for the default branch).
     *
     * @param expand the fields to return (e.g. {@code sha}, {@code cardData}); empty for the Hub's default set
     */
    public DatasetInfo datasetInfo(RepoId id, String revision, List<String> expand) {
        String path = revision == null ? "" : "/revision/" + HubEndpoint.encode(revision);
        QueryString q = new QueryString();
        expand.forEach(e -> q.add("expand", e));
        return HubJson.parseDatasetInfo(transport.json(Transport.Call.get(q.on(hub.repoApi(id, path)))));
    }

    /** The commit the branch (or other revision) points at. */
    public String headOf(RepoId id, String revision) {
        String sha = datasetInfo(id, revision, List.of("sha")).sha();
        if (sha == null) {
            throw new HubException(
                    "the Hub did not say which commit " + revision + " of " + id + " is",
                    200,
                    null,
                    "GET",
                    hub.repoApi(id, "/revision/" + HubEndpoint.encode(revision)),
                    null);
        }
        return sha;
    }

    /** Dataset repos matching {@code query}, fetched page by page as they are used. */
    public Listing<DatasetInfo> listDatasets(ListQuery query) {
        QueryString q = new QueryString().add("author", query.author()).add("search", query.search());
        query.filters().forEach(f -> q.add("filter", f));
        q.add("sort", query.sort());
        q.add("direction", query.direction() == null ? null : query.direction().toString());
        q.add("limit", query.limit() == null ? null : Integer.toString(Math.min(query.limit(), 1000)));
        return new Listing<>(transport, q.on(hub.datasetsApi()), HubJson::parseDatasetInfo, query.limit());
    }

    // ---------------------------------------------------------------- files

    /**
     * The files and folders under {@code path} (null or empty for the root) at {@code revision}, page
     * by page as they are used.
     */
    public Listing<TreeEntry> listTree(RepoId id, String revision, String path, boolean recursive) {
        String sub = path == null || path.isEmpty() ? "" : "/" + HubEndpoint.encodePath(RepoPaths.check(path));
        QueryString q =
                new QueryString().add("recursive", Boolean.toString(recursive)).add("expand", "false");
        return new Listing<>(
                transport,
                q.on(hub.repoApi(id, "/tree/" + HubEndpoint.encodedRevision(revision) + sub)),
                HubJson::parseEntry,
                null);
    }

    /** What the Hub knows of these paths at {@code revision}; paths that do not exist are left out. */
    public List<TreeEntry> pathsInfo(RepoId id, String revision, List<String> paths) {
        List<TreeEntry> out = new ArrayList<>();
        for (int from = 0; from < paths.size(); from += PATHS_INFO_BATCH) {
            ObjectNode body = Transport.JSON.createObjectNode().put("expand", false);
            ArrayNode list = body.putArray("paths");
            paths.subList(from, Math.min(paths.size(), from + PATHS_INFO_BATCH))
                    .forEach(p -> list.add(RepoPaths.check(p)));
            JsonNode answer = transport.json(Transport.Call.json(
                    "POST", hub.repoApi(id, "/paths-info/" + HubEndpoint.encodedRevision(revision)), body));
            answer.forEach(e -> out.add(HubJson.parseEntry(e)));
        }
        return out;
    }

    /** True when {@code path} is a file at {@code revision} ({@code HEAD /raw/...}). */
    public boolean fileExists(RepoId id, String revision, String path) {
        Transport.Call head = new Transport.Call(
                "HEAD", hub.rawUrl(id, revision, RepoPaths.check(path)), null, Map.of(), true, true, null);
        try {
            transport.exchange(head, r -> null);
            return true;
        } catch (RepoNotFoundException | RevisionNotFoundException | EntryNotFoundException e) {
            return false;
        } catch (HubException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Downloads a file to {@code target}: streamed to a temporary file beside it, checked against the
     * announced size, then renamed, so {@code target} is never half-written.
     */
    public DownloadedFile download(RepoId id, String revision, String path, Path target) {
        return downloads.download(id, revision, path, target);
    }

    /** The bytes {@code [offset, offset + length)} of a file ({@code Range} request). */
    public byte[] downloadRange(RepoId id, String revision, String path, long offset, int length) {
        return downloads.downloadRange(id, revision, path, offset, length);
    }

    /** A small file's whole content (at most {@link #READ_FILE_LIMIT} bytes). */
    public byte[] readFile(RepoId id, String revision, String path) {
        return downloads.readFile(id, revision, path);
    }

    /** The history of {@code revision}, newest first, page by page as it is used. */
    public Listing<RepoCommit> listCommits(RepoId id, String revision) {
        return new Listing<>(
                transport,
                hub.repoApi(id, "/commits/" + HubEndpoint.encodedRevision(revision)),
                HubJson::parseCommit,
                null);
    }

    // ---------------------------------------------------------------- commits

    /**
     * Asks the Hub how to send each file: inline ({@code regular}) or through LFS, whether it is
     * ignored, and what is already there (256 files per request).
     */
    public List<PreuploadFile> preupload(RepoId id, String branch, boolean createPr, List<CommitOperation.Add> files) {
        return preupload.ask(id, branch, createPr, files).files();
    }

    /**
     * Makes one commit: checks a README.md card with the Hub's validate-yaml where offered, asks how to
     * send each file, uploads LFS files the Hub does not have, then posts the commit guarded by the
     * parent commit (the branch head read first when the request names none). Files whose content is
     * already there are left out; when nothing is left, no commit is made and the head is returned.
     *
     * <p>When the commit's answer is lost, the branch head is read before anything is sent again: if
     * it is our commit (its parent is our parent and its title our summary) it is returned; if the
     * branch has not moved the commit is sent again; otherwise {@link PreconditionFailedException}.
     *
     * @throws HubBadRequestException (invalid input) when the Hub refuses the card or the commit
     * @throws PreconditionFailedException (conflict) when the branch moved since {@code parentCommit}
     */
    public CommitInfo commit(RepoId id, CommitRequest request) {
        return commit(id, request, bytes -> {});
    }

    /**
     * As {@link #commit(RepoId, CommitRequest)}, telling {@code lfsBytesSent} the size of each LFS
     * part (or whole object) as soon as the Hub has stored it, from the upload threads: what a
     * progress bar needs. Objects the Hub already has are not sent, so not counted.
     */
    public CommitInfo commit(RepoId id, CommitRequest request, LongConsumer lfsBytesSent) {
        return committer.commit(id, request, lfsBytesSent);
    }

    /** Builds a {@link HubClient}. Only the endpoint is required. */
    public static final class Builder {
        private URI endpoint;
        private Optional<HubToken> token = Optional.empty();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Clock clock = Clock.systemUTC();
        private Duration requestTimeout = Duration.ofSeconds(60);
        private boolean allowInsecureToken;
        private int uploadThreads = 4;
        private Consumer<String> retryNotices = notice -> {};

        private Builder() {}

        /** {@code https://huggingface.co}, or {@code http://HOST:PORT} of a local hub. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder token(Optional<HubToken> token) {
            this.token = Objects.requireNonNull(token);
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy);
            return this;
        }

        /** How to wait between retries (tests record instead of waiting). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        /**
         * Where to say, in one line, that a request failed and is asked again after a wait (default:
         * nowhere). The line names the wait, the attempt and the failure, never the token.
         */
        public Builder retryNotices(Consumer<String> notices) {
            this.retryNotices = Objects.requireNonNull(notices);
            return this;
        }

        /** The clock the retry time budget is measured on. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** How long to wait for an answer before counting the attempt as lost (default 60 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        /** Allows sending the token over plain http to a host that is not loopback. Off by default. */
        public Builder allowInsecureToken(boolean allow) {
            this.allowInsecureToken = allow;
            return this;
        }

        /** Parallel LFS part uploads and file hashes per commit (default 4). */
        public Builder uploadThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("uploadThreads must be at least 1");
            }
            this.uploadThreads = threads;
            return this;
        }

        /**
         * @throws InvalidInputException when the endpoint is not an http(s) URL, or a token would go
         *     over plain http to a host that is not loopback without {@link #allowInsecureToken}
         */
        public HubClient build() {
            if (endpoint == null
                    || endpoint.getHost() == null
                    || !("https".equalsIgnoreCase(endpoint.getScheme())
                            || "http".equalsIgnoreCase(endpoint.getScheme()))) {
                throw new InvalidInputException(
                        "Hub endpoint '" + endpoint + "': expected an http(s) URL such as https://huggingface.co");
            }
            if (token.isPresent()
                    && "http".equalsIgnoreCase(endpoint.getScheme())
                    && !Transport.isLoopback(endpoint.getHost())
                    && !allowInsecureToken) {
                throw new InvalidInputException(
                        "Hub endpoint " + endpoint + ": refusing to send the token from "
                                + token.get().source()
                                + " over plain http to a host that is not this machine; use https (or, "
                                + "knowing anyone on the network can read it, allow it explicitly: HUGGINGNERSC_ALLOW_INSECURE_TOKEN=1)");
            }
            return new HubClient(this);
        }
    }
}
