package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogContents;
import gov.nersc.huggingnersc.api.CatalogResult;
import gov.nersc.huggingnersc.api.DataUploadRequest;
import gov.nersc.huggingnersc.api.DataUploadResult;
import gov.nersc.huggingnersc.api.DatasetUpdate;
import gov.nersc.huggingnersc.api.DryRun;
import gov.nersc.huggingnersc.api.InspectedEntry;
import gov.nersc.huggingnersc.api.ListFilter;
import gov.nersc.huggingnersc.api.ManifestResult;
import gov.nersc.huggingnersc.api.NewDataset;
import gov.nersc.huggingnersc.api.PublishOptions;
import gov.nersc.huggingnersc.api.PublishOutcome;
import gov.nersc.huggingnersc.api.PublishResult;
import gov.nersc.huggingnersc.api.RemoteDataset;
import gov.nersc.huggingnersc.api.RemoteInspection;
import gov.nersc.huggingnersc.api.RemoteListing;
import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.api.Shard;
import gov.nersc.huggingnersc.api.ShardProgress;
import gov.nersc.huggingnersc.api.SlurmJob;
import gov.nersc.huggingnersc.api.SlurmSubmission;
import gov.nersc.huggingnersc.api.UpdateOptions;
import gov.nersc.huggingnersc.api.UpdateResult;
import gov.nersc.huggingnersc.api.UploadProgress;
import gov.nersc.huggingnersc.api.VerifyResult;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.layout.SamplePlan;
import gov.nersc.huggingnersc.scan.DataScanner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * HuggingNERSC's API: one method per user action. Each method validates everything before it
 * writes anything, and throws a {@link gov.nersc.huggingnersc.errors.HuggingNerscException} whose
 * kind says whether the input was wrong, the catalog holds something else, or the file system
 * failed. The package documentation shows an example.
 */
public final class HuggingNersc {
    private final Context ctx;

    private HuggingNersc(Context ctx) {
        this.ctx = ctx;
    }

    /**
     * The same API, putting at most {@code bytes} of the data into a repo's sample when it catalogs
     * or updates an entry (0: no sample). The default is {@link SamplePlan#DEFAULT_BUDGET}.
     *
     * @throws InvalidInputException when {@code bytes} is negative
     */
    public HuggingNersc withSampleBudget(long bytes) {
        if (bytes < 0) {
            throw new InvalidInputException(
                    "--sample-size " + bytes + ": negative; give a size such as 10MiB, or --no-sample");
        }
        return new HuggingNersc(ctx.withSampleBudget(bytes));
    }

    /**
     * The same API, telling {@code notices} what the user should know while an action runs: that it
     * waits for another process changing the same catalog entry.
     */
    public HuggingNersc withNotices(Consumer<String> notices) {
        return new HuggingNersc(ctx.withCatalog(ctx.catalog().withLockWaits(notices, Catalog.LOCK_PATIENCE)));
    }

    /**
     * The same API, telling {@code notices} in one line each time a Hub request failed and is asked
     * again after a wait (a lost connection, 429, 5xx).
     */
    public HuggingNersc withRetryNotices(Consumer<String> notices) {
        return new HuggingNersc(ctx.withHubs(ctx.hubs().withRetryNotices(notices)));
    }

    /**
     * The same API, telling {@code notice} before an action writes to the Hub where it publishes and as
     * whom: "publishing to https://huggingface.co as alice (token from …)", asking the Hub once (a
     * refused token then fails before anything is written); for the embedded hub, its folder.
     */
    public HuggingNersc withPublishingNotice(Consumer<String> notice) {
        return new HuggingNersc(ctx.withHubs(ctx.hubs().withPublishingNotice(notice)));
    }

    /** The API with these settings (endpoint, organization, catalog root, ...). */
    public static HuggingNersc create(Settings settings) {
        return new HuggingNersc(new Context(
                settings,
                new Catalog(settings.catalogRoot()),
                Clock.systemUTC(),
                ScanProgress.Listener.NONE,
                SamplePlan.DEFAULT_BUDGET,
                HubAccess.of(settings)));
    }

    /**
     * The same API, reporting the progress of walking and hashing data (the scan of {@link
     * #catalogNewDataset}, {@link #manifest}) to {@code listener}.
     */
    public HuggingNersc withScanProgress(ScanProgress.Listener listener) {
        return new HuggingNersc(ctx.withScanProgress(listener));
    }

    /** The user's Hub tokens, as {@code hf auth} manages them, in this environment ({@code HF_TOKEN}, ...). */
    public Accounts accounts(Map<String, String> env) {
        return new Accounts(ctx.settings(), env, ctx.hubs().retryNotices());
    }

    /** The settings this API runs with. */
    public Settings settings() {
        return ctx.settings();
    }

    /** The folder of an entry, {@code <catalog root>/<nickname>}, whether or not it exists. */
    public Path entryDir(String nickname) {
        return ctx.catalog().dir(nickname);
    }

    /** The names of the files in an entry's folder, sorted (empty when there is no entry). */
    public List<String> entryFileNames(String nickname) {
        return ctx.catalog().files(nickname);
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
        return new Cataloging(ctx).catalogNewDataset(request);
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
        return new Cataloging(ctx).catalogNewDataset(request, options);
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
        return new Publishing(ctx).publish(nickname, options);
    }

    /**
     * Publishes every entry of the catalog, continuing past failures; one outcome per entry, in
     * nickname order.
     */
    public List<PublishOutcome> publishAll(PublishOptions options) {
        return new Publishing(ctx).publishAll(options);
    }

    /** Where publishing goes, in words: the URL, or the embedded hub's folder. */
    public String hubDescription() {
        return ctx.hubDescription();
    }

    /**
     * Renders the entry a request would write, outside the catalog: into {@code outputDir} (created
     * if needed; it must be empty), or into a new temporary folder. The catalog is not touched.
     *
     * @throws InvalidInputException when {@code outputDir} holds files (see {@link #dryRun(NewDataset,
     *     Optional, boolean)} to replace them)
     */
    public DryRun dryRun(NewDataset request, Optional<Path> outputDir) {
        return new Cataloging(ctx).dryRun(request, outputDir);
    }

    /**
     * Renders the entry a request would write, outside the catalog: into {@code outputDir} (created
     * if needed), or into a new temporary folder. The catalog is not touched.
     *
     * @param replace true to render into an {@code outputDir} that holds files: files of the same
     *     names are replaced, others stay; false refuses such a folder
     */
    public DryRun dryRun(NewDataset request, Optional<Path> outputDir, boolean replace) {
        return new Cataloging(ctx).dryRun(request, outputDir, replace);
    }

    /**
     * The catalog entry with this nickname (written by this tool or by the earlier one) and the files
     * in its folder.
     *
     * @throws InvalidInputException when there is no such entry (naming close nicknames, if any)
     */
    public InspectedEntry inspect(String nickname) {
        return ctx.inspect(nickname);
    }

    // --- the data: manifest, verify ---------------------------------------------------------------

    /**
     * Builds the manifest of an entry's data (path, size, mtime and sha256 of every file) into its folder,
     * {@code <nickname>_manifest.jsonl.gz}, incrementally: files whose size and mtime match the previous manifest
     * keep their hash, unless {@code rehashAll}. The whole manifest's root digest, files and bytes are recorded in
     * the info JSON; a shard ({@code K/N}) only writes its part file beside it, for {@link #mergeManifest}. Without
     * {@code threads}: one per core, and no more hashing than there are files.
     *
     * @throws InvalidInputException when there is no such entry, its data path is on tape or missing,
     *     or {@code threads} is not 1 to {@link DataScanner#MAX_THREADS}
     */
    public ManifestResult manifest(String nickname, Shard shard, Optional<Integer> threads, boolean rehashAll) {
        return new DataLinking(ctx).manifest(nickname, shard, threads, rehashAll);
    }

    /**
     * Joins the part files of a sharded manifest run into the entry's manifest, records its root
     * digest, and removes the parts (the whole manifest is what later runs reuse).
     *
     * @throws InvalidInputException when there is no such entry, or the parts are missing, of
     *     different runs, overlap or are damaged
     */
    public ManifestResult mergeManifest(String nickname) {
        return new DataLinking(ctx).mergeManifest(nickname);
    }

    /**
     * Writes the job-array script of {@link #manifestSlurmScript} to {@code script}, submits it with
     * {@code sbatch}, then submits its merge job (afterok on the array, cancelled if a task fails).
     *
     * @throws InvalidInputException when there is no such entry, no account, or an option is refused
     * @throws OperationFailedException when sbatch fails (its output is in the message)
     */
    public SlurmSubmission submitManifest(String nickname, int tasks, SlurmJob options, Path script, Path sbatch) {
        return new SlurmSubmit(ctx).submit(nickname, tasks, options, script, sbatch);
    }

    /**
     * Where a sharded manifest run of an entry stands: shards done, saved part-way, missing.
     *
     * @throws InvalidInputException when there is no such entry
     */
    public ShardProgress manifestProgress(String nickname) {
        return new DataLinking(ctx).manifestProgress(nickname);
    }

    /**
     * The Perlmutter job-array script that builds an entry's manifest in {@code tasks} shards and
     * then merges them; the tasks find the entry under this catalog root.
     *
     * @throws InvalidInputException when there is no such entry, or an option cannot go in a script
     */
    public String manifestSlurmScript(String nickname, int tasks, SlurmJob options) {
        return new DataLinking(ctx).manifestSlurmScript(nickname, tasks, options);
    }

    /**
     * Checks that an entry still holds: its data path exists; for a public link, directories are
     * {@code o+x} and files {@code o+r}; the files match its manifest (by size and mtime, or by
     * content with {@code rehash}); and, with {@code checkLinks}, its download link answers a HEAD.
     *
     * @throws InvalidInputException when there is no such entry, or its data path is on tape
     */
    public VerifyResult verify(String nickname, boolean rehash, boolean checkLinks, int threads) {
        return new DataLinking(ctx).verify(nickname, rehash, checkLinks, threads);
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
        return new DataLinking(ctx).uploadData(nickname, request, progress);
    }

    /**
     * The entry with this nickname and its repo on the configured Hub: the last commit, the Hub's
     * tags, the files, and whether the repo holds the entry's files (compared by git blob id from the
     * tree, nothing is downloaded). A repo that does not exist is reported, not an error.
     *
     * @throws InvalidInputException when there is no such entry
     */
    public RemoteInspection inspectRemote(String nickname) {
        return inspectRemote(nickname, "main");
    }

    /**
     * As {@link #inspectRemote(String)}, reading the repo at {@code revision}: a branch, a tag or a
     * commit id, as {@code hf download --revision} takes it.
     *
     * @throws InvalidInputException when there is no such entry, or the repo has no such revision
     */
    public RemoteInspection inspectRemote(String nickname, String revision) {
        return new Inspection(ctx).inspectRemote(nickname, revision);
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
        return new Updating(ctx).update(nickname, changes, options);
    }

    /**
     * The catalog's entries that match {@code filter}, by nickname. A damaged entry is skipped and
     * named in {@link CatalogContents#damaged()}, so one bad folder does not hide the catalog.
     */
    public CatalogContents list(ListFilter filter) {
        return new Inspection(ctx).list(filter);
    }

    /**
     * The organization's dataset repos on the Hub, every page, fetched lazily: each repo goes to
     * {@code each} as soon as its page arrives, marked with the catalog entry that describes it. The
     * tag and search text are passed to the Hub ({@code filter}, {@code search}).
     *
     * @return how many repos there were and, for an unfiltered listing, the entries with no repo
     */
    public RemoteListing listRemote(ListFilter filter, Consumer<RemoteDataset> each) {
        return new Inspection(ctx).listRemote(filter, each);
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
        return new Inspection(ctx).preview(nickname);
    }

    /** Serves what a dry run rendered, as {@link #preview(String)} serves a catalog entry. */
    public Preview preview(DryRun dryRun) {
        return new Inspection(ctx).preview(dryRun);
    }
}
