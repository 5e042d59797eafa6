package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.CommitOptions;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.Published;
import gov.nersc.huggingnersc.api.RepoComparison;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.UpdateResult;
import gov.nersc.huggingnersc.api.UpdateResult.HubChange;
import gov.nersc.huggingnersc.api.UpdateResult.Status;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.catalog.EntryFiles;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.hub.CommitInfo;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.EntryNotFoundException;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.hub.PreconditionFailedException;
import gov.nersc.huggingnersc.hub.RepoNotFoundException;
import gov.nersc.huggingnersc.publish.Publisher;
import gov.nersc.huggingnersc.publish.RepoCard;
import gov.nersc.huggingnersc.publish.RepoFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes one {@link EntryRevision}: into the catalog only, or into the entry's Hub repo (one
 * commit, the card merged onto the repo's) and then the catalog. See {@link HuggingNersc#update}.
 */
final class EntryUpdate {
    private final Catalog catalog;
    private final EntryRevision revision;
    private final boolean dryRun;
    private final CommitOptions words;
    private final List<String> warnings;
    private final Clock clock;
    private final Path dir;

    EntryUpdate(
            Catalog catalog,
            EntryRevision revision,
            boolean dryRun,
            CommitOptions words,
            List<String> warnings,
            Clock clock) {
        this.words = words;
        this.catalog = catalog;
        this.revision = revision;
        this.dryRun = dryRun;
        this.warnings = List.copyOf(warnings);
        this.clock = clock;
        this.dir = catalog.dir(revision.after().nickname());
    }

    /** Updates the entry alone, its card merged onto the entry's own (which keeps what others added to it). */
    UpdateResult entryOnly(HubChange why) {
        DatasetCard base = parseOrEmpty(revision.beforeFiles().get(EntryFiles.README));
        EntryFiles files = entryFiles(revision.card().mergedOnto(base), revision.after());
        List<String> changed = changedEntryFiles(files);
        if (dryRun) {
            return result(
                    revision.after(), Status.DRY_RUN, changed, why, List.of(), null, null, false, entryDiff(files));
        }
        if (changed.isEmpty()) {
            return result(revision.before(), Status.UNCHANGED, changed, why, List.of(), null, null, false, "");
        }
        catalog.write(files);
        return result(revision.after(), Status.UPDATED, changed, why, List.of(), null, null, false, "");
    }

    /**
     * Updates the repo in one commit, then the entry. A commit refused because the repo moved (412)
     * is prepared again on the new head, once.
     */
    UpdateResult withRepo(HubClient hub, String endpoint) {
        Set<String> previousPaths = previousRepoPaths();
        for (int attempt = 1; ; attempt++) {
            Plan plan = plan(hub, previousPaths);
            List<String> changed = changedEntryFiles(plan.files());
            boolean retried = attempt > 1;
            if (dryRun) {
                return result(
                        revision.after(),
                        Status.DRY_RUN,
                        changed,
                        plan.hubChange(),
                        plan.repoChanges(),
                        null,
                        null,
                        false,
                        entryDiff(plan.files()) + repoDiff(hub, plan));
            }
            if (plan.ops().isEmpty()) {
                return withoutCommit(hub, plan, retried);
            }
            CommitInfo commit;
            try {
                commit = hub.commit(
                        repo(),
                        new CommitRequest(
                                "main",
                                words.messageOr("Update " + revision.after().nickname() + " from NERSC (huggingnersc)"),
                                words.descriptionOr("Changed: " + String.join(", ", plan.repoChanges())
                                        + "\nCatalog entry: " + dir + "/\n"),
                                Optional.of(plan.head()),
                                words.createPr(),
                                plan.ops()));
            } catch (PreconditionFailedException moved) {
                if (attempt < 2) {
                    continue; // someone committed in between: merge onto their card and try once more
                }
                throw new ConflictException("the Hub repo " + repo() + " changed twice while this update was being "
                        + "committed (someone else is committing to it); nothing was changed, neither the repo nor the catalog "
                        + "entry " + dir + "/; run the same update-dataset again");
            }
            return committed(plan, changed, commit, retried, endpoint);
        }
    }

    /**
     * Writes the entry after its commit: recording that commit, or, for a pull request (proposed, not
     * published: main is unchanged), keeping the publication it records.
     */
    private UpdateResult committed(
            Plan plan, List<String> changed, CommitInfo commit, boolean retried, String endpoint) {
        if (words.createPr()) {
            catalog.write(entryFiles(plan.card(), revision.after()));
            return result(
                    revision.after(),
                    Status.UPDATED,
                    changed,
                    HubChange.PULL_REQUEST,
                    plan.repoChanges(),
                    commit.oid(),
                    commit.pullRequestUrl(),
                    retried,
                    "");
        }
        CatalogEntry recorded = revision.after().withPublished(new Published(commit.oid(), now()));
        catalog.write(entryFiles(plan.card(), recorded));
        return result(
                recorded,
                Status.UPDATED,
                changed,
                HubChange.COMMIT,
                plan.repoChanges(),
                commit.oid(),
                commitUrl(endpoint, commit.oid()),
                retried,
                "");
    }

    /**
     * The repo holds the entry's files already: writes the entry, if it changes. When the commit
     * that brought them is not the one the entry records (a run stopped between its commit and
     * writing the entry), the entry records the head, as that run would have.
     */
    private UpdateResult withoutCommit(HubClient hub, Plan plan, boolean retried) {
        boolean recorded = Publisher.recordHolds(hub, revision.before(), plan.repoFiles(), plan.head());
        CatalogEntry after =
                recorded ? revision.after() : revision.after().withPublished(new Published(plan.head(), now()));
        EntryFiles files = entryFiles(plan.card(), after);
        List<String> changed = changedEntryFiles(files);
        if (changed.isEmpty() && recorded) {
            return result(
                    revision.before(),
                    Status.UNCHANGED,
                    changed,
                    HubChange.NONE_NEEDED,
                    List.of(),
                    null,
                    null,
                    retried,
                    "");
        }
        catalog.write(files);
        return result(after, Status.UPDATED, changed, HubChange.NONE_NEEDED, List.of(), null, null, retried, "");
    }

    /** What one attempt would commit, prepared against the repo's head. */
    private record Plan(
            String head,
            String cardOnHub,
            DatasetCard card,
            EntryFiles files,
            RepoFiles repoFiles,
            RepoComparison comparison,
            List<String> deleted,
            List<CommitOperation> ops) {
        HubChange hubChange() {
            return ops.isEmpty() ? HubChange.NONE_NEEDED : HubChange.COMMIT;
        }

        /** The paths added, replaced or deleted, sorted. */
        List<String> repoChanges() {
            TreeSet<String> all = new TreeSet<>(comparison.missing());
            all.addAll(comparison.differing());
            all.addAll(deleted);
            return List.copyOf(all);
        }
    }

    private Plan plan(HubClient hub, Set<String> previousPaths) {
        String head;
        try {
            head = hub.headOf(repo(), "main");
        } catch (RepoNotFoundException gone) {
            throw new ConflictException("the catalog entry " + dir + "/ records a publication in " + repo()
                    + ", but that repo does not exist on " + hub.endpoint()
                    + "; nothing was changed; publish the entry "
                    + "again with 'huggingnersc upload-dataset "
                    + revision.after().nickname() + "' (after this update "
                    + "with --no-push, if you want it changed first)");
        }
        RepoCard onHub = RepoCard.read(hub, repo(), head, "update-dataset");
        DatasetCard card = onHub.merge(revision.card());
        EntryFiles files = entryFiles(card, revision.after());
        Map<String, byte[]> folder = new LinkedHashMap<>();
        files.files().forEach((name, text) -> folder.put(name, text.getBytes(StandardCharsets.UTF_8)));
        RepoFiles repoFiles = RepoFiles.of(revision.after(), dir, folder);
        RepoComparison comparison = repoFiles.againstRepo(hub, repo(), head);
        // only files this tool put there before (an old loader name, say) are deleted; others' stay
        List<String> deleted =
                comparison.extra().stream().filter(previousPaths::contains).toList();
        List<CommitOperation> ops = new ArrayList<>();
        for (String path : repoFiles.paths()) {
            if (comparison.missing().contains(path) || comparison.differing().contains(path)) {
                ops.add(new CommitOperation.Add(path, ContentSource.of(repoFiles.content(path))));
            }
        }
        deleted.forEach(path -> ops.add(new CommitOperation.Delete(path)));
        return new Plan(head, onHub.text(), card, files, repoFiles, comparison, deleted, ops);
    }

    /** The repo paths the entry had before this update, which it may now delete. */
    private Set<String> previousRepoPaths() {
        try {
            return Set.copyOf(RepoFiles.of(catalog, revision.before()).paths());
        } catch (InvalidInputException noLoaderBefore) {
            return Set.of(RepoFiles.README);
        }
    }

    private EntryFiles entryFiles(DatasetCard card, CatalogEntry entry) {
        Map<String, String> content = new LinkedHashMap<>(revision.content());
        content.put(EntryFiles.README, card.toMarkdown());
        return EntryFiles.of(entry, dir, content);
    }

    /** The entry's files that the new ones change, add or remove, sorted. */
    private List<String> changedEntryFiles(EntryFiles files) {
        TreeSet<String> changed = new TreeSet<>(files.differencesFrom(revision.beforeFiles()));
        revision.beforeFiles().keySet().stream()
                .filter(n -> !files.files().containsKey(n))
                .forEach(changed::add);
        return List.copyOf(changed);
    }

    private String entryDiff(EntryFiles files) {
        StringBuilder diff = new StringBuilder();
        TreeSet<String> names = new TreeSet<>(revision.beforeFiles().keySet());
        names.addAll(files.files().keySet());
        String prefix = "catalog/" + revision.after().nickname() + "/";
        for (String name : names) {
            diff.append(TextDiff.unified(
                    prefix + name,
                    Optional.ofNullable(revision.beforeFiles().get(name)),
                    Optional.ofNullable(files.files().get(name))));
        }
        return diff.toString();
    }

    /** The repo's files as the plan changes them; reads each changed file's current text from the Hub. */
    private String repoDiff(HubClient hub, Plan plan) {
        StringBuilder diff = new StringBuilder();
        String prefix = "hub/" + repo() + "/";
        for (String path : plan.repoChanges()) {
            Optional<String> before = plan.comparison().missing().contains(path)
                    ? Optional.empty()
                    : path.equals(RepoFiles.README) ? Optional.of(plan.cardOnHub()) : readText(hub, plan.head(), path);
            Optional<String> after = plan.deleted().contains(path)
                    ? Optional.empty()
                    : Optional.of(new String(plan.repoFiles().content(path), StandardCharsets.UTF_8));
            diff.append(TextDiff.unified(prefix + path, before, after));
        }
        return diff.toString();
    }

    private Optional<String> readText(HubClient hub, String revisionId, String path) {
        try {
            return Optional.of(new String(hub.readFile(repo(), revisionId, path), StandardCharsets.UTF_8));
        } catch (EntryNotFoundException missing) {
            return Optional.empty();
        }
    }

    private static DatasetCard parseOrEmpty(String readme) {
        if (readme == null) {
            return new DatasetCard(Map.of(), "");
        }
        try {
            return DatasetCard.parse(readme);
        } catch (InvalidInputException brokenFrontMatter) {
            // the entry's own card is replaced whole then: the update renders every key it owns again
            return new DatasetCard(Map.of(), "");
        }
    }

    private RepoId repo() {
        return revision.after().repoId();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The commit's page on the Hub as configured (not the embedded hub's passing HTTP address). */
    private String commitUrl(String endpoint, String oid) {
        return new HubEndpoint(endpoint).commitUrl(repo(), oid);
    }

    private UpdateResult result(
            CatalogEntry entry,
            Status status,
            List<String> entryFiles,
            HubChange hub,
            List<String> repoFiles,
            String commit,
            String commitUrl,
            boolean retried,
            String diff) {
        return new UpdateResult(
                entry,
                dir,
                status,
                entryFiles,
                hub,
                repoFiles,
                Optional.ofNullable(commit),
                Optional.ofNullable(commitUrl),
                retried,
                diff,
                warnings);
    }
}
