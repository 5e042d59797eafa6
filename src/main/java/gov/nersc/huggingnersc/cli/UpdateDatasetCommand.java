package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.CommitOptions;
import gov.nersc.huggingnersc.api.DatasetUpdate;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.UpdateOptions;
import gov.nersc.huggingnersc.api.UpdateResult;
import gov.nersc.huggingnersc.api.UpdateResult.HubChange;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code update-dataset NICKNAME}: change an entry and its Hub repo in one commit, the card merged. */
@Command(
        name = "update-dataset",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Change a catalog entry and, when it is published, its Hub repo in one commit. The card is merged onto "
                    + "the repo's: front-matter keys and text that others added on the Hub stay.",
            "Every change is validated first (as catalog-new-dataset does); nothing is written when one is wrong. "
                    + "Running it again with the same values changes nothing.",
            "With no change given, it refreshes the entry from its data: scans and lists it again and renders the "
                    + "card, the sample and croissant.json anew (this also brings an entry of an earlier version or of "
                    + "the earlier tool to today's layout).",
            ""
        },
        footer = {
            "",
            "If someone commits to the repo meanwhile, the card is merged onto theirs and the commit retried once; "
                    + "if that fails too, it exits 3 and nothing is changed. Another process changing the same entry is "
                    + "waited for (up to 60 s, then exit 3), and this update starts from what it wrote.",
            "",
            "Examples:",
            "  huggingnersc update-dataset iris --official-name \"Iris flowers\" --dry-run",
            "  huggingnersc update-dataset iris --metadata iris_metadata.json \\",
            "      --loader iris_loader.py",
            "  huggingnersc update-dataset iris --sample-size 50MiB"
        })
public final class UpdateDatasetCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "NICKNAME", description = "The entry to change.")
    String nickname;

    @Option(
            names = "--metadata",
            paramLabel = "FILE",
            description = "A new metadata file (datacard_tags + other_info).")
    Path metadata;

    @Option(
            names = "--loader",
            paramLabel = "FILE",
            description =
                    "A new loader script; its file name becomes the loader's (an old name is removed from the repo).")
    Path loader;

    @Option(names = "--batch-script", paramLabel = "FILE", description = "A new Slurm batch script.")
    Path batchScript;

    @Option(names = "--no-batch-script", description = "Remove the entry's batch script.")
    boolean noBatchScript;

    @Option(
            names = "--official-name",
            paramLabel = "NAME",
            description =
                    "The dataset's new full name: the title users see, so the card's heading and pretty_name, the "
                            + "notebook and croissant.json's name all follow it (over a --metadata file's pretty_name).")
    String officialName;

    @Option(
            names = "--data-path",
            paramLabel = "PATH",
            description =
                    "Where the data now lives at NERSC. The download link is kept unless --download-link is given.")
    String dataPath;

    @Option(names = "--no-data-check", description = "Do not check that --data-path exists on this machine.")
    boolean noDataCheck;

    @Option(
            names = "--download-link",
            paramLabel = "LINK",
            description =
                    "A new public download link: an http(s) URL, \"auto\" (derived from a www data path) or \"none\".")
    String downloadLink;

    @Option(
            names = "--distributed",
            negatable = true,
            description =
                    "The loader is (--distributed) or is not (--no-distributed) distributed; a distributed loader "
                            + "gets no notebook.")
    Boolean distributed;

    @Option(
            names = "--repo-id",
            paramLabel = "NS/NAME",
            description = "The entry's Hub repo after it was renamed on the Hub (move_repo): the entry, its card and "
                    + "its links follow, and the commit goes to that repo.")
    String repoId;

    @Option(
            names = "--dry-run",
            description = "Print a unified diff of what would change in the entry and the repo; change nothing.")
    boolean dryRun;

    @Option(names = "--no-push", description = "Change the catalog entry only, not the Hub repo.")
    boolean noPush;

    @Option(
            names = "--no-scan",
            description = "Do not scan the data path again: keep the recorded scan (dropped when --data-path changes).")
    boolean noScan;

    @Mixin
    SampleOptions sampleOptions;

    @Mixin
    CommitFlags commitOptions;

    @Option(
            names = "--create-pr",
            description = "Propose the change to the Hub repo in a pull request instead of "
                    + "committing to main (for a steward who may not write to the organization's repos); the entry is updated, "
                    + "and keeps the publication it records until the pull request is merged.")
    boolean createPr;

    @Override
    public Integer call() {
        if (noPush) {
            commitOptions.refuseWithout("--no-push");
            if (createPr) {
                throw new InvalidInputException(
                        "--create-pr with --no-push: nothing is proposed to the Hub; drop one of them");
            }
        }
        CommitOptions words = commitOptions.text(createPr);
        DatasetUpdate changes = new DatasetUpdate(
                Optional.ofNullable(officialName),
                Optional.ofNullable(metadata),
                Optional.ofNullable(loader),
                Optional.ofNullable(batchScript),
                noBatchScript,
                Optional.ofNullable(dataPath),
                !noDataCheck,
                Optional.ofNullable(downloadLink),
                Optional.ofNullable(distributed),
                newRepoId());
        UpdateResult r = sampleOptions
                .apply(api())
                .withScanProgress(TerminalProgress.forTerminal(err(), root().quiet(), "scanned"))
                .update(nickname, changes, new UpdateOptions(dryRun, !noPush, !noScan, words));
        r.warnings().forEach(w -> notice("warning: " + w));
        if (root().json()) {
            printJson(toJson(r));
        } else if (r.status() == UpdateResult.Status.DRY_RUN) {
            out().print(r.diff());
            out().flush();
            notice(r.diff().isEmpty() ? "dry run: nothing would change" : "dry run: nothing was changed");
        } else if (root().quiet()) {
            // only the result: the repo's page when the Hub holds the change, else the entry's folder
            CatalogEntry e = r.entry();
            boolean onHub = r.hub() == HubChange.COMMIT || r.hub() == HubChange.NONE_NEEDED;
            out().println(
                            r.hub() == HubChange.PULL_REQUEST
                                    ? Publication.browsable(r.commitUrl().orElse(""), e.endpoint())
                                    : onHub
                                            ? Publication.browsable(e.hubUrl().replaceFirst("/$", ""), e.endpoint())
                                            : r.where().toString());
            out().flush();
        } else {
            printSummary(r);
        }
        hubNotice(r).ifPresent(this::notice);
        return ExitCodes.OK;
    }

    private Optional<RepoId> newRepoId() {
        try {
            return Optional.ofNullable(repoId).map(RepoId::parse);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--repo-id: " + e.getMessage());
        }
    }

    private void printSummary(UpdateResult r) {
        CatalogEntry e = r.entry();
        if (r.status() == UpdateResult.Status.UNCHANGED) {
            out().println(e.nickname() + ": already up to date, nothing changed");
            out().flush();
            return;
        }
        out().println("Updated " + e.nickname() + ".");
        out().printf(
                        "  %-15s %s/ (changed: %s)%n",
                        "NERSC location:",
                        r.where(),
                        r.entryFiles().isEmpty()
                                ? "nothing but the publication record"
                                : String.join(", ", r.entryFiles()));
        if (r.hub() == HubChange.COMMIT) {
            out().printf("  %-15s %s (changed: %s)%n", "Hub repo:", e.repoId(), String.join(", ", r.repoFiles()));
            out().printf(
                            "  %-15s %s%n",
                            "commit:", Publication.browsable(r.commitUrl().orElse(""), e.endpoint()));
            Publication.printServe(out(), e.endpoint());
        } else if (r.hub() == HubChange.PULL_REQUEST) {
            out().printf("  %-15s %s (proposed: %s)%n", "Hub repo:", e.repoId(), String.join(", ", r.repoFiles()));
            out().printf(
                            "  %-15s %s%n",
                            "pull request:", Publication.browsable(r.commitUrl().orElse(""), e.endpoint()));
            Publication.printServe(out(), e.endpoint());
        } else if (r.hub() == HubChange.NONE_NEEDED) {
            out().printf("  %-15s %s (already holds these files, no commit)%n", "Hub repo:", e.repoId());
        }
        out().flush();
    }

    private Optional<String> hubNotice(UpdateResult r) {
        CatalogEntry e = r.entry();
        String entryOnly = r.status() == UpdateResult.Status.DRY_RUN
                ? "the update would change the entry only"
                : "updated the entry only";
        return switch (r.hub()) {
            case NOT_PUBLISHED ->
                Optional.of(e.nickname() + " was never published, so " + entryOnly
                        + "; publish it with 'huggingnersc upload-dataset " + e.nickname() + "'");
            case NOT_PUSHED ->
                Optional.of("--no-push: " + entryOnly + "; the Hub repo " + e.repoId()
                        + " keeps its files until 'huggingnersc upload-dataset " + e.nickname() + "'");
            case PUBLISHED_ELSEWHERE ->
                Optional.of(e.nickname() + " is published on " + e.endpoint() + ", not on "
                        + settings().endpoint() + ", so " + entryOnly + "; run again with --endpoint " + e.endpoint()
                        + " to change that repo too");
            case PULL_REQUEST ->
                Optional.of("main is unchanged until the pull request is merged; then "
                        + "'huggingnersc upload-dataset " + e.nickname() + "' records the publication");
            case COMMIT, NONE_NEEDED ->
                r.retried()
                        ? Optional.of("note: someone committed to " + e.repoId()
                                + " meanwhile; the card was merged onto theirs " + "and committed again")
                        : Optional.empty();
        };
    }

    private static Map<String, Object> toJson(UpdateResult r) {
        CatalogEntry e = r.entry();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nickname", e.nickname());
        json.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        json.put("nersc_location", r.where() + "/");
        json.put("entry_files_changed", r.entryFiles());
        json.put("repo_id", e.repoId().toString());
        json.put("hub", r.hub().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        json.put("repo_files_changed", r.repoFiles());
        json.put("commit", r.commit().orElse(null));
        json.put("commit_url", r.commitUrl().orElse(null));
        json.put("retried", r.retried());
        json.put(
                "published",
                e.published()
                        .map(p -> Map.of("commit", p.commit(), "time", p.time().toString()))
                        .orElse(null));
        if (r.status() == UpdateResult.Status.DRY_RUN) {
            json.put("diff", r.diff());
        }
        return json;
    }
}
