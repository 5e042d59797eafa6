package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogContents;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.DryRun;
import gov.nersc.huggingnersc.api.InspectedEntry;
import gov.nersc.huggingnersc.api.ListFilter;
import gov.nersc.huggingnersc.api.RemoteDataset;
import gov.nersc.huggingnersc.api.RemoteInspection;
import gov.nersc.huggingnersc.api.RemoteListing;
import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.croissant.CroissantDocument;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.FileTree;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.DatasetInfo;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.hub.ListQuery;
import gov.nersc.huggingnersc.hub.RepoNotFoundException;
import gov.nersc.huggingnersc.hub.RevisionNotFoundException;
import gov.nersc.huggingnersc.localhub.LocalHub;
import gov.nersc.huggingnersc.publish.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Reading what the catalog and the Hub hold: remote inspection, listings, and previews. */
final class Inspection {
    private final Context ctx;

    Inspection(Context ctx) {
        this.ctx = ctx;
    }

    /** See {@link HuggingNersc#inspectRemote}. */
    RemoteInspection inspectRemote(String nickname, String revision) {
        if (revision == null || revision.isBlank() || revision.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException("--revision " + (revision == null ? "" : MessageText.quoted(revision))
                    + ": give a branch, a tag or a commit id");
        }
        InspectedEntry local = ctx.inspect(nickname);
        CatalogEntry entry = local.entry();
        RepoId repo = entry.repoId();
        String repoUrl = ctx.settings().hub().repoUrl(repo);
        Optional<RepoFiles> wanted;
        Optional<String> problem = Optional.empty();
        try {
            wanted = Optional.of(RepoFiles.of(ctx.catalog(), entry));
        } catch (InvalidInputException cannotRender) {
            wanted = Optional.empty();
            problem = Optional.of(cannotRender.getMessage());
        }
        try (HubConnection hub = ctx.hubs().open()) {
            DatasetInfo info;
            try {
                info = hub.client().datasetInfo(repo, revision, List.of("sha", "tags"));
            } catch (RevisionNotFoundException none) {
                if (!revision.equals("main")) {
                    throw new InvalidInputException(
                            "--revision " + MessageText.quoted(revision) + ": the repo " + repo
                                    + " has no such branch, tag or commit; huggingface_hub's list_repo_refs lists its branches and tags",
                            none);
                }
                return new RemoteInspection(
                        local,
                        ctx.settings().endpoint(),
                        repoUrl,
                        Optional.empty(),
                        List.of(),
                        List.of(),
                        wanted.map(RepoFiles::againstNoRepo),
                        problem);
            } catch (RepoNotFoundException none) {
                return new RemoteInspection(
                        local,
                        ctx.settings().endpoint(),
                        repoUrl,
                        Optional.empty(),
                        List.of(),
                        List.of(),
                        wanted.map(RepoFiles::againstNoRepo),
                        problem);
            }
            String head = info.sha();
            // everything below is read at that one commit, so the answers describe the same state
            Optional<RepoCommit> last =
                    hub.client().listCommits(repo, head).stream().findFirst();
            List<TreeEntry> files = hub.client().listTree(repo, head, null, true).stream()
                    .filter(TreeEntry::isFile)
                    .toList();
            return new RemoteInspection(
                    local,
                    ctx.settings().endpoint(),
                    repoUrl,
                    last,
                    info.tags(),
                    files,
                    wanted.map(w -> w.against(head, files)),
                    problem);
        }
    }

    /** See {@link HuggingNersc#list}. */
    CatalogContents list(ListFilter filter) {
        CatalogContents all = ctx.catalog().readAll();
        return new CatalogContents(
                all.entries().stream().filter(filter::matches).toList(), all.damaged());
    }

    /** See {@link HuggingNersc#listRemote}. */
    RemoteListing listRemote(ListFilter filter, Consumer<RemoteDataset> each) {
        CatalogContents contents = ctx.catalog().readAll();
        Map<String, CatalogEntry> byRepo = new LinkedHashMap<>();
        contents.entries().stream()
                .filter(e -> e.repoId().namespace().equals(ctx.settings().org()))
                .forEach(e -> byRepo.putIfAbsent(e.repoId().toString(), e));
        Set<String> seen = new HashSet<>();
        int count = 0;
        try (HubConnection hub = ctx.hubs().open()) {
            for (DatasetInfo d :
                    hub.client().listDatasets(hubQuery(filter, ctx.settings().org()))) {
                count++;
                seen.add(d.id());
                each.accept(new RemoteDataset(
                        d.id(),
                        Optional.ofNullable(d.lastModified()),
                        Optional.ofNullable(d.isPrivate()),
                        d.tags(),
                        Optional.ofNullable(byRepo.get(d.id()))));
            }
        }
        List<CatalogEntry> withoutRepo = filter.isEmpty()
                ? byRepo.values().stream()
                        .filter(e -> !seen.contains(e.repoId().toString()))
                        .toList()
                : List.of();
        return new RemoteListing(
                ctx.settings().org(),
                ctx.settings().endpoint(),
                count,
                withoutRepo,
                !filter.isEmpty(),
                contents.damaged());
    }

    /** See {@link HuggingNersc#preview}. */
    Preview preview(String nickname) {
        InspectedEntry found = ctx.inspect(nickname);
        return serve(found.entry(), found.location(), found.location());
    }

    /** See {@link HuggingNersc#preview}. */
    Preview preview(DryRun dryRun) {
        return serve(dryRun.entry(), dryRun.where(), dryRun.catalogDir());
    }

    private Preview serve(CatalogEntry entry, Path folder, Path entryDir) {
        Map<String, byte[]> files = previewFiles(entry, folder, entryDir);
        Path dir;
        try {
            dir = Files.createTempDirectory("huggingnersc-preview-");
        } catch (IOException e) {
            throw new OperationFailedException(
                    "cannot create a temporary folder for the preview: " + e.getMessage(), e);
        }
        LocalHub hub;
        try {
            hub = LocalHub.startEmbedded(dir);
        } catch (RuntimeException e) {
            FileTree.deleteQuietly(dir);
            throw e;
        }
        Preview preview = new Preview(entry, hub, dir, List.copyOf(files.keySet()));
        try (HubClient client = HubConnection.clientFor(hub)) {
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
        content.computeIfAbsent(
                CroissantDocument.FILE_NAME,
                n -> CroissantDocument.render(entry).getBytes(StandardCharsets.UTF_8));
        return RepoFiles.of(entry, entryDir, content).files();
    }

    /** The Hub's listing query for a filter: the tag and search text, within the organization. */
    private static ListQuery hubQuery(ListFilter filter, String org) {
        return new ListQuery(
                org, filter.search().orElse(null), filter.tag().map(List::of).orElse(List.of()), null, null, null);
    }
}
