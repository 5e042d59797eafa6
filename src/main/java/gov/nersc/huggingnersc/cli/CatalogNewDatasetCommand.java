package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.Preview;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.CatalogResult;
import gov.nersc.huggingnersc.api.CommitOptions;
import gov.nersc.huggingnersc.api.DataScan;
import gov.nersc.huggingnersc.api.DryRun;
import gov.nersc.huggingnersc.api.NewDataset;
import gov.nersc.huggingnersc.api.PublishOptions;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code catalog-new-dataset}: the earlier tool's two command lines (see {@link CatalogArguments}),
 * writing a complete catalog entry.
 */
@Command(
        name = "catalog-new-dataset",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        customSynopsis = {
            "huggingnersc catalog-new-dataset [OPTIONS] OFFICIAL_NAME NICKNAME",
            "         LOADER_SCRIPT METADATA_JSON [BATCH_SCRIPT] [IS_DISTRIBUTED]",
            "   or: huggingnersc catalog-new-dataset [OPTIONS] OFFICIAL_NAME NICKNAME",
            "         LOADER_SCRIPT DATA_PATH DOWNLOAD_LINK METADATA_JSON [BATCH_SCRIPT]",
            "         [IS_DISTRIBUTED]",
            ""
        },
        description = {
            "Catalog a dataset: validate the inputs, write its catalog entry <catalog root>/NICKNAME/ "
                    + "(README.md card, notebook, loader and batch scripts, croissant.json, NICKNAME_info.json) atomically, then publish "
                    + "it in one commit to the Hub repo ORG/NICKNAME (README.md, scripts, croissant.json, nersc.json).",
            "Without a token or --endpoint it publishes to the embedded local hub ($HUGGINGNERSC_HOME/hub). "
                    + "If publishing fails the entry stays, unpublished: run the same command again, or upload-dataset.",
            "A token alone never sends a new dataset to huggingface.co: its first publish there needs --endpoint "
                    + "https://huggingface.co (or HF_ENDPOINT, or the config file's endpoint), else exit 2. Before the first "
                    + "write one line on stderr says where it publishes and as whom.",
            "Running it again with the same input changes nothing; with different input it exits 3 "
                    + "(use update-dataset). A Hub repo holding another dataset is a conflict too (exit 3).",
            "",
            "Two forms, both the earlier tool's, told apart by the arguments after LOADER_SCRIPT: 1 or 2 are the "
                    + "short form (its README's), 4 or 5 the full one; of 3, a .json file first and a yes/no last are the "
                    + "short form. The short form gives the data path with --data-path, else it is the collection's data "
                    + "folder <catalog root's parent>/www/<catalog root's name>/NICKNAME/data/ (at NERSC "
                    + "/global/cfs/cdirs/dasrepo/www/ai_ready_datasets/NICKNAME/data/) when that exists, else none is "
                    + "recorded: the card says so, nothing is scanned, and manifest, verify and upload-data wait for "
                    + "'update-dataset NICKNAME --data-path PATH'. Its download link is --download-link, else derived "
                    + "as with \"auto\" from a data path under www, else none.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  huggingnersc catalog-new-dataset Iris iris examples/iris/iris_loader.py \\",
            "      examples/iris/iris_metadata.json --data-path examples/iris/data/",
            "  huggingnersc catalog-new-dataset Iris iris examples/iris/iris_loader.py \\",
            "      examples/iris/data/ none examples/iris/iris_metadata.json"
        })
public final class CatalogNewDatasetCommand extends BaseCommand {
    /** The notice after --no-push, for a nickname. */
    static String notPublishedNotice(String nickname) {
        return "not published (--no-push); publish it later with 'huggingnersc upload-dataset " + nickname + "'";
    }

    @Parameters(
            index = "0",
            paramLabel = "OFFICIAL_NAME",
            description = "The dataset's full name, e.g. \"Iris\": the card's heading (its pretty_name stays the "
                    + "metadata's, with a warning when they differ).")
    String officialName;

    @Parameters(
            index = "1",
            paramLabel = "NICKNAME",
            description = "Short name: the entry's folder and the Hub repo's name (A-Z a-z 0-9 . _ -, at most 96).")
    String nickname;

    @Parameters(index = "2", paramLabel = "LOADER_SCRIPT", description = "The Python file that loads the data.")
    Path loaderScript;

    // CatalogArguments tells the two forms apart
    @Parameters(
            index = "3..*",
            arity = "0..*",
            paramLabel = "ARGUMENTS",
            description = {
                "Short form: " + CatalogArguments.SHORT_FORM + "; full form: " + CatalogArguments.FULL_FORM + ".",
                "DATA_PATH: where the data lives at NERSC ($CFS, /dvs_ro and /global/cfs/projectdirs spellings are "
                        + "normalised to /global/cfs/cdirs).",
                "DOWNLOAD_LINK: public download link: an http(s) URL, \"auto\" (derived from a www path) or \"none\".",
                "METADATA_JSON: the metadata file (datacard_tags + other_info); see validate-metadata.",
                "BATCH_SCRIPT: a Slurm batch script that runs the loader (\"\" or \"none\" for none).",
                "IS_DISTRIBUTED: true/false, yes/no or 1/0: a distributed loader gets no notebook."
            })
    List<String> rest = new ArrayList<>();

    @Option(
            names = "--data-path",
            paramLabel = "DATA_PATH",
            description = "The short form's DATA_PATH (the full form gives it as an argument).")
    String dataPathOption;

    @Option(
            names = "--download-link",
            paramLabel = "DOWNLOAD_LINK",
            description = "The short form's DOWNLOAD_LINK: an http(s) URL, \"auto\" or \"none\".")
    String downloadLinkOption;

    @Option(names = "--batch-script", paramLabel = "FILE", description = "Same as BATCH_SCRIPT.")
    Path batchScriptOption;

    @Option(names = "--distributed", description = "Same as IS_DISTRIBUTED=true.")
    boolean distributed;

    @Option(
            names = "--no-push",
            description = "Write the catalog entry only; do not publish it (later: upload-dataset NICKNAME).")
    boolean noPush;

    @Option(names = "--private", description = "Create the Hub repo private (an existing repo keeps its visibility).")
    boolean isPrivate;

    @Option(
            names = "--dry-run",
            description =
                    "Render the entry into a temporary folder (or --output DIR), print where, touch nothing else.")
    boolean dryRun;

    @Option(
            names = "--output",
            paramLabel = "DIR",
            description = "With --dry-run (implied): render the entry's files into DIR instead; DIR must be empty "
                    + "or new, unless --force.")
    Path output;

    @Option(
            names = "--force",
            description =
                    "With --output: render into DIR even if it holds files; files of the same names are replaced.")
    boolean force;

    @Option(
            names = "--preview",
            description = "With --dry-run (implied): serve the rendered entry on a local hub as it would be published "
                    + "(see the preview command; --screenshot, --no-wait and --no-browser apply).")
    boolean preview;

    @Mixin
    PreviewOptions previewOptions;

    @Mixin
    CommitFlags commitOptions;

    @Mixin
    SampleOptions sampleOptions;

    @Option(
            names = "--no-data-check",
            description = "Do not check that DATA_PATH exists (cataloging a NERSC path from another machine); "
                    + "implies --no-scan.")
    boolean noDataCheck;

    @Option(
            names = "--no-scan",
            description = "Do not scan DATA_PATH. By default a new entry records what is there (files, bytes, "
                    + "formats) in its card and info JSON; a re-run keeps the recorded scan.")
    boolean noScan;

    @Override
    public Integer call() {
        CatalogArguments args = CatalogArguments.of(rest);
        NewDataset request = NewDataset.builder()
                .officialName(officialName)
                .nickname(nickname)
                .loaderScript(loaderScript)
                .dataPath(once(args.dataPath(), dataPathOption, "DATA_PATH", "--data-path"))
                .downloadLink(once(args.downloadLink(), downloadLinkOption, "DOWNLOAD_LINK", "--download-link"))
                .metadataJson(args.metadataJson())
                .batchScript(batchScript(args.batchScript()))
                .distributed(isDistributed(args.isDistributed()))
                .checkData(!noDataCheck)
                .scan(!noDataCheck && !noScan)
                .build();
        HuggingNersc api = sampleOptions
                .apply(api())
                .withScanProgress(TerminalProgress.forTerminal(err(), root().quiet(), "scanned"));
        if (!preview && previewOptions.given()) {
            throw new InvalidInputException(
                    "--screenshot, --no-wait and --no-browser go with --preview; add --preview " + "or leave them out");
        }
        if (preview) {
            previewOptions.checkScreenshot(root().env());
        }
        if (noPush) {
            commitOptions.refuseWithout("--no-push");
        }
        CommitOptions words = commitOptions.text();
        if (force && output == null) {
            throw new InvalidInputException("--force goes with --output DIR (render into a folder that holds files); "
                    + "add --output DIR or leave --force out");
        }
        if (dryRun || output != null || preview) {
            DryRun result = api.dryRun(request, Optional.ofNullable(output), force);
            result.warnings().forEach(w -> notice("warning: " + w));
            if (preview) {
                try (Preview p = api.preview(result)) {
                    return previewOptions.show(this, p, root().env());
                }
            }
            printDryRun(result);
            return ExitCodes.OK;
        }
        CatalogResult result = noPush
                ? api.catalogNewDataset(request)
                : api.catalogNewDataset(request, new PublishOptions(isPrivate, Optional.empty(), words));
        result.warnings().forEach(w -> notice("warning: " + w));
        printResult(result, api.entryFileNames(result.entry().nickname()));
        if (noPush) {
            notice(notPublishedNotice(result.entry().nickname()));
        } else {
            Publication.embeddedNotice(settings(), result.entry().nickname()).ifPresent(this::notice);
        }
        return ExitCodes.OK;
    }

    /** A value given as an argument (the full form) or as an option (the short form), not both. */
    private static Optional<String> once(Optional<String> argument, String option, String label, String optionName) {
        if (argument.isPresent() && option != null) {
            throw new InvalidInputException(label + " " + argument.get() + " and " + optionName + " " + option
                    + ": give it once (" + optionName + " is for the short form, without " + label + ")");
        }
        return argument.or(() -> Optional.ofNullable(option));
    }

    private Optional<Path> batchScript(Optional<String> argument) {
        String batchScriptArgument = argument.orElse(null);
        boolean positional = batchScriptArgument != null
                && !batchScriptArgument.isBlank()
                && !batchScriptArgument.strip().equalsIgnoreCase("none");
        if (positional && batchScriptOption != null) {
            throw new InvalidInputException("BATCH_SCRIPT " + batchScriptArgument + " and --batch-script "
                    + batchScriptOption + ": give the batch script once");
        }
        return positional ? Optional.of(Path.of(batchScriptArgument)) : Optional.ofNullable(batchScriptOption);
    }

    private boolean isDistributed(Optional<String> argument) {
        if (argument.isEmpty()) {
            return distributed;
        }
        String isDistributed = argument.get();
        boolean value = switch (isDistributed.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default ->
                throw new InvalidInputException("IS_DISTRIBUTED '" + isDistributed
                        + "': not a yes/no value; allowed: true, false, yes, no, 1, 0");
        };
        if (distributed && !value) {
            throw new InvalidInputException("IS_DISTRIBUTED " + isDistributed + " contradicts --distributed; give one");
        }
        return value;
    }

    private void printResult(CatalogResult r, List<String> files) {
        CatalogEntry e = r.entry();
        boolean unchanged = r.status() == CatalogResult.Status.UNCHANGED;
        if (root().json()) {
            Map<String, Object> json = describe(e, r.where());
            json.put("status", unchanged ? "unchanged" : "new");
            json.put("files", files);
            json.put(
                    "publication",
                    r.publication().map(p -> Publication.json(p, settings())).orElse(null));
            printJson(json);
            return;
        }
        if (root().quiet()) {
            // only the result: where it can be seen, or where the entry is
            out().println(r.publication()
                    .map(p -> Publication.browsable(p.repoUrl(), p.endpoint()))
                    .orElse(r.where().toString()));
            out().flush();
            return;
        }
        out().println(unchanged ? e.nickname() + ": already cataloged, unchanged" : "Cataloged " + e.nickname() + ".");
        if (r.publication().isPresent()) {
            printLocations(e, r.where(), "NERSC location:", false);
            Publication.print(out(), r.publication().get());
        } else {
            printLocations(e, r.where(), "NERSC location:", true);
        }
        out().flush();
    }

    private void printDryRun(DryRun r) {
        if (root().json()) {
            Map<String, Object> json = describe(r.entry(), r.catalogDir());
            json.put("status", "dry-run");
            json.put("rendered_into", r.where().toString());
            json.put("files", r.files());
            printJson(json);
            return;
        }
        if (root().quiet()) {
            out().println(r.where());
            out().flush();
            return;
        }
        out().println("Dry run: rendered the entry of " + r.entry().nickname() + " into " + r.where()
                + "/ (nothing else was touched)");
        out().println("  files:          " + String.join(", ", r.files()));
        printLocations(r.entry(), r.catalogDir(), "would go to:", true);
        out().flush();
    }

    private void printLocations(CatalogEntry e, Path where, String locationLabel, boolean hubUrl) {
        out().printf("  %-15s %s/%n", locationLabel, where);
        out().printf("  %-15s %s%n", "data path:", e.dataPath().orElse(InspectDatasetCommand.noDataPath(e.nickname())));
        e.scan()
                .ifPresent(s -> out().printf(
                                "  %-15s %,d %s, %s%s%n",
                                "data:",
                                s.files(),
                                s.files() == 1 ? "file" : "files",
                                HumanBytes.format(s.bytes()),
                                s.formats().isEmpty() ? "" : " (" + String.join(", ", s.formats()) + ")"));
        out().printf("  %-15s %s%n", "download link:", e.downloadLink().orElse("none (not public)"));
        if (hubUrl) {
            out().printf(
                            "  %-15s %s%s%n",
                            "Hub URL:",
                            Publication.browsable(e.hubUrl(), e.endpoint()),
                            e.isPublished() ? "" : " (not published yet)");
            Publication.printServe(out(), e.endpoint());
        }
    }

    /** The scan as the info JSON keeps it. */
    static Map<String, Object> scanJson(DataScan s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", s.files());
        m.put("bytes", s.bytes());
        m.put("directories", s.directories());
        m.put("formats", s.formats());
        m.put("suggested_tags", s.suggestedTags());
        m.put("size_category", s.sizeCategory().orElse(null));
        m.put("scanned", s.scanned().toString());
        return m;
    }

    private static Map<String, Object> describe(CatalogEntry e, Path where) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nickname", e.nickname());
        json.put("official_name", e.officialName());
        json.put("nersc_location", where + "/");
        json.put("data_path", e.dataPath().orElse(null));
        json.put("download_link", e.downloadLink().orElse(null));
        json.put("repo_id", e.repoId().toString());
        json.put("hub_url", e.hubUrl());
        json.put(
                "published",
                e.published()
                        .map(p -> Map.of("commit", p.commit(), "time", p.time().toString()))
                        .orElse(null));
        json.put("scan", e.scan().map(CatalogNewDatasetCommand::scanJson).orElse(null));
        return json;
    }
}
