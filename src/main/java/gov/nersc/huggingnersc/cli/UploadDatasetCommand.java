package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.api.CommitOptions;
import gov.nersc.huggingnersc.api.PublishOptions;
import gov.nersc.huggingnersc.api.PublishOutcome;
import gov.nersc.huggingnersc.api.PublishResult;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code upload-dataset}: publishes entries already in the catalog. */
@Command(
        name = "upload-dataset",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Publish a catalog entry to its Hub repo ORG/NICKNAME in one commit (README.md, loader and batch "
                    + "scripts, croissant.json, nersc.json): an entry made with --no-push, left unpublished by a failure, written by the "
                    + "earlier tool (its loader is taken from its card), or published to another hub before.",
            "The card is merged onto the repo's, as update-dataset does: keys and text others added there (the configs "
                    + "of upload-data, a colleague's notes) stay, and the entry keeps the card as committed.",
            "No commit when the repo already holds identical files. A repo holding another dataset is a conflict "
                    + "(exit 3, nothing changed on the Hub).",
            "With --org ORG the entry is published under that organization instead, to ORG/NICKNAME, and then "
                    + "records that repo (HUGGINGNERSC_ORG and the config file do not move entries).",
            "An entry's first publish to huggingface.co needs --endpoint https://huggingface.co (or HF_ENDPOINT, or "
                    + "the config file's endpoint): a token alone does not choose it. One line on stderr says where it "
                    + "publishes and as whom.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  huggingnersc upload-dataset iris",
            "  # to huggingface.co, after 'huggingnersc login':",
            "  huggingnersc upload-dataset iris --endpoint https://huggingface.co",
            "  # to my-group/iris, which the entry then records:",
            "  huggingnersc upload-dataset iris --org my-group",
            "  # propose it to a repo of an org you cannot write to:",
            "  huggingnersc upload-dataset iris --create-pr",
            "  huggingnersc upload-dataset --all"
        })
public final class UploadDatasetCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NICKNAME", description = "The entry to publish.")
    String nickname;

    @Option(
            names = "--all",
            description = "Publish every entry of the catalog, continuing past failures " + "(exit 1 if any failed).")
    boolean all;

    @Mixin
    CommitFlags commitOptions;

    @Option(
            names = "--create-pr",
            description = "Open a pull request with the entry's files instead of committing to "
                    + "main, for a steward who may not write to the organization's repos; the entry records the publication once "
                    + "the pull request is merged and upload-dataset runs again. The repo must exist.")
    boolean createPr;

    @Option(names = "--private", description = "Create the Hub repo private (an existing repo keeps its visibility).")
    boolean isPrivate;

    @Override
    public Integer call() {
        if (all == (nickname != null)) {
            throw new InvalidInputException(
                    all
                            ? "NICKNAME " + nickname + " and --all: give one of them"
                            : "NICKNAME: missing; give the entry to publish, or --all");
        }
        CommitOptions words = commitOptions.text(createPr);
        HuggingNersc api = api();
        // only an explicit --org moves entries: HUGGINGNERSC_ORG and the config file name the org of new ones
        PublishOptions options = new PublishOptions(
                isPrivate, root().orgGiven().map(given -> settings().org()), words);
        if (!all) {
            PublishResult r = api.publish(nickname, options);
            if (root().json()) {
                printJson(Publication.json(r, settings()));
            } else if (root().quiet()) {
                out().println(Publication.browsable(
                        r.status() == PublishResult.Status.PULL_REQUEST_OPENED ? r.commitUrl() : r.repoUrl(),
                        r.endpoint()));
                out().flush();
            } else {
                out().println(
                                switch (r.status()) {
                                    case COMMITTED -> "Published " + nickname + ".";
                                    case ALREADY_PUBLISHED -> nickname + ": already published, unchanged";
                                    case PULL_REQUEST_OPENED ->
                                        "Proposed " + nickname
                                                + " in a pull request; main is unchanged until it is merged.";
                                });
                out().printf("  %-15s %s/%n", "NERSC location:", api.entryDir(nickname));
                Publication.print(out(), r);
                out().flush();
            }
            Publication.embeddedNotice(settings(), nickname).ifPresent(this::notice);
            return ExitCodes.OK;
        }
        List<PublishOutcome> outcomes = api.publishAll(options);
        if (root().json()) {
            printJson(outcomes.stream().map(this::json).toList());
        } else if (root().quiet()) {
            // the Hub URL of each entry published; failures are on stderr (exit 1)
            outcomes.forEach(o -> o.result()
                    .ifPresentOrElse(
                            r -> out().println(Publication.browsable(r.repoUrl(), r.endpoint())),
                            () -> err().println("error: " + o.nickname() + ": "
                                    + o.failure().orElseThrow().getMessage())));
            out().flush();
        } else {
            printTable(outcomes);
        }
        if (outcomes.stream().anyMatch(PublishOutcome::succeeded)) {
            Publication.embeddedNotice(settings(), "NICKNAME").ifPresent(this::notice);
        }
        return outcomes.stream().allMatch(PublishOutcome::succeeded) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private Map<String, Object> json(PublishOutcome o) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nickname", o.nickname());
        o.result().ifPresent(r -> json.putAll(Publication.json(r, settings())));
        o.failure().ifPresent(f -> {
            json.put("status", "failed");
            json.put("exit_code", ExitCodes.of(f.kind()));
            json.put("error", f.getMessage());
        });
        return json;
    }

    private void printTable(List<PublishOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            out().println("No entries under " + settings().catalogRoot() + "; nothing to publish.");
            out().flush();
            return;
        }
        int width = Math.max(
                "NICKNAME".length(),
                outcomes.stream().mapToInt(o -> o.nickname().length()).max().orElse(0));
        String row = "%-" + width + "s  %-17s  %s%n";
        out().printf(row, "NICKNAME", "RESULT", "COMMIT OR ERROR");
        List<String> failed = new ArrayList<>();
        for (PublishOutcome o : outcomes) {
            if (o.result().isPresent()) {
                PublishResult r = o.result().get();
                out().printf(
                                row,
                                o.nickname(),
                                r.status().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                                Publication.browsable(r.commitUrl(), r.endpoint()));
            } else {
                out().printf(
                                row,
                                o.nickname(),
                                "failed (exit "
                                        + ExitCodes.of(o.failure().orElseThrow().kind()) + ")",
                                o.failure().orElseThrow().getMessage());
                failed.add(o.nickname());
            }
        }
        out().printf(
                        "%d published, %d failed%s%n",
                        outcomes.size() - failed.size(),
                        failed.size(),
                        failed.isEmpty() ? "" : ": " + String.join(", ", failed));
        Publication.printServe(out(), settings().endpoint());
        out().flush();
    }
}
