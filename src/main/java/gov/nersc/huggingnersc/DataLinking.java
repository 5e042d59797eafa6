package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.DataUploadRequest;
import gov.nersc.huggingnersc.api.DataUploadResult;
import gov.nersc.huggingnersc.api.EntryManifest;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.LinkCheck;
import gov.nersc.huggingnersc.api.ManifestBuild;
import gov.nersc.huggingnersc.api.ManifestHeader;
import gov.nersc.huggingnersc.api.ManifestResult;
import gov.nersc.huggingnersc.api.Shard;
import gov.nersc.huggingnersc.api.ShardProgress;
import gov.nersc.huggingnersc.api.SlurmJob;
import gov.nersc.huggingnersc.api.UploadProgress;
import gov.nersc.huggingnersc.api.Verification;
import gov.nersc.huggingnersc.api.VerifyResult;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import gov.nersc.huggingnersc.publish.UploadConfigs;
import gov.nersc.huggingnersc.publish.UploadExecutor;
import gov.nersc.huggingnersc.publish.UploadPlan;
import gov.nersc.huggingnersc.publish.UploadRequestRules;
import gov.nersc.huggingnersc.scan.DataCheck;
import gov.nersc.huggingnersc.scan.Manifest;
import gov.nersc.huggingnersc.scan.ManifestEntry;
import gov.nersc.huggingnersc.scan.ManifestReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The entry's data at NERSC: manifests, their Slurm array script, verification, and pushing data files to the repo. */
final class DataLinking {
    private final Context ctx;

    DataLinking(Context ctx) {
        this.ctx = ctx;
    }

    /** See {@link HuggingNersc#manifest}. */
    ManifestResult manifest(String nickname, Shard shard, Optional<Integer> threads, boolean rehashAll) {
        CatalogEntry entry = ctx.inspect(nickname).entry();
        Path data = dataRoot(entry, "manifest");
        Path whole = ctx.catalog().manifestFile(nickname);
        Path target = shard.isAll() ? whole : Manifest.partFile(whole, shard);
        Optional<Path> previous = rehashAll
                ? Optional.empty()
                : reusable(target, data).or(() -> shard.isAll() ? Optional.empty() : reusable(whole, data));
        ManifestBuild build = Manifest.build(data, target, previous, shard, threads, ctx.scanProgress());
        if (!shard.isAll()) {
            return new ManifestResult(entry, build, false);
        }
        return new ManifestResult(record(nickname, build), build, true);
    }

    /** See {@link HuggingNersc#mergeManifest}. */
    ManifestResult mergeManifest(String nickname) {
        ctx.inspect(nickname);
        Path whole = ctx.catalog().manifestFile(nickname);
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
                throw new OperationFailedException(
                        "merged the manifest of " + nickname + " but cannot remove the part " + part + ": "
                                + e.getMessage(),
                        e);
            }
        }
        return new ManifestResult(entry, build, true);
    }

    /** See {@link HuggingNersc#manifestSlurmScript}. */
    String manifestSlurmScript(String nickname, int tasks, SlurmJob options) {
        CatalogEntry entry = ctx.inspect(nickname).entry();
        dataRoot(entry, "manifest slurm-script");
        return Manifest.slurmScript(nickname, tasks, slurmJob(options));
    }

    /** The job as the tasks run it: this catalog, and by default the jar this tool runs from. */
    SlurmJob slurmJob(SlurmJob options) {
        List<String> global =
                new ArrayList<>(List.of("--catalog-root", ctx.catalog().root().toString()));
        global.addAll(options.globalArgs());
        SlurmJob job = options;
        Optional<Path> jar = runningJar();
        if (options.command().equals(SlurmJob.DEFAULT_COMMAND)
                && options.module().isEmpty()
                && jar.isPresent()) {
            global.addAll(0, List.of("-jar", jar.get().toString())); // a fixed jar: nothing is built on compute nodes
            job = job.withCommand("java");
        }
        return job.withGlobalArgs(global);
    }

    /** The jar this tool runs from, absolute; empty when it runs from classes (tests, an IDE). */
    private static Optional<Path> runningJar() {
        try {
            java.security.CodeSource source =
                    HuggingNersc.class.getProtectionDomain().getCodeSource();
            Path p = source == null
                    ? null
                    : Path.of(source.getLocation().toURI()).toAbsolutePath();
            return p != null && Files.isRegularFile(p) && p.toString().endsWith(".jar")
                    ? Optional.of(p)
                    : Optional.empty();
        } catch (java.net.URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** See {@link HuggingNersc#manifestProgress}. */
    ShardProgress manifestProgress(String nickname) {
        ctx.inspect(nickname);
        return Manifest.shardProgress(ctx.catalog().manifestFile(nickname));
    }

    /** See {@link HuggingNersc#verify}. */
    VerifyResult verify(String nickname, boolean rehash, boolean checkLinks, int threads) {
        CatalogEntry entry = ctx.inspect(nickname).entry();
        Path data = dataRoot(entry, "verify");
        List<String> manifestProblems = new ArrayList<>();
        Optional<Path> manifest = Optional.empty();
        if (entry.manifest().isPresent()) {
            Path file =
                    ctx.catalog().dir(nickname).resolve(entry.manifest().get().file());
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
                            + entry.manifest().get().rootDigest() + "; run 'huggingnersc manifest " + nickname
                            + "' again");
                } else {
                    manifest = Optional.of(file);
                }
            }
        }
        Verification v = DataCheck.run(data, manifest, entry.downloadLink().isPresent(), rehash, threads);
        Optional<LinkCheck> link = checkLinks
                ? entry.downloadLink().map(url -> LinkChecker.head(url, LinkCheck.TIMEOUT))
                : Optional.empty();
        return new VerifyResult(entry, v, manifestProblems, link);
    }

    /** See {@link HuggingNersc#uploadData}. */
    DataUploadResult uploadData(String nickname, DataUploadRequest request, UploadProgress.Listener progress) {
        UploadRequestRules.check(request);
        CatalogEntry entry = ctx.inspect(nickname).entry();
        if (!entry.isPublished()) {
            throw new InvalidInputException("upload-data " + nickname + ": the entry is not published on the Hub yet; "
                    + "publish it first with 'huggingnersc upload-dataset " + nickname + "'");
        }
        Path data = dataRoot(entry, "upload-data");
        UploadPlan plan = UploadPlan.of(data, request, UploadPlan.Limits.HUB);
        if (request.dryRun()) {
            UploadConfigs configs = plan.configs(List.of());
            return new DataUploadResult(
                    entry,
                    plan.files(),
                    plan.totalBytes(),
                    plan.batches().size(),
                    List.of(),
                    0,
                    configs.patterns(),
                    configs.notViewable(),
                    true);
        }
        String published = new HubEndpoint(entry.endpoint()).url();
        if (!HubEndpoint.sameHub(published, ctx.settings().endpoint())) {
            throw new InvalidInputException("upload-data " + nickname + ": the entry is published on " + published
                    + ", not on " + ctx.settings().endpoint() + "; give --endpoint " + published);
        }
        ctx.hubs().requireToken("upload-data " + nickname, "");
        try (HubConnection hub = ctx.hubs().open()) {
            return new UploadExecutor(hub.client(), progress)
                    .send(
                            entry,
                            plan,
                            manifestSha256(nickname, data, plan),
                            () -> ctx.hubs().sayWhereTo(hub));
        }
    }

    /**
     * The sha256 that the entry's manifest (when it is of this data path) holds for the plan's files, by
     * relative path, each for the size and mtime it was hashed at: the upload sends it as the LFS oid and
     * hashes nothing of a file that still has that size and mtime. The hub checks the bytes all the same.
     */
    private Map<String, ContentSource.KnownSha256> manifestSha256(String nickname, Path data, UploadPlan plan) {
        Optional<Path> manifest = reusable(ctx.catalog().manifestFile(nickname), data);
        Map<String, ContentSource.KnownSha256> known = new HashMap<>();
        if (manifest.isEmpty()) {
            return known;
        }
        Set<String> wanted = new HashSet<>();
        plan.files().forEach(f -> wanted.add(f.relativePath()));
        // an incremental manifest would keep the stale sha256: same size and mtime
        String ifStale = "run 'huggingnersc manifest " + nickname + " --rehash-all' to hash the files again, then "
                + "upload-data again";
        try (ManifestReader reader = ManifestReader.open(manifest.get())) {
            while (reader.hasNext()) {
                ManifestEntry e = reader.next();
                if (wanted.contains(e.path())) {
                    known.put(e.path(), new ContentSource.KnownSha256(e.size(), e.mtime(), e.sha256(), ifStale));
                }
            }
        } catch (InvalidInputException | OperationFailedException unreadable) {
            return Map.of(); // a damaged manifest saves nothing: every file is hashed
        }
        return known;
    }

    /** The entry's data path, which the data commands walk; never a tape path, nor a missing one. */
    private static Path dataRoot(CatalogEntry entry, String command) {
        String nickname = entry.nickname();
        String dataPath = entry.dataPath()
                .orElseThrow(() -> new InvalidInputException(
                        command + " " + nickname + ": no data path recorded; set one with 'huggingnersc update-dataset "
                                + nickname + " --data-path PATH'"));
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
            return Manifest.readHeader(manifest).root().equals(data.toRealPath().toString())
                    ? Optional.of(manifest)
                    : Optional.empty(); // the data path moved: hash everything
        } catch (IOException e) {
            return Optional.empty(); // the data path is missing: the build says so
        }
    }

    private CatalogEntry record(String nickname, ManifestBuild build) {
        ManifestHeader h = build.header();
        return ctx.catalog()
                .recordManifest(
                        nickname,
                        new EntryManifest(
                                build.manifest().getFileName().toString(),
                                h.rootDigest(),
                                h.files(),
                                h.bytes(),
                                h.created().truncatedTo(ChronoUnit.SECONDS)));
    }
}
