package gov.nersc.huggingnersc.publish;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.DataUploadRequest;
import gov.nersc.huggingnersc.api.DataUploadResult;
import gov.nersc.huggingnersc.api.DataUploadResult.DataFile;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.api.UploadProgress;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import gov.nersc.huggingnersc.hub.CommitInfo;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.EntryNotFoundException;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.layout.DataLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends an {@link UploadPlan} into an entry's Hub repo: commits in bounded batches, each guarded by
 * the commit before it, through {@link HubClient#commit}, which uploads LFS objects in parallel parts
 * and skips what the Hub already has (so running again after an interruption sends only what is
 * missing), then adds {@code configs} to the card so the Hub's dataset viewer finds the files.
 */
public final class UploadExecutor {
    private final HubClient hub;
    private final UploadProgress.Listener progress;

    /** An executor that sends through {@code hub}, telling {@code progress} how far it is. */
    public UploadExecutor(HubClient hub, UploadProgress.Listener progress) {
        this.hub = hub;
        this.progress = progress;
    }

    /**
     * Commits the plan's batches to the entry's repo (one commit per batch that holds something new, each
     * guarded by the one before), then the card's {@code configs} for the viewer. {@code known} holds
     * the sha256 of files by relative path (from the entry's manifest): those are not hashed again while
     * their size and mtime match. {@code beforeWriting} runs once the request is checked against the
     * repo, before the first write.
     */
    public DataUploadResult send(
            CatalogEntry entry, UploadPlan plan, Map<String, ContentSource.KnownSha256> known, Runnable beforeWriting) {
        RepoId repo = entry.repoId();
        DataUploadRequest request = plan.request();
        List<List<DataFile>> batches = plan.batches();
        List<DataFile> all = plan.files();
        long total = plan.totalBytes();
        long start = System.nanoTime();
        AtomicLong lfsSent = new AtomicLong();
        AtomicLong done = new AtomicLong();
        requireFolder(repo, request);
        beforeWriting.run();
        UploadConfigs configs = plan.configs(existingUnder(repo, request.folder()));
        List<String> commits = new ArrayList<>();
        String parent = hub.headOf(repo, "main");
        for (int i = 0; i < batches.size(); i++) {
            List<DataFile> batch = batches.get(i);
            List<CommitOperation> ops = additions(plan, batch, known);
            if (i == batches.size() - 1) {
                cardWithConfigs(repo, configs)
                        .ifPresent(card -> ops.add(new CommitOperation.Add("README.md", ContentSource.of(card))));
            }
            long before = done.get();
            String part = batches.size() > 1 ? " (part " + (i + 1) + " of " + batches.size() + ")" : "";
            String summary = request.commit()
                    .message()
                    .map(m -> m.strip() + part)
                    .orElse("Upload " + batch.size() + " data file" + (batch.size() == 1 ? "" : "s") + " to "
                            + request.pathInRepo() + part);
            String description = request.commit().descriptionOr("huggingnersc upload-data " + entry.nickname());
            CommitInfo c = hub.commit(
                    repo, new CommitRequest("main", summary, description, Optional.of(parent), false, ops), n -> {
                        lfsSent.addAndGet(n);
                        progress.progress(
                                new UploadProgress(Math.min(total, done.addAndGet(n)), total, since(start), false));
                    });
            if (!c.oid().equals(parent)) {
                commits.add(c.oid());
                parent = c.oid();
            }
            done.set(before + batch.stream().mapToLong(DataFile::size).sum());
            progress.progress(new UploadProgress(done.get(), total, since(start), i == batches.size() - 1));
        }
        return new DataUploadResult(
                entry,
                all,
                total,
                batches.size(),
                commits,
                lfsSent.get(),
                configs.patterns(),
                configs.notViewable(),
                false);
    }

    /** One addition per file, under the sha256 in {@code known} where there is one. */
    private static List<CommitOperation> additions(
            UploadPlan plan, List<DataFile> batch, Map<String, ContentSource.KnownSha256> known) {
        List<CommitOperation> ops = new ArrayList<>();
        for (DataFile f : batch) {
            ContentSource.KnownSha256 k = known.get(f.relativePath());
            ContentSource content = k == null ? ContentSource.of(plan.local(f)) : ContentSource.of(plan.local(f), k);
            ops.add(new CommitOperation.Add(f.pathInRepo(), content));
        }
        return ops;
    }

    /**
     * The Hub's card with the whole data's {@code configs} (the inventory's config kept, {@code
     * viewer: false} dropped); empty when there are none or it already has them.
     */
    private Optional<String> cardWithConfigs(RepoId repo, UploadConfigs configs) {
        if (configs.yaml().isEmpty()) {
            return Optional.empty();
        }
        DatasetCard onHub;
        try {
            onHub = DatasetCard.parse(new String(hub.readFile(repo, "main", "README.md"), StandardCharsets.UTF_8));
        } catch (EntryNotFoundException none) {
            onHub = new DatasetCard(Map.of(), "");
        }
        List<Object> wanted = new ArrayList<>(configs.yaml());
        if (onHub.frontMatter().get("configs") instanceof List<?> before) {
            before.stream()
                    .filter(c -> c instanceof Map<?, ?> m && DataLayout.FILES_CONFIG.equals(m.get("config_name")))
                    .forEach(wanted::add);
        }
        if (wanted.equals(onHub.frontMatter().get("configs"))
                && !Boolean.FALSE.equals(onHub.frontMatter().get("viewer"))) {
            return Optional.empty();
        }
        Map<String, Object> keys = new LinkedHashMap<>(onHub.frontMatter());
        keys.put("configs", wanted);
        if (Boolean.FALSE.equals(keys.get("viewer"))) {
            keys.remove("viewer");
        }
        return Optional.of(new DatasetCard(keys, onHub.body()).toMarkdown());
    }

    /**
     * Refuses a folder that the repo has as a file, or under one (say {@code README.md/}): the Hub
     * would refuse the commit only after the objects were sent.
     */
    private void requireFolder(RepoId repo, DataUploadRequest request) {
        String dir = request.folder();
        List<String> prefixes = new ArrayList<>();
        for (int slash = dir.indexOf('/'); slash > 0; slash = dir.indexOf('/', slash + 1)) {
            prefixes.add(dir.substring(0, slash));
        }
        prefixes.add(dir);
        hub.pathsInfo(repo, "main", prefixes).stream()
                .filter(TreeEntry::isFile)
                .findFirst()
                .ifPresent(file -> {
                    throw new InvalidInputException("--path-in-repo " + MessageText.quoted(request.pathInRepo())
                            + ": the repo " + repo + " has a file " + file.path()
                            + ", so it cannot be a folder; give another folder, e.g. data/");
                });
    }

    /** Paths of the files already in the repo under {@code dir} (no trailing slash). */
    private List<String> existingUnder(RepoId repo, String dir) {
        try {
            return hub.listTree(repo, "main", dir, true).stream()
                    .filter(TreeEntry::isFile)
                    .map(TreeEntry::path)
                    .toList();
        } catch (EntryNotFoundException none) {
            return List.of();
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
