package gov.nersc.huggingnersc.hub;

import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.api.WhoAmI;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The Hugging Face Hub's HTTP API for dataset repos, as huggingface.co, a {@code hub serve} or the
 * embedded local hub speak it (see {@code hub-protocol.md}). One client per endpoint and token;
 * thread-safe. Every failure is a {@link HubException}; idempotent requests are retried under the
 * {@link RetryPolicy}, and a commit whose answer was lost is never sent twice.
 *
 * <pre>{@code
 * HubClient hub = HubClient.builder().endpoint(URI.create("https://huggingface.co"))
 *     .token(TokenSources.discover(System.getenv())).build();
 * hub.createRepo(repo, false, true);
 * CommitInfo c = hub.commit(repo, CommitRequest.onMain("Add card",
 *     List.of(new CommitOperation.Add("README.md", ContentSource.of(card)))));
 * }</pre>
 */
public final class HubClient {
  /** Preupload asks about this many files at a time. */
  static final int PREUPLOAD_BATCH = 256;
  private static final int PATHS_INFO_BATCH = 500;
  private static final int SAMPLE_BYTES = 512;
  /** {@link #readFile} refuses files larger than this; use {@link #download}. */
  public static final int READ_FILE_LIMIT = 64 * 1024 * 1024;
  private static final RepoType TYPE = RepoType.DATASET;

  private final URI endpoint;
  private final HubEndpoint hub;
  private final Transport transport;
  private final Clock clock;
  private final int uploadThreads;
  private final Duration requestTimeout;

  private HubClient(Builder b) {
    this.endpoint = b.endpoint;
    this.hub = HubEndpoint.of(b.endpoint);
    this.clock = b.clock;
    this.uploadThreads = b.uploadThreads;
    this.requestTimeout = b.requestTimeout;
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(b.requestTimeout.compareTo(Duration.ofSeconds(30)) < 0 ? b.requestTimeout
            : Duration.ofSeconds(30))
        .build();
    this.transport = new Transport(http, b.endpoint, b.token, b.retryPolicy, b.sleeper, b.clock, b.requestTimeout,
        b.retryNotices);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The Hub this client speaks to. */
  public URI endpoint() {
    return endpoint;
  }

  // ---------------------------------------------------------------- account and repos

  /** Who the token belongs to ({@code GET /api/whoami-v2}). */
  public WhoAmI whoami() {
    JsonNode j = transport.json(Transport.Call.get(hub.api("/api/whoami-v2")));
    List<String> orgs = new ArrayList<>();
    j.path("orgs").forEach(o -> orgs.add(o.path("name").asText()));
    JsonNode token = j.path("auth").path("accessToken");
    return new WhoAmI(j.path("name").asText(), j.path("type").asText(null), text(j, "fullname"), orgs,
        text(token, "role"), text(token, "displayName"));
  }

  /**
   * Creates the dataset repo {@code id}. With {@code existOk}, a repo that already exists is fine.
   *
   * @return the repo's web URL
   * @throws HubConflictException when it exists and {@code existOk} is false
   */
  public String createRepo(RepoId id, boolean isPrivate, boolean existOk) {
    ObjectNode body = Transport.JSON.createObjectNode()
        .put("name", id.name()).put("organization", id.namespace()).put("type", TYPE.wireName())
        .put("private", isPrivate);
    try {
      JsonNode answer = transport.json(Transport.Call.json("POST", hub.api("/api/repos/create"), body));
      return answer.path("url").asText(hub.repoUrl(id));
    } catch (HubConflictException e) {
      if (existOk) {
        return hub.repoUrl(id);
      }
      if (Transport.afterLostAnswer(e)) {
        throw new HubConflictException("repo " + id + " exists, but the answer to an earlier attempt was lost, "
            + "so that attempt may have made it; look at " + hub.repoUrl(id) + " before deleting anything",
            e.status(), e.requestId().orElse(null), "POST", e.url(), e.serverMessage().orElse(null));
      }
      throw e;
    }
  }

  /**
   * Deletes the dataset repo {@code id}.
   *
   * @return false when it did not exist and {@code missingOk}; true when it was deleted, also by an
   *     earlier attempt whose answer was lost
   */
  public boolean deleteRepo(RepoId id, boolean missingOk) {
    ObjectNode body = Transport.JSON.createObjectNode()
        .put("name", id.name()).put("organization", id.namespace()).put("type", TYPE.wireName());
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

  /**
   * Changes the repo's visibility and gating; null leaves a setting as it is.
   *
   * @param gated {@code auto}, {@code manual} or {@code false}
   */
  public void updateSettings(RepoId id, Boolean isPrivate, String gated) {
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

  /**
   * The dataset repo at {@code revision} ({@code main}, a branch, a tag, {@code HEAD} or a commit id;
   * null for the default branch).
   *
   * @param expand the fields to return (e.g. {@code sha}, {@code cardData}); empty for the Hub's default set
   */
  public DatasetInfo datasetInfo(RepoId id, String revision, List<String> expand) {
    String path = revision == null ? "" : "/revision/" + HubEndpoint.encode(revision);
    Query q = new Query();
    expand.forEach(e -> q.add("expand", e));
    return parseDatasetInfo(transport.json(Transport.Call.get(q.on(hub.repoApi(id, path)))));
  }

  /** The commit the branch (or other revision) points at. */
  public String headOf(RepoId id, String revision) {
    String sha = datasetInfo(id, revision, List.of("sha")).sha();
    if (sha == null) {
      throw new HubException("the Hub did not say which commit " + revision + " of " + id + " is", 200, null,
          "GET", hub.repoApi(id, "/revision/" + HubEndpoint.encode(revision)), null);
    }
    return sha;
  }

  /** Dataset repos matching {@code query}, fetched page by page as they are used. */
  public Listing<DatasetInfo> listDatasets(ListQuery query) {
    Query q = new Query().add("author", query.author()).add("search", query.search());
    query.filters().forEach(f -> q.add("filter", f));
    q.add("sort", query.sort());
    q.add("direction", query.direction() == null ? null : query.direction().toString());
    q.add("limit", query.limit() == null ? null : Integer.toString(Math.min(query.limit(), 1000)));
    return new Listing<>(transport, q.on(hub.datasetsApi()), HubClient::parseDatasetInfo,
        query.limit());
  }

  // ---------------------------------------------------------------- files

  /**
   * The files and folders under {@code path} (null or empty for the root) at {@code revision}, page
   * by page as they are used.
   */
  public Listing<TreeEntry> listTree(RepoId id, String revision, String path, boolean recursive) {
    String sub = path == null || path.isEmpty() ? "" : "/" + HubEndpoint.encodePath(RepoPaths.check(path));
    Query q = new Query().add("recursive", Boolean.toString(recursive)).add("expand", "false");
    return new Listing<>(transport, q.on(hub.repoApi(id, "/tree/" + HubEndpoint.encodedRevision(revision) + sub)),
        HubClient::parseEntry, null);
  }

  /** What the Hub knows of these paths at {@code revision}; paths that do not exist are left out. */
  public List<TreeEntry> pathsInfo(RepoId id, String revision, List<String> paths) {
    List<TreeEntry> out = new ArrayList<>();
    for (int from = 0; from < paths.size(); from += PATHS_INFO_BATCH) {
      ObjectNode body = Transport.JSON.createObjectNode().put("expand", false);
      ArrayNode list = body.putArray("paths");
      paths.subList(from, Math.min(paths.size(), from + PATHS_INFO_BATCH)).forEach(p -> list.add(RepoPaths.check(p)));
      JsonNode answer = transport.json(
          Transport.Call.json("POST", hub.repoApi(id, "/paths-info/" + HubEndpoint.encodedRevision(revision)),
              body));
      answer.forEach(e -> out.add(parseEntry(e)));
    }
    return out;
  }

  /** True when {@code path} is a file at {@code revision} ({@code HEAD /raw/...}). */
  public boolean fileExists(RepoId id, String revision, String path) {
    Transport.Call head = new Transport.Call("HEAD", hub.rawUrl(id, revision, RepoPaths.check(path)), null,
        Map.of(), true, true, null);
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
    Path dir = target.toAbsolutePath().getParent();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new OperationFailedException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    URI url = hub.resolveUrl(id, revision, RepoPaths.check(path));
    return transport.exchange(Transport.Call.get(url).withTimeout(requestTimeout), r -> {
      Path part = AtomicFile.createBeside(target, ".part"); // not createTempFile: the file keeps the umask's mode
      try {
        long size;
        try (InputStream in = r.body(); OutputStream out = Files.newOutputStream(part)) {
          size = in.transferTo(out);
        }
        long announced = r.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (announced >= 0 && announced != size) {
          throw new IOException("got " + size + " of " + announced + " bytes");
        }
        AtomicFile.moveIntoPlace(part, target);
        String etag = r.headers().firstValue("X-Linked-Etag").or(() -> r.headers().firstValue("ETag"))
            .map(e -> e.replaceFirst("^W/", "").replace("\"", "")).orElse(null);
        return new DownloadedFile(target, size, r.headers().firstValue("X-Repo-Commit").orElse(null), etag);
      } finally {
        Files.deleteIfExists(part);
      }
    });
  }

  /** The bytes {@code [offset, offset + length)} of a file ({@code Range} request). */
  public byte[] downloadRange(RepoId id, String revision, String path, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new InvalidInputException("byte range: offset and length must not be negative");
    }
    if (length == 0) {
      return new byte[0];
    }
    Transport.Call call = Transport.Call.get(hub.resolveUrl(id, revision, RepoPaths.check(path)))
        .withHeader("Range", "bytes=" + offset + "-" + (offset + length - 1));
    return transport.exchange(call, r -> {
      try (InputStream in = r.body()) {
        if (r.statusCode() != 206) {
          in.skipNBytes(offset); // the server sent the whole file
        }
        return in.readNBytes(length);
      }
    });
  }

  /** A small file's whole content (at most {@link #READ_FILE_LIMIT} bytes). */
  public byte[] readFile(RepoId id, String revision, String path) {
    URI url = hub.resolveUrl(id, revision, RepoPaths.check(path));
    byte[] bytes = transport.exchange(Transport.Call.get(url), r -> {
      try (InputStream in = r.body()) {
        return in.readNBytes(READ_FILE_LIMIT + 1);
      }
    });
    if (bytes.length > READ_FILE_LIMIT) {
      throw new OperationFailedException(path + " in " + id + " is larger than " + READ_FILE_LIMIT
          + " bytes; download it to a file instead");
    }
    return bytes;
  }

  /** The history of {@code revision}, newest first, page by page as it is used. */
  public Listing<RepoCommit> listCommits(RepoId id, String revision) {
    return new Listing<>(transport, hub.repoApi(id, "/commits/" + HubEndpoint.encodedRevision(revision)),
        HubClient::parseCommit, null);
  }

  // ---------------------------------------------------------------- commits

  /**
   * Asks the Hub how to send each file: inline ({@code regular}) or through LFS, whether it is
   * ignored, and what is already there (256 files per request).
   */
  public List<PreuploadFile> preupload(RepoId id, String branch, boolean createPr,
      List<CommitOperation.Add> files) {
    return preuploadAnswer(id, branch, createPr, files).files();
  }

  /** What preupload says: each file's mode, and the branch head it looked at ({@code commitOid}). */
  private record PreuploadAnswer(List<PreuploadFile> files, String head) {}

  private PreuploadAnswer preuploadAnswer(RepoId id, String branch, boolean createPr,
      List<CommitOperation.Add> files) {
    List<PreuploadFile> out = new ArrayList<>();
    String head = null;
    Query q = new Query().add("create_pr", createPr ? "1" : null);
    URI url = q.on(hub.repoApi(id, "/preupload/" + HubEndpoint.encodedRevision(branch)));
    for (int from = 0; from < files.size(); from += PREUPLOAD_BATCH) {
      ObjectNode body = Transport.JSON.createObjectNode();
      ArrayNode list = body.putArray("files");
      for (CommitOperation.Add add : files.subList(from, Math.min(files.size(), from + PREUPLOAD_BATCH))) {
        try {
          list.addObject().put("path", add.pathInRepo()).put("size", add.content().size())
              .put("sample", Base64.getEncoder().encodeToString(add.content().head(SAMPLE_BYTES)));
        } catch (IOException e) {
          throw unreadable(add, e);
        }
      }
      JsonNode answer = transport.json(Transport.Call.json("POST", url, body));
      if (head == null) {
        head = text(answer, "commitOid");
      }
      answer.path("files").forEach(f -> out.add(new PreuploadFile(f.path("path").asText(),
          "lfs".equals(f.path("uploadMode").asText()), f.path("shouldIgnore").asBoolean(false), text(f, "oid"))));
    }
    return new PreuploadAnswer(out, head);
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
    return commit(id, request, bytes -> { });
  }

  /**
   * As {@link #commit(RepoId, CommitRequest)}, telling {@code lfsBytesSent} the size of each LFS
   * part (or whole object) as soon as the Hub has stored it, from the upload threads: what a
   * progress bar needs. Objects the Hub already has are not sent, so not counted.
   */
  public CommitInfo commit(RepoId id, CommitRequest request, java.util.function.LongConsumer lfsBytesSent) {
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
    PreuploadAnswer answer = preuploadAnswer(id, request.branch(), request.createPr(), adds);
    answer.files().forEach(p -> modes.put(p.path(), p));
    // The preupload answer names the head it classified against: that saves a request for the parent.
    String parent = request.parentCommit()
        .orElseGet(() -> answer.head() != null && !adds.isEmpty() ? answer.head() : headOf(id, request.branch()));

    ExecutorService pool = Executors.newFixedThreadPool(uploadThreads, r -> {
      Thread t = new Thread(r, "hub-upload");
      t.setDaemon(true);
      return t;
    });
    Path body = null;
    try {
      List<Line> lines = plan(request, modes, pool);
      boolean changes = lines.stream().anyMatch(l -> !(l instanceof Line.Unchanged));
      if (!changes && !request.createPr()) {
        return new CommitInfo(parent, hub.commitUrl(id, parent), null);
      }
      List<LfsUpload.LfsObject> lfs = new ArrayList<>();
      lines.forEach(l -> {
        if (l instanceof Line.LfsFile f) {
          lfs.add(f.object());
        }
      });
      new LfsUpload(transport, hub.lfsBatchUrl(id), pool,
          requestTimeout, lfsBytesSent, uploadThreads).upload(lfs, request.createPr() ? null : request.branch());
      body = ndjson(request, parent, lines);
      return postCommit(id, request, parent, body);
    } finally {
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

  /** One line of the NDJSON commit, decided before anything is uploaded. */
  private sealed interface Line {
    record Inline(CommitOperation.Add add) implements Line {}

    record LfsFile(LfsUpload.LfsObject object) implements Line {}

    record Unchanged(String path) implements Line {}

    record Deleted(String key, String path) implements Line {}
  }

  /** Hashes LFS files in parallel and drops additions whose content the Hub already has there. */
  private List<Line> plan(CommitRequest request, Map<String, PreuploadFile> modes, ExecutorService pool) {
    List<Future<Line>> futures = new ArrayList<>();
    for (CommitOperation op : request.ops()) {
      futures.add(pool.submit(() -> {
        if (op instanceof CommitOperation.Add a) {
          return planAdd(a, modes.get(a.pathInRepo()));
        }
        return new Line.Deleted(op instanceof CommitOperation.Delete ? "deletedFile" : "deletedFolder", op.path());
      }));
    }
    List<Line> lines = new ArrayList<>();
    for (Future<Line> f : futures) {
      try {
        lines.add(f.get());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperationFailedException("interrupted while hashing files to commit", e);
      }
    }
    return lines;
  }

  private Line planAdd(CommitOperation.Add add, PreuploadFile mode) {
    try {
      if (mode != null && mode.shouldIgnore()) {
        return new Line.Unchanged(add.pathInRepo());
      }
      if (mode != null && mode.lfs()) {
        String oid = add.content().sha256();
        if (oid.equals(mode.remoteOid())) {
          return new Line.Unchanged(add.pathInRepo());
        }
        return new Line.LfsFile(new LfsUpload.LfsObject(add.pathInRepo(), add.content(), oid, add.content().size()));
      }
      if (mode != null && mode.remoteOid() != null && mode.remoteOid().equals(add.content().gitBlobSha1())) {
        return new Line.Unchanged(add.pathInRepo());
      }
      return new Line.Inline(add);
    } catch (IOException e) {
      throw unreadable(add, e);
    }
  }

  /** Writes the NDJSON commit body to a temporary file (inline files base64-encoded as they are read). */
  private Path ndjson(CommitRequest request, String parent, List<Line> lines) {
    try {
      Path file = Files.createTempFile("huggingnersc-commit", ".ndjson");
      try (OutputStream out = Files.newOutputStream(file);
          JsonGenerator g = Transport.JSON.getFactory().createGenerator(out)) {
        g.setRootValueSeparator(new SerializedString("\n"));
        g.writeStartObject();
        g.writeStringField("key", "header");
        g.writeObjectFieldStart("value");
        g.writeStringField("summary", request.summary());
        g.writeStringField("description", request.description());
        g.writeStringField("parentCommit", parent);
        g.writeEndObject();
        g.writeEndObject();
        for (Line line : lines) {
          writeLine(g, line);
        }
      }
      return file;
    } catch (IOException e) {
      throw new OperationFailedException("cannot prepare the commit: " + e.getMessage(), e);
    }
  }

  private static void writeLine(JsonGenerator g, Line line) throws IOException {
    if (line instanceof Line.Unchanged) {
      return;
    }
    g.writeStartObject();
    if (line instanceof Line.Inline in) {
      g.writeStringField("key", "file");
      g.writeObjectFieldStart("value");
      g.writeStringField("path", in.add().pathInRepo());
      g.writeFieldName("content");
      try (InputStream content = in.add().content().open()) {
        g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, content, (int) in.add().content().size());
      }
      g.writeStringField("encoding", "base64");
    } else if (line instanceof Line.LfsFile f) {
      g.writeStringField("key", "lfsFile");
      g.writeObjectFieldStart("value");
      g.writeStringField("path", f.object().path());
      g.writeStringField("algo", "sha256");
      g.writeStringField("oid", f.object().oid());
      g.writeNumberField("size", f.object().size());
    } else if (line instanceof Line.Deleted d) {
      g.writeStringField("key", d.key());
      g.writeObjectFieldStart("value");
      g.writeStringField("path", d.path());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private CommitInfo postCommit(RepoId id, CommitRequest request, String parent, Path body) {
    Query q = new Query().add("create_pr", request.createPr() ? "1" : null);
    Transport.Call call;
    try {
      call = new Transport.Call("POST", q.on(hub.repoApi(id, "/commit/" + HubEndpoint.encode(request.branch()))),
          BodyPublishers.ofFile(body), Map.of("Content-Type", "application/x-ndjson"), true, false, null);
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
        return new CommitInfo(oid, answer.path("commitUrl").asText(hub.commitUrl(id, oid)),
            text(answer, "pullRequestUrl"));
      } catch (PreconditionFailedException e) {
        if (!answerLost || request.createPr()) {
          throw e;
        }
        // an earlier attempt may have landed after all; that is the only reason the head moved
        return recognise(id, request, parent, headOf(id, request.branch())).orElseThrow(() -> e);
      } catch (HubException e) {
        failure = e;
      }
      if (!failure.retryable()) {
        throw failure;
      }
      boolean lost = !(failure instanceof RateLimitedException);
      if (lost && request.createPr()) {
        throw new HubConnectionException("the answer to the pull-request commit was lost; it may have been "
            + "opened: look at " + hub.repoUrl(id) + "/discussions before running again", "POST", call.uri(), failure);
      }
      if (lost) {
        answerLost = true;
        String head = headOf(id, request.branch());
        if (!head.equals(parent)) {
          String branch = request.branch();
          return recognise(id, request, parent, head).orElseThrow(() -> new PreconditionFailedException(
              "the answer to our commit was lost and branch " + branch + " has moved from " + parent + " to " + head
                  + " by another commit; nothing was sent again", 412, failure.requestId().orElse(null), "POST",
              call.uri(), failure.serverMessage().orElse(null)));
        }
      }
      transport.waitBeforeRetry(attempt, start, failure);
    }
  }

  /** Our commit, if {@code head} is it: its parent is {@code parent} and its title our summary. */
  private Optional<CommitInfo> recognise(RepoId id, CommitRequest request, String parent, String head) {
    Iterator<RepoCommit> history = listCommits(id, head).iterator();
    if (!history.hasNext()) {
      return Optional.empty();
    }
    RepoCommit top = history.next();
    boolean ours = top.id().equals(head) && Objects.equals(top.title().strip(), request.summary().strip())
        && history.hasNext() && history.next().id().equals(parent);
    return ours ? Optional.of(new CommitInfo(head, hub.commitUrl(id, head), null)) : Optional.empty();
  }

  private void validateCard(CommitOperation.Add card) {
    String content;
    try {
      if (card.content().size() > READ_FILE_LIMIT) {
        throw new InvalidInputException("README.md: " + card.content().size() + " bytes; a dataset card must be "
            + "smaller than " + READ_FILE_LIMIT + " bytes");
      }
      try (InputStream in = card.content().open()) {
        content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw unreadable(card, e);
    }
    ObjectNode body = Transport.JSON.createObjectNode().put("content", content).put("repoType", TYPE.wireName());
    try {
      transport.json(Transport.Call.json("POST", hub.api("/api/validate-yaml"), body));
    } catch (HubBadRequestException e) {
      throw new HubBadRequestException("README.md: the Hub refused the card's metadata: "
          + e.serverMessage().orElse("no reason given"), e.status(), e.requestId().orElse(null), "POST", e.url(),
          e.serverMessage().orElse(null));
    } catch (HubException e) {
      if (e.status() != 404 && e.status() != 405) {
        throw e;
      }
      // this endpoint does not check cards; the commit itself will
    }
  }

  // ---------------------------------------------------------------- parsing

  private static DatasetInfo parseDatasetInfo(JsonNode j) {
    List<String> tags = new ArrayList<>();
    j.path("tags").forEach(t -> tags.add(t.asText()));
    List<String> siblings = new ArrayList<>();
    j.path("siblings").forEach(s -> siblings.add(s.path("rfilename").asText()));
    JsonNode gated = j.get("gated");
    JsonNode card = j.get("cardData");
    return new DatasetInfo(j.path("id").asText(), text(j, "sha"), instant(j, "lastModified"),
        j.hasNonNull("private") ? j.get("private").asBoolean() : null,
        gated == null || gated.isNull() ? null : gated.asText(), tags,
        card == null || card.isNull() ? null : card, siblings);
  }

  private static TreeEntry parseEntry(JsonNode j) {
    JsonNode lfs = j.get("lfs");
    return new TreeEntry(j.path("type").asText("file"), j.path("path").asText(), j.path("size").asLong(0),
        text(j, "oid"), lfs == null || lfs.isNull() ? null
            : new TreeEntry.Lfs(lfs.path("oid").asText(), lfs.path("size").asLong(), lfs.path("pointerSize").asLong()));
  }

  private static RepoCommit parseCommit(JsonNode j) {
    List<String> authors = new ArrayList<>();
    j.path("authors").forEach(a -> authors.add(a.path("user").asText()));
    return new RepoCommit(j.path("id").asText(), j.path("title").asText(""), j.path("message").asText(""),
        instant(j, "date"), authors);
  }

  private static String text(JsonNode j, String field) {
    JsonNode v = j.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Instant instant(JsonNode j, String field) {
    String v = text(j, field);
    try {
      return v == null ? null : Instant.parse(v);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- URLs

  /** Query parameters in order; null values are left out. */
  private static final class Query {
    private final StringBuilder q = new StringBuilder();

    Query add(String name, String value) {
      if (value != null) {
        q.append(q.length() == 0 ? "" : "&").append(HubEndpoint.encode(name)).append('=')
            .append(HubEndpoint.encode(value));
      }
      return this;
    }

    URI on(URI uri) {
      return q.length() == 0 ? uri : URI.create(uri + "?" + q);
    }
  }

  private static OperationFailedException unreadable(CommitOperation.Add add, IOException e) {
    return new OperationFailedException("cannot read the content for " + add.pathInRepo() + ": " + e.getMessage(), e);
  }

  /** True for {@code localhost} and loopback IP literals; never asks DNS. */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false; // a name: resolving it here would ask DNS
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
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
    private Consumer<String> retryNotices = notice -> { };

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
      if (endpoint == null || endpoint.getHost() == null
          || !("https".equalsIgnoreCase(endpoint.getScheme()) || "http".equalsIgnoreCase(endpoint.getScheme()))) {
        throw new InvalidInputException("Hub endpoint '" + endpoint
            + "': expected an http(s) URL such as https://huggingface.co");
      }
      if (token.isPresent() && "http".equalsIgnoreCase(endpoint.getScheme()) && !isLoopback(endpoint.getHost())
          && !allowInsecureToken) {
        throw new InvalidInputException("Hub endpoint " + endpoint + ": refusing to send the token from "
            + token.get().source() + " over plain http to a host that is not this machine; use https (or, "
            + "knowing anyone on the network can read it, allow it explicitly: HUGGINGNERSC_ALLOW_INSECURE_TOKEN=1)");
      }
      return new HubClient(this);
    }
  }
}
