package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogResult;
import gov.nersc.huggingnersc.api.DatasetUpdate;
import gov.nersc.huggingnersc.api.DryRun;
import gov.nersc.huggingnersc.api.InspectedEntry;
import gov.nersc.huggingnersc.api.LinkCheck;
import gov.nersc.huggingnersc.api.ListFilter;
import gov.nersc.huggingnersc.api.ManifestResult;
import gov.nersc.huggingnersc.api.NewDataset;
import gov.nersc.huggingnersc.api.PublishOutcome;
import gov.nersc.huggingnersc.api.RemoteDataset;
import gov.nersc.huggingnersc.api.RemoteInspection;
import gov.nersc.huggingnersc.api.RemoteListing;
import gov.nersc.huggingnersc.api.UpdateOptions;
import gov.nersc.huggingnersc.api.UpdateResult;
import gov.nersc.huggingnersc.api.VerifyResult;
import gov.nersc.huggingnersc.files.FileTree;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.catalog.CatalogContents;
import gov.nersc.huggingnersc.catalog.CatalogEntry;
import gov.nersc.huggingnersc.catalog.EntryManifest;
import gov.nersc.huggingnersc.catalog.EntryFiles;
import gov.nersc.huggingnersc.config.Settings;
import gov.nersc.huggingnersc.croissant.CroissantDocument;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.HuggingNerscException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.hub.DatasetInfo;
import gov.nersc.huggingnersc.hub.RepoCommit;
import gov.nersc.huggingnersc.hub.RepoId;
import gov.nersc.huggingnersc.hub.RepoNotFoundException;
import gov.nersc.huggingnersc.hub.RevisionNotFoundException;
import gov.nersc.huggingnersc.hub.TreeEntry;
import gov.nersc.huggingnersc.layout.Inventory;
import gov.nersc.huggingnersc.layout.SamplePlan;
import gov.nersc.huggingnersc.metadata.EditDistance;
import gov.nersc.huggingnersc.nersc.NerscPaths;

import gov.nersc.huggingnersc.scan.DataScanner;
import gov.nersc.huggingnersc.scan.Manifest;
import gov.nersc.huggingnersc.scan.ManifestBuild;
import gov.nersc.huggingnersc.scan.ManifestHeader;
import gov.nersc.huggingnersc.scan.ScanProgress;
import gov.nersc.huggingnersc.scan.Shard;
import gov.nersc.huggingnersc.scan.SlurmArrayScript;
import gov.nersc.huggingnersc.scan.Verification;
import gov.nersc.huggingnersc.publish.DataUpload;
import gov.nersc.huggingnersc.publish.DataUploadRequest;
import gov.nersc.huggingnersc.publish.DataUploadResult;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.publish.PublishOptions;
import gov.nersc.huggingnersc.publish.PublishResult;
import gov.nersc.huggingnersc.publish.Publisher;
import gov.nersc.huggingnersc.publish.RepoComparison;
import gov.nersc.huggingnersc.publish.RepoFiles;

import gov.nersc.huggingnersc.publish.UploadProgress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * HuggingNERSC's API: one method per user action. Each method validates everything before it
 * writes anything, and throws a {@link gov.nersc.huggingnersc.errors.HuggingNerscException} whose
 * kind says whether the input was wrong, the catalog holds something else, or the file system
 * failed.
 *
 * <pre>{@code
 * HuggingNersc hn = HuggingNersc.create(SettingsResolver.resolve(flags, System.getenv()));
 * CatalogResult r = hn.catalogNewDataset(new NewDataset("Iris", "iris", Path.of("iris_loader.py"),
 *     "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/iris/data/", "auto",
 *     Path.of("iris_metadata.json"), Optional.empty(), false, true), PublishOptions.defaults());
 * System.out.println(r.publication().orElseThrow().commitUrl());
 * hn.publish("iris", PublishOptions.defaults());   // again: no commit, the repo agrees
 * }</pre>
 */
public final class HuggingNersc {
  private final Settings settings;
  private final Catalog catalog;
  private final Clock clock;
  private final ScanProgress.Listener scanProgress;

  private final long sampleBudget;
  private final HubAccess hubs;

  private HuggingNersc(Settings settings, Catalog catalog, Clock clock, ScanProgress.Listener scanProgress,
      long sampleBudget, HubAccess hubs) {
    this.settings = settings;
    this.catalog = catalog;
    this.clock = clock;
    this.scanProgress = scanProgress;
    this.sampleBudget = sampleBudget;
    this.hubs = hubs;
  }

  /**
   * The same API, putting at most {@code bytes} of the data into a repo's sample when it catalogs
   * or updates an entry (0: no sample). The default is {@link SamplePlan#DEFAULT_BUDGET}.
   *
   * @throws InvalidInputException when {@code bytes} is negative
   */
  public HuggingNersc withSampleBudget(long bytes) {
    if (bytes < 0) {
      throw new InvalidInputException("--sample-size " + bytes + ": negative; give a size such as 10MiB, or "
          + "--no-sample");
    }
    return new HuggingNersc(settings, catalog, clock, scanProgress, bytes, hubs);
  }

  /**
   * The same API, telling {@code notices} what the user should know while an action runs: that it
   * waits for another process changing the same catalog entry.
   */
  public HuggingNersc withNotices(Consumer<String> notices) {
    return new HuggingNersc(settings, catalog.withLockWaits(notices, Catalog.LOCK_PATIENCE), clock, scanProgress,
        sampleBudget, hubs);
  }

  /**
   * The same API, telling {@code notices} in one line each time a Hub request failed and is asked
   * again after a wait (a lost connection, 429, 5xx).
   */
  public HuggingNersc withRetryNotices(Consumer<String> notices) {
    return new HuggingNersc(settings, catalog, clock, scanProgress, sampleBudget, hubs.withRetryNotices(notices));
  }

  /**
   * The same API, telling {@code notice} before an action writes to the Hub where it publishes and as
   * whom: "publishing to https://huggingface.co as alice (token from …)", asking the Hub once (a
   * refused token then fails before anything is written); for the embedded hub, its folder.
   */
  public HuggingNersc withPublishingNotice(Consumer<String> notice) {
    return new HuggingNersc(settings, catalog, clock, scanProgress, sampleBudget, hubs.withPublishingNotice(notice));
  }

  /** The API with these settings (endpoint, organization, catalog root, ...). */
  public static HuggingNersc create(Settings settings) {
    return new HuggingNersc(settings, new Catalog(settings.catalogRoot()), Clock.systemUTC(),
        ScanProgress.Listener.NONE, SamplePlan.DEFAULT_BUDGET, HubAccess.of(settings));
  }

  /**
   * The same API, reporting the progress of walking and hashing data (the scan of {@link
   * #catalogNewDataset}, {@link #manifest}) to {@code listener}.
   */
  public HuggingNersc withScanProgress(ScanProgress.Listener listener) {
    return new HuggingNersc(settings, catalog, clock, listener, sampleBudget, hubs);
  }

  public Settings settings() {
    return settings;
  }

  private EntryRenderer renderer() {
    return new EntryRenderer(settings, catalog, clock, scanProgress, sampleBudget);
  }

  /** The catalog at the configured root. */
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Catalogs a new dataset: validates the request, renders the entry (card, notebook, scripts, info
   * JSON) and writes it atomically into the catalog. The same request again changes nothing and
   * returns {@link CatalogResult.Status#UNCHANGED}.
   *
   * <p>A new entry records a scan of its data path (unless {@code request.scan()} is false): files,
   * bytes, formats on the card and in the info JSON. An entry that exists keeps the scan it recorded,
   * so a re-run neither re-scans nor differs when only the data changed ({@code update-dataset}
   * refreshes the scan).
   *
   * @throws InvalidInputException when an argument, file or metadata field is wrong (nothing written)
   * @throws ConflictException when an entry with this nickname exists with other content (nothing
   *     written; {@code update-dataset} changes an entry)
   */
  public CatalogResult catalogNewDataset(NewDataset request) {
    EntryRenderer.Rendered rendered = renderer().render(request);
    EntryFiles files = rendered.files();
    String nickname = files.entry().nickname();
    if (!sameEntryExists(files)) {
      try (Catalog.EntryLock held = catalog.lock(nickname, "catalog-new-dataset")) {
        if (!sameEntryExists(files)) { // nobody wrote it while this process waited
          Path where = catalog.write(files);
          return new CatalogResult(catalog.read(nickname).orElseThrow(), where, CatalogResult.Status.NEW,
              rendered.warnings());
        }
      }
    }
    return new CatalogResult(catalog.read(nickname).orElseThrow(), catalog.dir(nickname),
        CatalogResult.Status.UNCHANGED, rendered.warnings());
  }

  /**
   * True when the catalog holds exactly these files already; false when there is no such entry.
   *
   * @throws ConflictException when it holds other content under this nickname
   */
  private boolean sameEntryExists(EntryFiles files) {
    String nickname = files.entry().nickname();
    if (!catalog.exists(nickname)) {
      return false;
    }
    List<String> differ = files.inputDifferencesFrom(catalog.readFiles(nickname));
    if (!differ.isEmpty()) {
      throw conflict(nickname, differ);
    }
    return true;
  }

  /**
   * Catalogs a new dataset and publishes it on the configured Hub: validates everything, checks
   * that the repo {@code <org>/<nickname>} is new, empty or this entry's own (before anything is
   * written), writes the entry, creates the repo if needed and makes one commit of its files, then
   * records the commit in the entry. The same request again publishes what an earlier run left
   * unpublished, and otherwise changes nothing (no commit when the repo already agrees).
   *
   * @throws InvalidInputException when an argument, file or metadata field is wrong, or there is no
   *     Hub token for an http(s) endpoint (nothing written)
   * @throws ConflictException when the entry exists with other content, or the repo holds another
   *     dataset (nothing written, nothing changed on the Hub)
   * @throws OperationFailedException when publishing failed after the entry was written: the entry
   *     stays, unpublished, and the same call (or {@link #publish}) finishes the job
   */
  public CatalogResult catalogNewDataset(NewDataset request, PublishOptions options) {
    EntryRenderer.Rendered rendered = renderer().render(request);
    EntryFiles files = rendered.files();
    String nickname = files.entry().nickname();
    hubs.requireToken("catalog-new-dataset " + nickname, "or write the entry only with --no-push");
    hubs.requireChosenHub("catalog-new-dataset " + nickname, catalog.exists(nickname) ? catalog.read(nickname)
        : Optional.empty());
    sameEntryExists(files); // a conflict is refused before anything is locked or written
    try (Catalog.EntryLock held = catalog.lock(nickname, "catalog-new-dataset")) {
      return sameEntryExists(files) ? publishExisting(nickname, rendered, options) : publishNew(rendered, options);
    }
  }

  /** The entry is in the catalog already: publish what an earlier run left unpublished, if anything. */
  private CatalogResult publishExisting(String nickname, EntryRenderer.Rendered rendered, PublishOptions options) {
    try (HubConnection hub = hubs.open()) {
      Publisher publisher = new Publisher(catalog, hub.client(), hub.endpoint());
      PublishResult p = publishOrExplain(nickname, () -> {
        CatalogEntry entry = catalog.read(nickname).orElseThrow();
        RepoFiles repoFiles = RepoFiles.of(catalog, entry);
        RepoComparison repo = publisher.compare(entry.repoId(), repoFiles);
        // published and in agreement: only the comparison was asked, nothing is written
        return publisher.alreadyPublished(entry, repo).orElseGet(() -> {
          hubs.sayWhereTo(hub);
          return publisher.publish(entry, repoFiles, repo, options);
        });
      });
      return new CatalogResult(p.entry(), catalog.dir(nickname), CatalogResult.Status.UNCHANGED,
          rendered.warnings(), Optional.of(p));
    }
  }

  /** A new entry: check the repo is free (or ours), write the entry, publish it. */
  private CatalogResult publishNew(EntryRenderer.Rendered rendered, PublishOptions options) {
    EntryFiles files = rendered.files();
    String nickname = files.entry().nickname();
    try (HubConnection hub = hubs.open()) {
      Publisher publisher = new Publisher(catalog, hub.client(), hub.endpoint());
      CatalogEntry fresh = files.entry();
      RepoFiles repoFiles = RepoFiles.of(fresh, catalog.dir(nickname), bytes(files));
      RepoComparison repo;
      try {
        // the one extra request: whether the repo exists and whose it is, before anything is written
        repo = publisher.compare(fresh.repoId(), repoFiles);
        publisher.requireOurs(fresh, repo);
      } catch (HuggingNerscException e) {
        if (e.kind() != HuggingNerscException.Kind.FAILED) {
          throw e;
        }
        catalog.write(files);
        throw notPublished(nickname, e);
      }
      hubs.sayWhereTo(hub);
      Path where = catalog.write(files);
      PublishResult p = publishOrExplain(nickname, () ->
          publisher.publish(catalog.read(nickname).orElseThrow(), repoFiles, repo, options));
      return new CatalogResult(p.entry(), where, CatalogResult.Status.NEW, rendered.warnings(), Optional.of(p));
    }
  }

  /**
   * Publishes a catalog entry on the configured Hub: one made with {@code --no-push}, left
   * unpublished by a failure, written by the earlier tool (its loader is read from its card), or
   * published elsewhere before. One commit; none when the repo already holds identical files. The
   * card is merged onto the repo's, as {@link #update} merges it, and the entry keeps it as committed.
   *
   * @throws InvalidInputException when there is no such entry, it has no loader, or there is no Hub
   *     token for an http(s) endpoint
   * @throws ConflictException when the repo holds another dataset (nothing changed on the Hub)
   */
  public PublishResult publish(String nickname, PublishOptions options) {
    CatalogEntry entry = inspect(nickname).entry(); // a missing entry is named, with close nicknames
    hubs.requireToken("upload-dataset " + nickname, "");
    hubs.requireChosenHub("upload-dataset " + nickname, Optional.of(entry));
    try (Catalog.EntryLock held = catalog.lock(nickname, "upload-dataset");
        HubConnection hub = hubs.open()) {
      hubs.sayWhereTo(hub);
      bringToLayout(nickname);
      return new Publisher(catalog, hub.client(), hub.endpoint()).publish(nickname, options);
    }
  }

  /**
   * An entry whose data was never listed (written by an earlier version, which scanned but did not
   * list, or by the earlier tool) is rendered anew first, in the catalog only, as {@link #update} with no change would: the
   * card gets its configs and snippets, the repo its sample and inventory, in the one commit that
   * publishing then makes. Entries whose data path is not on this machine are published as they
   * are.
   */
  private void bringToLayout(String nickname) {
    CatalogEntry entry = catalog.read(nickname).orElseThrow();
    boolean listed = Files.exists(catalog.dir(nickname).resolve(Inventory.FILE_NAME));
    boolean here = entry.dataPath().filter(p -> !NerscPaths.isTape(p)).map(p -> Files.exists(Path.of(p)))
        .orElse(false);
    // an entry cataloged with --no-scan stays unlisted: the steward chose so
    boolean chose = entry.origin() == CatalogEntry.Origin.HUGGINGNERSC && entry.scan().isEmpty();
    if (listed || !here || chose) {
      return;
    }
    EntryRenderer renderer = renderer();
    List<String> warnings = new ArrayList<>();
    EntryRevision revision = renderer.revise(entry, catalog.readFiles(nickname), DatasetUpdate.none(), true,
        warnings);
    new EntryUpdate(catalog, revision, false, warnings, clock).entryOnly(UpdateResult.HubChange.NOT_PUSHED);
  }

  /**
   * Publishes every entry of the catalog, continuing past failures; one outcome per entry, in
   * nickname order.
   */
  public List<PublishOutcome> publishAll(PublishOptions options) {
    hubs.requireToken("upload-dataset --all", "");
    catalog.readAll().entries().forEach(e -> hubs.requireChosenHub("upload-dataset --all (" + e.nickname() + ")",
        Optional.of(e)));
    List<PublishOutcome> outcomes = new ArrayList<>();
    try (HubConnection hub = hubs.open()) {
      hubs.sayWhereTo(hub);
      Publisher publisher = new Publisher(catalog, hub.client(), hub.endpoint());
      for (String nickname : catalog.nicknames()) {
        try (Catalog.EntryLock held = catalog.lock(nickname, "upload-dataset --all")) {
          bringToLayout(nickname);
          outcomes.add(new PublishOutcome(nickname, Optional.of(publisher.publish(nickname, options)),
              Optional.empty()));
        } catch (HuggingNerscException e) {
          outcomes.add(new PublishOutcome(nickname, Optional.empty(), Optional.of(e)));
        }
      }
    }
    return outcomes;
  }

  /** Where publishing goes, in words: the URL, or the embedded hub's folder. */
  public String hubDescription() {
    return settings.embeddedHubDir().map(d -> "the embedded local hub at " + d).orElse(settings.endpoint());
  }

  private PublishResult publishOrExplain(String nickname, java.util.function.Supplier<PublishResult> publish) {
    try {
      return publish.get();
    } catch (HuggingNerscException e) {
      throw notPublished(nickname, e);
    }
  }

  /** Publishing failed after the entry was written: say that it is kept, and how to finish. */
  private HuggingNerscException notPublished(String nickname, HuggingNerscException cause) {
    String message = "the catalog entry " + catalog.dir(nickname) + "/ is written, but publishing it to "
        + hubDescription() + " failed: " + cause.getMessage() + "; the entry is kept, unpublished: run the same "
        + "command again, or 'huggingnersc upload-dataset " + nickname + "'";
    return cause.kind() == HuggingNerscException.Kind.CONFLICT ? new ConflictException(message, cause)
        : new OperationFailedException(message, cause);
  }

  private static Map<String, byte[]> bytes(EntryFiles files) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    files.files().forEach((name, text) -> out.put(name, text.getBytes(StandardCharsets.UTF_8)));
    return out;
  }

  /**
   * Renders the entry a request would write, outside the catalog: into {@code outputDir} (created
   * if needed; it must be empty), or into a new temporary folder. The catalog is not touched.
   *
   * @throws InvalidInputException when {@code outputDir} holds files (see {@link #dryRun(NewDataset,
   *     Optional, boolean)} to replace them)
   */
  public DryRun dryRun(NewDataset request, Optional<Path> outputDir) {
    return dryRun(request, outputDir, false);
  }

  /**
   * Renders the entry a request would write, outside the catalog: into {@code outputDir} (created
   * if needed), or into a new temporary folder. The catalog is not touched.
   *
   * @param replace true to render into an {@code outputDir} that holds files: files of the same
   *     names are replaced, others stay; false refuses such a folder
   */
  public DryRun dryRun(NewDataset request, Optional<Path> outputDir, boolean replace) {
    Optional<Path> output = outputDir.map(p -> p.toAbsolutePath().normalize());
    if (output.isPresent() && output.get().startsWith(catalog.root())) {
      throw new InvalidInputException("--output " + output.get() + ": inside the catalog root " + catalog.root()
          + "; a dry run touches nothing there, so choose a folder elsewhere");
    }
    if (output.isPresent() && Files.exists(output.get()) && !Files.isDirectory(output.get())) {
      throw new InvalidInputException("--output " + output.get() + ": is a file; a folder is expected");
    }
    if (output.isPresent() && !replace) {
      requireEmpty(output.get());
    }
    EntryRenderer.Rendered rendered = renderer().render(request);
    EntryFiles files = rendered.files();
    Path where;
    try {
      where = output.isPresent() ? output.get()
          : Files.createTempDirectory("huggingnersc-dry-run-").resolve(files.entry().nickname());
    } catch (IOException e) {
      throw new OperationFailedException("cannot create a temporary folder for the dry run: " + e.getMessage(), e);
    }
    Catalog.writePreview(files, where);
    return new DryRun(files.entry(), where, List.copyOf(files.files().keySet()),
        catalog.dir(files.entry().nickname()), rendered.warnings());
  }

  /** A dry run's --output folder, if it exists, holds nothing the rendering could overwrite. */
  private static void requireEmpty(Path output) {
    if (!Files.isDirectory(output)) {
      return;
    }
    try (Stream<Path> files = Files.list(output)) {
      List<String> names = files.map(f -> f.getFileName().toString()).sorted().limit(4).toList();
      if (!names.isEmpty()) {
        throw new InvalidInputException("--output " + output + ": not empty (" + String.join(", ", names)
            + (names.size() == 4 ? ", ..." : "") + "); the entry's files (README.md, ...) would replace files of "
            + "the same names: choose an empty or new folder, or add --force to replace them");
      }
    } catch (IOException e) {
      throw new OperationFailedException("--output " + output + ": cannot list it: " + e.getMessage(), e);
    }
  }

  /**
   * The catalog entry with this nickname (written by this tool or by the earlier one) and the files
   * in its folder.
   *
   * @throws InvalidInputException when there is no such entry (naming close nicknames, if any)
   */
  public InspectedEntry inspect(String nickname) {
    Optional<CatalogEntry> entry = catalog.read(nickname);
    if (entry.isEmpty()) {
      String message = "no catalog entry '" + nickname + "' under " + catalog.root();
      List<String> close = closeNicknames(nickname);
      throw new InvalidInputException(close.isEmpty() ? message
          : message + "; did you mean " + String.join(", ", close) + "?");
    }
    return new InspectedEntry(entry.get(), catalog.dir(nickname), catalog.files(nickname));
  }

  // --- the data: manifest, verify ---------------------------------------------------------------

  /**
   * Builds the manifest of an entry's data (path, size, mtime and sha256 of every file) into its
   * folder, {@code <nickname>_manifest.jsonl.gz}, incrementally: files whose size and mtime match
   * the previous manifest keep their hash, unless {@code rehashAll}. The whole manifest's root
   * digest, files and bytes are recorded in the info JSON; a shard ({@code K/N}) only writes its
   * part file beside it, for {@link #mergeManifest}.
   *
   * @throws InvalidInputException when there is no such entry, its data path is on tape or missing,
   *     or {@code threads} is not 1 to {@link DataScanner#MAX_THREADS}
   */
  public ManifestResult manifest(String nickname, Shard shard, int threads, boolean rehashAll) {
    CatalogEntry entry = inspect(nickname).entry();
    Path data = dataRoot(entry, "manifest");
    Path whole = catalog.manifestFile(nickname);
    Path target = shard.isAll() ? whole : Manifest.partFile(whole, shard);
    Optional<Path> previous = rehashAll ? Optional.empty()
        : reusable(target, data).or(() -> shard.isAll() ? Optional.empty() : reusable(whole, data));
    ManifestBuild build = Manifest.build(data, target, previous, shard, threads, scanProgress);
    if (!shard.isAll()) {
      return new ManifestResult(entry, build, false);
    }
    return new ManifestResult(record(nickname, build), build, true);
  }

  /**
   * Joins the part files of a sharded manifest run into the entry's manifest, records its root
   * digest, and removes the parts (the whole manifest is what later runs reuse).
   *
   * @throws InvalidInputException when there is no such entry, or the parts are missing, of
   *     different runs, overlap or are damaged
   */
  public ManifestResult mergeManifest(String nickname) {
    inspect(nickname);
    Path whole = catalog.manifestFile(nickname);
    List<Path> parts = Manifest.findParts(whole);
    if (parts.isEmpty()) {
      throw new InvalidInputException("manifest merge " + nickname + ": no part files beside " + whole
          + "; build them first with 'huggingnersc manifest " + nickname + " --shard K/N'");
    }
    ManifestBuild build = Manifest.merge(parts, whole);
    CatalogEntry entry = record(nickname, build);
    for (Path part : parts) {
      try {
        Files.deleteIfExists(part);
      } catch (IOException e) {
        throw new OperationFailedException("merged the manifest of " + nickname + " but cannot remove the part "
            + part + ": " + e.getMessage(), e);
      }
    }
    return new ManifestResult(entry, build, true);
  }

  /**
   * The Perlmutter job-array script that builds an entry's manifest in {@code tasks} shards and
   * then merges them; the tasks find the entry under this catalog root.
   *
   * @throws InvalidInputException when there is no such entry, or an option cannot go in a script
   */
  public String manifestSlurmScript(String nickname, int tasks, SlurmArrayScript.Options options) {
    CatalogEntry entry = inspect(nickname).entry();
    dataRoot(entry, "manifest slurm-script");
    List<String> global = new ArrayList<>(List.of("--catalog-root", catalog.root().toString()));
    global.addAll(options.globalArgs());
    return Manifest.slurmScript(nickname, tasks, options.withGlobalArgs(global));
  }

  /**
   * Checks that an entry still holds: its data path exists; for a public link, directories are
   * {@code o+x} and files {@code o+r}; the files match its manifest (by size and mtime, or by
   * content with {@code rehash}); and, with {@code checkLinks}, its download link answers a HEAD.
   *
   * @throws InvalidInputException when there is no such entry, or its data path is on tape
   */
  public VerifyResult verify(String nickname, boolean rehash, boolean checkLinks, int threads) {
    CatalogEntry entry = inspect(nickname).entry();
    Path data = dataRoot(entry, "verify");
    List<String> manifestProblems = new ArrayList<>();
    Optional<Path> manifest = Optional.empty();
    if (entry.manifest().isPresent()) {
      Path file = catalog.dir(nickname).resolve(entry.manifest().get().file());
      if (!Files.isRegularFile(file)) {
        manifestProblems.add("manifest " + file + " is missing; run 'huggingnersc manifest " + nickname + "'");
      } else {
        String digest;
        try {
          digest = Manifest.readHeader(file).rootDigest();
        } catch (InvalidInputException damaged) {
          digest = "(unreadable: " + damaged.getMessage() + ")";
        }
        if (!digest.equals(entry.manifest().get().rootDigest())) {
          manifestProblems.add("manifest " + file + " has root digest " + digest + ", but the entry recorded "
              + entry.manifest().get().rootDigest() + "; run 'huggingnersc manifest " + nickname + "' again");
        } else {
          manifest = Optional.of(file);
        }
      }
    }
    Verification v = Verification.run(data, manifest, entry.downloadLink().isPresent(), rehash, threads);
    Optional<LinkCheck> link = checkLinks ? entry.downloadLink().map(url -> LinkCheck.head(url, LinkCheck.TIMEOUT))
        : Optional.empty();
    return new VerifyResult(entry, v, manifestProblems, link);
  }

  /**
   * Pushes an entry's data files into its (published) Hub repo, under {@code request.pathInRepo()}:
   * selected by the include and exclude globs, checked against the Hub's limits before anything is
   * sent, committed in batches of bounded files and bytes (each guarded by the one before) through
   * LFS, parts in parallel. Objects the Hub already has are not sent again, so the same call after
   * an interruption sends only what is missing, and after success makes no commit. The card gets
   * {@code configs} so the Hub's dataset viewer finds the files.
   *
   * @throws InvalidInputException when there is no such entry, it is not published, its data path
   *     is on tape, or the files break a limit (nothing sent)
   * @throws ConflictException when the repo moved under the upload (the same call continues it)
   */
  public DataUploadResult uploadData(String nickname, DataUploadRequest request, UploadProgress.Listener progress) {
    CatalogEntry entry = inspect(nickname).entry();
    if (!entry.isPublished()) {
      throw new InvalidInputException("upload-data " + nickname + ": the entry is not published on the Hub yet; "
          + "publish it first with 'huggingnersc upload-dataset " + nickname + "'");
    }
    Path data = dataRoot(entry, "upload-data");
    List<List<DataUploadResult.DataFile>> batches = DataUpload.plan(data, request, DataUpload.Limits.HUB);
    if (request.dryRun()) {
      List<DataUploadResult.DataFile> all = batches.stream().flatMap(List::stream).toList();
      DataUpload.Configs configs = DataUpload.configs(all, List.of(), request.pathInRepo());
      return new DataUploadResult(entry, all, all.stream().mapToLong(DataUploadResult.DataFile::size).sum(),
          batches.size(), List.of(), 0, configs.patterns(), configs.notViewable(), true);
    }
    String published = entry.endpoint().replaceAll("/+$", "");
    if (!published.equals(settings.endpoint().replaceAll("/+$", ""))) {
      throw new InvalidInputException("upload-data " + nickname + ": the entry is published on " + published
          + ", not on " + settings.endpoint() + "; give --endpoint " + published);
    }
    hubs.requireToken("upload-data " + nickname, "");
    try (HubConnection hub = hubs.open()) {
      return DataUpload.send(hub.client(), entry, data, batches, request, progress, () -> hubs.sayWhereTo(hub));
    }
  }

  /** The entry's data path, which the data commands walk; never a tape path, nor a missing one. */
  private static Path dataRoot(CatalogEntry entry, String command) {
    String nickname = entry.nickname();
    String dataPath = entry.dataPath().orElseThrow(() -> new InvalidInputException(command + " " + nickname
        + ": no data path recorded; set one with 'huggingnersc update-dataset " + nickname + " --data-path PATH'"));
    if (NerscPaths.isTape(dataPath)) {
      throw new InvalidInputException(command + " " + nickname + ": the data path " + dataPath
          + " is on HPSS tape; it is never walked or hashed (that would recall tapes); stage the data to CFS "
          + "and catalog that path");
    }
    return Path.of(dataPath);
  }

  /** A previous manifest worth reusing: present, and of the same (real) data root. */
  private static Optional<Path> reusable(Path manifest, Path data) {
    if (!Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    try {
      return Manifest.readHeader(manifest).root().equals(data.toRealPath().toString()) ? Optional.of(manifest)
          : Optional.empty(); // the data path moved: hash everything
    } catch (IOException e) {
      return Optional.empty(); // the data path is missing: the build says so
    }
  }

  private CatalogEntry record(String nickname, ManifestBuild build) {
    ManifestHeader h = build.header();
    return catalog.recordManifest(nickname, new EntryManifest(build.manifest().getFileName().toString(),
        h.rootDigest(), h.files(), h.bytes(), h.created().truncatedTo(ChronoUnit.SECONDS)));
  }

  /**
   * The entry with this nickname and its repo on the configured Hub: the last commit, the Hub's
   * tags, the files, and whether the repo holds the entry's files (compared by git blob id from the
   * tree, nothing is downloaded). A repo that does not exist is reported, not an error.
   *
   * @throws InvalidInputException when there is no such entry
   */
  public RemoteInspection inspectRemote(String nickname) {
    InspectedEntry local = inspect(nickname);
    CatalogEntry entry = local.entry();
    RepoId repo = entry.repoId();
    String repoUrl = settings.endpoint().replaceAll("/+$", "") + "/datasets/" + repo;
    Optional<RepoFiles> wanted;
    Optional<String> problem = Optional.empty();
    try {
      wanted = Optional.of(RepoFiles.of(catalog, entry));
    } catch (InvalidInputException cannotRender) {
      wanted = Optional.empty();
      problem = Optional.of(cannotRender.getMessage());
    }
    try (HubConnection hub = hubs.open()) {
      DatasetInfo info;
      try {
        info = hub.client().datasetInfo(repo, "main", List.of("sha", "tags"));
      } catch (RepoNotFoundException | RevisionNotFoundException none) {
        return new RemoteInspection(local, settings.endpoint(), repoUrl, Optional.empty(), List.of(), List.of(),
            wanted.map(RepoComparison::noRepo), problem);
      }
      String head = info.sha();
      // everything below is read at that one commit, so the answers describe the same state
      Optional<RepoCommit> last = hub.client().listCommits(repo, head).stream().findFirst();
      List<TreeEntry> files = hub.client().listTree(repo, head, null, true).stream()
          .filter(TreeEntry::isFile).toList();
      return new RemoteInspection(local, settings.endpoint(), repoUrl, last, info.tags(), files,
          wanted.map(w -> RepoComparison.of(head, w, files)), problem);
    }
  }

  /**
   * Changes a catalog entry and, when it is published on the configured Hub, its repo, in one
   * commit. Every change is validated first, with the same rules as {@code catalogNewDataset}
   * (nothing is written when one is wrong). The entry is rendered again (keeping {@code created},
   * setting {@code updated}); the card is <em>merged</em> onto the one in the repo, so front-matter
   * keys and text others added there stay, and the entry keeps the card as committed.
   *
   * <p>Order: the repo first, then the entry. The commit is guarded by the head its card was merged
   * onto; if someone commits in between, their card is read and merged again and the commit retried
   * once; if that fails too, nothing has changed anywhere ({@link ConflictException}). Should
   * writing the entry fail after the commit, the same update again finds the repo up to date (no
   * second commit) and writes the entry.
   *
   * <p>The data path is scanned again unless {@code options.scan()} is false (then the recorded scan
   * is kept, or dropped when the data path changes); a scan with the same numbers changes nothing.
   * The manifest record is kept: rebuild it with {@link #manifest} when the data changed.
   *
   * <p>With no change given, the entry is refreshed: its data scanned and listed again, its card,
   * sample and Croissant rendered anew. That brings an entry (and its repo) written by an earlier
   * version, or by the earlier tool, to this version's layout in one commit.
   *
   * <p>An entry never published, published on another Hub, or updated with {@code push} false is
   * changed in the catalog only ({@link UpdateResult.HubChange} says which). A dry run touches
   * nothing and describes the change as a unified diff.
   *
   * @throws InvalidInputException when there is no such entry, or a change is wrong
   * @throws ConflictException when the repo moved twice while updating, or the entry's repo is gone
   */
  public UpdateResult update(String nickname, DatasetUpdate changes, UpdateOptions options) {
    EntryRenderer renderer = renderer();
    if (options.dryRun()) {
      return updateLocked(nickname, changes, options, renderer);
    }
    // every change is validated, and the data scanned, before the entry is locked: bad input touches
    // nothing, and others are not kept waiting through a long scan
    CatalogEntry current = inspect(nickname).entry();
    if (hubChange(current, options) == UpdateResult.HubChange.COMMIT) {
      hubs.requireToken("update-dataset " + nickname, "or change the entry only with --no-push");
    }
    renderer.revise(current, catalog.readFiles(nickname), changes, options.scan(), new ArrayList<>());
    // held from reading the entry to writing it back: a second update waits, then starts from this one's result
    try (Catalog.EntryLock held = catalog.lock(nickname, "update-dataset")) {
      return updateLocked(nickname, changes, options, renderer);
    }
  }

  private UpdateResult updateLocked(String nickname, DatasetUpdate changes, UpdateOptions options,
      EntryRenderer renderer) {
    CatalogEntry before = inspect(nickname).entry();
    List<String> warnings = new ArrayList<>();
    EntryRevision revision = renderer.revise(before, catalog.readFiles(nickname), changes, options.scan(), warnings);
    EntryUpdate update = new EntryUpdate(catalog, revision, options.dryRun(), warnings, clock);
    UpdateResult.HubChange target = hubChange(before, options);
    if (target != UpdateResult.HubChange.COMMIT) {
      return update.entryOnly(target);
    }
    try (HubConnection hub = hubs.open()) {
      if (!options.dryRun()) {
        hubs.sayWhereTo(hub);
      }
      return update.withRepo(hub.client(), hub.endpoint());
    }
  }

  /** What an update does to the Hub repo: a commit, or nothing, and why. */
  private UpdateResult.HubChange hubChange(CatalogEntry entry, UpdateOptions options) {
    return !options.push() ? UpdateResult.HubChange.NOT_PUSHED
        : entry.published().isEmpty() ? UpdateResult.HubChange.NOT_PUBLISHED
        : !sameHub(entry.endpoint(), settings.endpoint()) ? UpdateResult.HubChange.PUBLISHED_ELSEWHERE
        : UpdateResult.HubChange.COMMIT;
  }

  /**
   * The catalog's entries that match {@code filter}, by nickname. A damaged entry is skipped and
   * named in {@link CatalogContents#damaged()}, so one bad folder does not hide the catalog.
   */
  public CatalogContents list(ListFilter filter) {
    CatalogContents all = catalog.readAll();
    return new CatalogContents(all.entries().stream().filter(filter::matches).toList(), all.damaged());
  }

  /**
   * The organization's dataset repos on the Hub, every page, fetched lazily: each repo goes to
   * {@code each} as soon as its page arrives, marked with the catalog entry that describes it. The
   * tag and search text are passed to the Hub ({@code filter}, {@code search}).
   *
   * @return how many repos there were and, for an unfiltered listing, the entries with no repo
   */
  public RemoteListing listRemote(ListFilter filter, Consumer<RemoteDataset> each) {
    CatalogContents contents = catalog.readAll();
    Map<String, CatalogEntry> byRepo = new LinkedHashMap<>();
    contents.entries().stream().filter(e -> e.repoId().namespace().equals(settings.org()))
        .forEach(e -> byRepo.putIfAbsent(e.repoId().toString(), e));
    Set<String> seen = new HashSet<>();
    int count = 0;
    try (HubConnection hub = hubs.open()) {
      for (DatasetInfo d : hub.client().listDatasets(filter.toHubQuery(settings.org()))) {
        count++;
        seen.add(d.id());
        each.accept(new RemoteDataset(d.id(), Optional.ofNullable(d.lastModified()),
            Optional.ofNullable(d.isPrivate()), d.tags(), Optional.ofNullable(byRepo.get(d.id()))));
      }
    }
    List<CatalogEntry> withoutRepo = filter.isEmpty()
        ? byRepo.values().stream().filter(e -> !seen.contains(e.repoId().toString())).toList()
        : List.of();
    return new RemoteListing(settings.org(), settings.endpoint(), count, withoutRepo, !filter.isEmpty(),
        contents.damaged());
  }

  /**
   * Serves the catalog entry with this nickname as it would be published: a local hub on
   * 127.0.0.1 (in a temporary folder) with one repo, {@code <org>/<nickname>}, holding the entry's
   * repo files. The catalog is only read. Close the preview to stop it.
   *
   * @throws InvalidInputException when there is no such entry
   * @throws OperationFailedException when the local hub cannot start
   */
  public Preview preview(String nickname) {
    InspectedEntry found = inspect(nickname);
    return serve(found.entry(), found.location(), found.location());
  }

  /** Serves what a dry run rendered, as {@link #preview(String)} serves a catalog entry. */
  public Preview preview(DryRun dryRun) {
    return serve(dryRun.entry(), dryRun.where(), dryRun.catalogDir());
  }

  private Preview serve(CatalogEntry entry, Path folder, Path entryDir) {
    Map<String, byte[]> files = previewFiles(entry, folder, entryDir);
    Path dir;
    try {
      dir = Files.createTempDirectory("huggingnersc-preview-");
    } catch (IOException e) {
      throw new OperationFailedException("cannot create a temporary folder for the preview: " + e.getMessage(), e);
    }
    LocalHub hub;
    try {
      hub = LocalHub.startEmbedded(dir);
    } catch (RuntimeException e) {
      FileTree.deleteQuietly(dir);
      throw e;
    }
    Preview preview = new Preview(entry, hub, dir, List.copyOf(files.keySet()));
    try {
      HubClient client = HubConnection.clientFor(hub);
      client.createRepo(entry.repoId(), false, true);
      List<CommitOperation> ops = new ArrayList<>();
      files.forEach((path, bytes) -> ops.add(new CommitOperation.Add(path, ContentSource.of(bytes))));
      client.commit(entry.repoId(), CommitRequest.onMain("Preview of " + entry.nickname(), ops));
      return preview;
    } catch (RuntimeException e) {
      preview.close();
      throw e;
    }
  }

  /** The files the entry's Hub repo would hold ({@link RepoFiles}), from the entry's folder. */
  private static Map<String, byte[]> previewFiles(CatalogEntry entry, Path folder, Path entryDir) {
    Map<String, byte[]> content = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(folder)) {
      for (Path f : s.sorted().toList()) {
        if (Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")) {
          content.put(f.getFileName().toString(), Files.readAllBytes(f));
        }
      }
    } catch (IOException e) {
      throw new OperationFailedException("cannot read the entry's files in " + folder + ": " + e.getMessage(), e);
    }
    // the earlier tool's entries have none until they are updated; the preview shows the one they would get
    content.computeIfAbsent(CroissantDocument.FILE_NAME,
        n -> CroissantDocument.render(entry).getBytes(StandardCharsets.UTF_8));
    return RepoFiles.of(entry, entryDir, content).files();
  }

  /** True when two endpoints name the same Hub (a trailing slash aside). */
  private static boolean sameHub(String a, String b) {
    return a.replaceAll("/+$", "").equals(b.replaceAll("/+$", ""));
  }

  private ConflictException conflict(String nickname, List<String> differ) {
    boolean earlier = catalog.read(nickname).map(e -> e.origin() == CatalogEntry.Origin.EARLIER_TOOL)
        .orElse(false);
    return new ConflictException("catalog entry '" + nickname + "' already exists under " + catalog.root()
        + (earlier ? " (written by the earlier tool)" : "") + " and differs from this input ("
        + String.join(", ", differ) + "); nothing was changed; to change it, run 'huggingnersc update-dataset "
        + nickname + "' with the new values");
  }

  /** Nicknames in the catalog that look like a mistyped {@code nickname}, closest first. */
  private List<String> closeNicknames(String nickname) {
    String wanted = nickname.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, Math.min(3, wanted.length() / 3));
    return catalog.nicknames().stream()
        .filter(n -> distance(n, wanted) <= limit
            || wanted.length() >= 3 && n.toLowerCase(Locale.ROOT).contains(wanted))
        .sorted(Comparator.comparingInt(n -> distance(n, wanted)))
        .limit(5)
        .toList();
  }

  private static int distance(String nickname, String wanted) {
    return EditDistance.between(nickname.toLowerCase(Locale.ROOT), wanted, 10);
  }
}
