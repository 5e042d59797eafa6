package gov.nersc.huggingnersc.publish;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.PublishOptions;
import gov.nersc.huggingnersc.api.PublishResult;
import gov.nersc.huggingnersc.api.Published;
import gov.nersc.huggingnersc.api.RepoComparison;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.croissant.CroissantDocument;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.hub.CommitInfo;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.hub.HubConflictException;
import gov.nersc.huggingnersc.hub.RepoNotFoundException;
import gov.nersc.huggingnersc.hub.RevisionNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes catalog entries on a Hub: each entry's {@link RepoFiles} into its dataset repo {@code
 * <org>/<nickname>}, in exactly one commit guarded by the head it compared against, and records the
 * commit in the entry. The entry's card is merged onto the repo's ({@link RepoCard}), so keys and
 * text others added there stay, and the entry keeps the card as committed. Publishing an entry whose
 * repo already holds identical files makes no commit; a repo holding someone else's files is a
 * conflict, and nothing is changed on the Hub.
 *
 * <pre>{@code
 * try (HubConnection hub = HubConnection.open(settings)) {
 *   Publisher p = new Publisher(catalog, hub.client(), hub.endpoint());
 *   PublishResult r = p.publish("iris", PublishOptions.defaults());
 * }
 * }</pre>
 */
public final class Publisher {
    private final Catalog catalog;
    private final HubClient hub;
    private final String endpoint;
    private final Clock clock;

    /**
     * @param endpoint the Hub as configured ({@code https://huggingface.co}, {@code http://host:port}
     *     or {@code file:DIR}): what entries record and what URLs are built on
     */
    public Publisher(Catalog catalog, HubClient hub, String endpoint) {
        this(catalog, hub, endpoint, Clock.systemUTC());
    }

    Publisher(Catalog catalog, HubClient hub, String endpoint, Clock clock) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.endpoint = new HubEndpoint(endpoint).url();
        this.clock = clock;
    }

    /** The Hub this publisher writes to, as configured. */
    public String endpoint() {
        return endpoint;
    }

    /** The repo's page: {@code <endpoint>/datasets/<org>/<nickname>}. */
    public String repoUrl(RepoId repo) {
        return new HubEndpoint(endpoint).repoUrl(repo);
    }

    /**
     * The entry's files against its repo (two requests: the head, then the tree at that head).
     *
     * @throws InvalidInputException when the entry cannot be turned into repo files (no loader)
     */
    public RepoComparison compare(CatalogEntry entry) {
        return compare(entry.repoId(), RepoFiles.of(catalog, entry));
    }

    /** {@code files} against the repo {@code repo} at its head; {@link RepoComparison#noRepo} if it does not exist. */
    public RepoComparison compare(RepoId repo, RepoFiles files) {
        String head;
        try {
            head = hub.headOf(repo, "main");
        } catch (RepoNotFoundException e) {
            return files.againstNoRepo();
        }
        // read at the head, not at "main": the comparison describes one commit even if main moves
        return files.againstRepo(hub, repo, head);
    }

    /**
     * Whether the commit {@code entry} records as its publication on this Hub still holds {@code
     * files}, the entry's repo files as they are now, given that the repo holds them at {@code head}:
     * true when it is the head, or an earlier commit holding them (others committed other files
     * since, e.g. data). False when the entry changed after that commit and a later one brought the
     * change without being recorded (a run stopped between its commit and writing the entry), or
     * the recorded commit is not in the repo: then {@code head} is the commit to record.
     */
    public static boolean recordHolds(HubClient hub, CatalogEntry entry, RepoFiles files, String head) {
        String recorded = entry.published().map(Published::commit).orElse(null);
        if (recorded == null || recorded.equals(head)) {
            return recorded != null;
        }
        try {
            return files.againstRepo(hub, entry.repoId(), recorded).agrees();
        } catch (RevisionNotFoundException gone) {
            return false;
        }
    }

    /**
     * Publishes the catalog entry {@code nickname}: one commit with its files, none if the repo
     * already holds them, and records the commit in the entry.
     *
     * @throws InvalidInputException when there is no such entry, or it has no loader to publish
     * @throws ConflictException when the repo holds another dataset's files (nothing changed)
     */
    public PublishResult publish(String nickname, PublishOptions options) {
        CatalogEntry recorded = catalog.read(nickname)
                .orElseThrow(() -> new InvalidInputException("no catalog entry '" + nickname + "' under "
                        + catalog.root() + "; catalog it first with 'huggingnersc catalog-new-dataset'"));
        CatalogEntry entry = recorded;
        RepoFiles files = RepoFiles.of(catalog, entry);
        Optional<String> org =
                options.org().filter(o -> !o.equals(recorded.repoId().namespace()));
        if (org.isPresent()) {
            // --org: the entry moves to <org>/<nickname>; its croissant.json names the repo, so it follows
            entry = entry.movedTo(new RepoId(org.get(), nickname), endpoint);
            if (files.files().containsKey(RepoFiles.CROISSANT)) {
                files = files.with(
                        RepoFiles.CROISSANT, CroissantDocument.render(entry).getBytes(StandardCharsets.UTF_8));
            }
        }
        return publish(entry, files, compare(entry.repoId(), files), options);
    }

    /**
     * Publishes {@code entry}, whose repo files and their comparison with the repo are already known
     * (so that a caller who checked the repo before writing the entry does not ask twice).
     */
    public PublishResult publish(CatalogEntry entry, RepoFiles files, RepoComparison known, PublishOptions options) {
        RepoId repo = entry.repoId();
        RepoComparison c = known;
        if (c.agrees()) {
            return alreadyPublished(entry, files, c.head());
        }
        boolean created = false;
        if (!c.repoExists() && options.commit().createPr()) {
            throw new InvalidInputException(
                    "--create-pr: " + repo + " does not exist on " + endpoint + " yet, and a pull "
                            + "request needs a repo to propose to; publish it without --create-pr (as a member of "
                            + repo.namespace()
                            + " with write access), then propose changes with --create-pr");
        }
        if (!c.repoExists()) {
            try {
                hub.createRepo(repo, options.isPrivate(), false);
                created = true;
            } catch (HubConflictException someoneWasFaster) {
                c = compare(repo, files);
                if (c.agrees()) {
                    return alreadyPublished(entry, files, c.head());
                }
            }
        }
        if (c.repoExists()) {
            requireOurs(entry, c);
        }
        byte[] entryCard = files.content(RepoFiles.README);
        if (c.differing().contains(RepoFiles.README)) {
            // the repo's card may hold what others added (configs from upload-data, a colleague's text): keep it
            RepoCard onHub = RepoCard.read(hub, repo, c.head(), "upload-dataset");
            byte[] merged = onHub.mergedText(entryCard(entry, entryCard)).getBytes(StandardCharsets.UTF_8);
            files = files.with(RepoFiles.README, merged);
            c = c.with(RepoFiles.README, Arrays.equals(merged, onHub.text().getBytes(StandardCharsets.UTF_8)));
            if (c.agrees()) {
                return alreadyPublished(entry, files, c.head());
            }
        }
        // a repo that holds none of our files is new to the entry: its first publication
        boolean first = !c.repoExists() || c.missing().size() == files.paths().size();
        CommitRequest request = new CommitRequest(
                "main",
                options.commit()
                        .messageOr((first ? "Catalog " : "Update ") + entry.nickname() + " from NERSC (huggingnersc)"),
                options.commit()
                        .descriptionOr("Data at NERSC: " + entry.dataPath().orElse("not recorded") + "\nCatalog entry: "
                                + catalog.dir(entry.nickname()) + "/\n"),
                Optional.ofNullable(c.head()),
                options.commit().createPr(),
                files.additions());
        CommitInfo commit = hub.commit(repo, request);
        if (options.commit().createPr()) {
            // proposed, not published: main is unchanged, so the entry keeps its record until the PR is merged
            return new PublishResult(
                    entry,
                    PublishResult.Status.PULL_REQUEST_OPENED,
                    endpoint,
                    repoUrl(repo),
                    commit.oid(),
                    commit.pullRequestUrl(),
                    false);
        }
        keepAsCommitted(entry, files);
        CatalogEntry recorded = record(entry, commit.oid());
        return new PublishResult(
                recorded,
                PublishResult.Status.COMMITTED,
                endpoint,
                repoUrl(repo),
                commit.oid(),
                commitUrl(repo, commit.oid()),
                created);
    }

    /** The entry's own card, to merge onto the repo's. */
    private DatasetCard entryCard(CatalogEntry entry, byte[] readme) {
        try {
            return DatasetCard.parse(new String(readme, StandardCharsets.UTF_8));
        } catch (InvalidInputException broken) {
            throw new InvalidInputException("catalog entry " + catalog.dir(entry.nickname()) + "/README.md: "
                    + broken.getMessage()
                    + "; its card cannot be merged onto the repo's: fix it, or render it again with "
                    + "'huggingnersc update-dataset " + entry.nickname() + "'");
        }
    }

    /**
     * The entry keeps its card as committed (merged onto the repo's, as update-dataset keeps it), and
     * the croissant.json of the repo it moved to: each where it differs from the entry's own.
     */
    private void keepAsCommitted(CatalogEntry entry, RepoFiles committed) {
        Path dir = catalog.dir(entry.nickname());
        for (String name : List.of(RepoFiles.README, RepoFiles.CROISSANT)) {
            if (!committed.files().containsKey(name)) {
                continue;
            }
            byte[] bytes = committed.content(name);
            try {
                if (Files.isRegularFile(dir.resolve(name))
                        && Arrays.equals(Files.readAllBytes(dir.resolve(name)), bytes)) {
                    continue;
                }
            } catch (IOException unreadable) {
                // written again below
            }
            catalog.recordFile(entry.nickname(), name, new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /**
     * The result of publishing an entry that is already published (on any hub) when its repo here
     * agrees: no commit and nothing written, the entry's record kept as it is. Empty otherwise. What
     * re-running {@code catalog-new-dataset} uses, so that it never rewrites the record of an
     * entry uploaded elsewhere since.
     */
    public Optional<PublishResult> alreadyPublished(CatalogEntry entry, RepoComparison c) {
        if (!entry.isPublished() || !c.agrees()) {
            return Optional.empty();
        }
        return Optional.of(new PublishResult(
                entry,
                PublishResult.Status.ALREADY_PUBLISHED,
                endpoint,
                repoUrl(entry.repoId()),
                c.head(),
                commitUrl(entry.repoId(), c.head()),
                false));
    }

    /**
     * Throws unless the existing repo is this entry's to write: it holds nothing but files identical
     * to ours (a new repo, or an interrupted attempt), or its {@code nersc.json} names this entry, or
     * (for an entry of the earlier tool, which wrote no nersc.json) its card's {@code pretty_name} is
     * the entry's.
     *
     * @throws ConflictException otherwise; nothing has been changed on the Hub
     */
    public void requireOurs(CatalogEntry entry, RepoComparison c) {
        if (!c.repoExists() || c.holdsOnlyOurs()) {
            return;
        }
        RepoId repo = entry.repoId();
        String dir = catalog.dir(entry.nickname()) + "/";
        String why;
        if (!c.missing().contains(NerscJson.PATH)) {
            Optional<NerscJson.Link> link = NerscJson.linkIn(hub.readFile(repo, c.head(), NerscJson.PATH));
            if (link.isPresent() && link.get().names(entry.nickname(), dir)) {
                return;
            }
            why = link.map(l -> "its nersc.json names the entry '" + l.nickname() + "' at " + l.catalogEntry())
                    .orElse("its nersc.json is not HuggingNERSC's");
        } else if (entry.origin() == CatalogEntry.Origin.EARLIER_TOOL
                && !c.missing().contains(RepoFiles.README)) {
            Object name = prettyName(hub.readFile(repo, c.head(), RepoFiles.README));
            if (entry.metadata().prettyName().equals(name)) {
                return;
            }
            why = "its card's pretty_name is " + (name == null ? "missing" : "'" + name + "'") + ", not '"
                    + entry.metadata().prettyName() + "'";
        } else {
            List<String> theirs = new ArrayList<>(c.extra());
            theirs.addAll(c.differing());
            why = "it holds files that are not this entry's ("
                    + String.join(", ", theirs.subList(0, Math.min(5, theirs.size())))
                    + (theirs.size() > 5 ? ", ..." : "") + ") and no nersc.json naming it";
        }
        throw new ConflictException("the Hub repo " + repo + " (" + repoUrl(repo) + ") already exists and is not the "
                + "catalog entry '" + entry.nickname() + "' at " + dir + ": " + why
                + "; nothing was changed on the Hub; "
                + "publish it under another organization (--org ORG) or remove that repo first");
    }

    private static Object prettyName(byte[] readme) {
        try {
            return DatasetCard.parse(new String(readme, StandardCharsets.UTF_8))
                    .frontMatter()
                    .get("pretty_name");
        } catch (InvalidInputException brokenYaml) {
            return null;
        }
    }

    private PublishResult alreadyPublished(CatalogEntry entry, RepoFiles files, String head) {
        keepAsCommitted(entry, files); // the repo's card, merged: it may hold what others added
        // already recorded for this Hub: nothing to write, even if others committed other files since
        CatalogEntry now = sameEndpoint(entry) && recordHolds(hub, entry, files, head) ? entry : record(entry, head);
        String commit = now.published().map(p -> p.commit()).orElse(head);
        return new PublishResult(
                now,
                PublishResult.Status.ALREADY_PUBLISHED,
                endpoint,
                repoUrl(entry.repoId()),
                commit,
                commitUrl(entry.repoId(), commit),
                false);
    }

    private boolean sameEndpoint(CatalogEntry entry) {
        return HubEndpoint.sameHub(entry.endpoint(), endpoint);
    }

    private CatalogEntry record(CatalogEntry entry, String commit) {
        return catalog.recordPublished(
                entry.nickname(),
                entry.repoId(),
                endpoint,
                commit,
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    }

    private String commitUrl(RepoId repo, String oid) {
        return new HubEndpoint(endpoint).commitUrl(repo, oid);
    }
}
