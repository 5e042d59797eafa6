package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.CatalogResult;
import gov.nersc.huggingnersc.DryRun;
import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.NewDataset;
import gov.nersc.huggingnersc.Preview;
import gov.nersc.huggingnersc.catalog.CatalogEntry;
import gov.nersc.huggingnersc.catalog.DataScan;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.publish.PublishOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code catalog-new-dataset}: the earlier tool's command line, writing a complete catalog entry. */
@Command(
    name = "catalog-new-dataset",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Catalog a dataset: validate the inputs, write its catalog entry <catalog root>/NICKNAME/ "
          + "(README.md card, notebook, loader and batch scripts, croissant.json, NICKNAME_info.json) atomically, then publish "
          + "it in one commit to the Hub repo ORG/NICKNAME (README.md, scripts, croissant.json, nersc.json).",
      "Without a token or --endpoint it publishes to the embedded local hub ($HUGGINGNERSC_HOME/hub). "
          + "If publishing fails the entry stays, unpublished: run the same command again, or upload-dataset.",
      "Running it again with the same input changes nothing; with different input it exits 3 "
          + "(use update-dataset). A Hub repo holding another dataset is a conflict too (exit 3).",
      ""
    },
    footer = {
      "",
      "Example:",
      "  huggingnersc catalog-new-dataset Iris iris examples/iris/iris_loader.py \\",
      "      examples/iris/data/ none examples/iris/iris_metadata.json"
    })
public final class CatalogNewDatasetCommand extends BaseCommand {
  /** The notice after --no-push, for a nickname. */
  static String notPublishedNotice(String nickname) {
    return "not published (--no-push); publish it later with 'huggingnersc upload-dataset " + nickname + "'";
  }

  @Parameters(index = "0", paramLabel = "OFFICIAL_NAME", description = "The dataset's full name, e.g. \"Iris\".")
  String officialName;

  @Parameters(index = "1", paramLabel = "NICKNAME",
      description = "Short name: the entry's folder and the Hub repo's name (A-Z a-z 0-9 . _ -, at most 96).")
  String nickname;

  @Parameters(index = "2", paramLabel = "LOADER_SCRIPT", description = "The Python file that loads the data.")
  Path loaderScript;

  @Parameters(index = "3", paramLabel = "DATA_PATH",
      description = "Where the data lives at NERSC ($CFS, /dvs_ro and /global/cfs/projectdirs spellings are "
          + "normalised to /global/cfs/cdirs).")
  String dataPath;

  @Parameters(index = "4", paramLabel = "DOWNLOAD_LINK",
      description = "Public download link: an http(s) URL, \"auto\" (derived from a www path) or \"none\".")
  String downloadLink;

  @Parameters(index = "5", paramLabel = "METADATA_JSON",
      description = "The metadata file (datacard_tags + other_info); see validate-metadata.")
  Path metadataJson;

  @Parameters(index = "6", arity = "0..1", paramLabel = "BATCH_SCRIPT",
      description = "A Slurm batch script that runs the loader (\"\" or \"none\" for none).")
  String batchScriptArgument;

  @Parameters(index = "7", arity = "0..1", paramLabel = "IS_DISTRIBUTED",
      description = "true/false, yes/no or 1/0: a distributed loader gets no notebook.")
  String isDistributed;

  @Option(names = "--batch-script", paramLabel = "FILE", description = "Same as BATCH_SCRIPT.")
  Path batchScriptOption;

  @Option(names = "--distributed", description = "Same as IS_DISTRIBUTED=true.")
  boolean distributed;

  @Option(names = "--no-push",
      description = "Write the catalog entry only; do not publish it (later: upload-dataset NICKNAME).")
  boolean noPush;

  @Option(names = "--private", description = "Create the Hub repo private (an existing repo keeps its visibility).")
  boolean isPrivate;

  @Option(names = "--dry-run",
      description = "Render the entry into a temporary folder (or --output DIR), print where, touch nothing else.")
  boolean dryRun;

  @Option(names = "--output", paramLabel = "DIR",
      description = "With --dry-run (implied): render the entry's files into DIR instead.")
  Path output;

  @Option(names = "--preview",
      description = "With --dry-run (implied): serve the rendered entry on a local hub as it would be published "
          + "(see the preview command; --screenshot, --no-wait and --no-browser apply).")
  boolean preview;

  @Mixin PreviewOptions previewOptions;

  @Mixin SampleOptions sampleOptions;

  @Option(names = "--no-data-check",
      description = "Do not check that DATA_PATH exists (cataloging a NERSC path from another machine); "
          + "implies --no-scan.")
  boolean noDataCheck;

  @Option(names = "--no-scan",
      description = "Do not scan DATA_PATH. By default a new entry records what is there (files, bytes, "
          + "formats) in its card and info JSON; a re-run keeps the recorded scan.")
  boolean noScan;

  @Override
  public Integer call() {
    NewDataset request = new NewDataset(officialName, nickname, loaderScript, dataPath, downloadLink, metadataJson,
        batchScript(), isDistributed(), !noDataCheck, !noDataCheck && !noScan);
    HuggingNersc api = sampleOptions.apply(api())
        .withScanProgress(TerminalProgress.forTerminal(err(), root().quiet(), "scanned"));
    if (!preview && previewOptions.given()) {
      throw new InvalidInputException("--screenshot, --no-wait and --no-browser go with --preview; add --preview "
          + "or leave them out");
    }
    if (preview) {
      previewOptions.checkScreenshot(root().env());
    }
    if (dryRun || output != null || preview) {
      DryRun result = api.dryRun(request, Optional.ofNullable(output));
      result.warnings().forEach(w -> notice("warning: " + w));
      if (preview) {
        try (Preview p = api.preview(result)) {
          return previewOptions.show(this, p, root().env());
        }
      }
      printDryRun(result);
      return ExitCodes.OK;
    }
    CatalogResult result = noPush ? api.catalogNewDataset(request)
        : api.catalogNewDataset(request, new PublishOptions(isPrivate));
    result.warnings().forEach(w -> notice("warning: " + w));
    printResult(result, api.catalog().files(result.entry().nickname()));
    if (noPush) {
      notice(notPublishedNotice(result.entry().nickname()));
    } else {
      Publication.embeddedNotice(settings(), result.entry().nickname()).ifPresent(this::notice);
    }
    return ExitCodes.OK;
  }

  private Optional<Path> batchScript() {
    boolean positional = batchScriptArgument != null && !batchScriptArgument.isBlank()
        && !batchScriptArgument.strip().equalsIgnoreCase("none");
    if (positional && batchScriptOption != null) {
      throw new InvalidInputException("BATCH_SCRIPT " + batchScriptArgument + " and --batch-script "
          + batchScriptOption + ": give the batch script once");
    }
    return positional ? Optional.of(Path.of(batchScriptArgument)) : Optional.ofNullable(batchScriptOption);
  }

  private boolean isDistributed() {
    if (isDistributed == null) {
      return distributed;
    }
    boolean value = switch (isDistributed.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new InvalidInputException("IS_DISTRIBUTED '" + isDistributed
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
      json.put("publication", r.publication().map(p -> Publication.json(p, settings())).orElse(null));
      printJson(json);
      return;
    }
    out().println(unchanged ? e.nickname() + ": already cataloged, unchanged" : "Cataloged " + e.nickname() + ".");
    if (r.publication().isPresent()) {
      printLocations(e, r.where(), "NERSC location:", false);
      Publication.print(out(), r.publication().get(), settings());
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
    out().println("Dry run: rendered the entry of " + r.entry().nickname() + " into " + r.where()
        + "/ (nothing else was touched)");
    out().println("  files:          " + String.join(", ", r.files()));
    printLocations(r.entry(), r.catalogDir(), "would go to:", true);
    out().flush();
  }

  private void printLocations(CatalogEntry e, Path where, String locationLabel, boolean hubUrl) {
    out().printf("  %-15s %s/%n", locationLabel, where);
    out().printf("  %-15s %s%n", "data path:", e.dataPath());
    e.scan().ifPresent(s -> out().printf("  %-15s %,d %s, %s%s%n", "data:", s.files(), s.files() == 1 ? "file" : "files",
        HumanBytes.format(s.bytes()),
        s.formats().isEmpty() ? "" : " (" + String.join(", ", s.formats()) + ")"));
    out().printf("  %-15s %s%n", "download link:", e.downloadLink().orElse("none (not public)"));
    if (hubUrl) {
      out().printf("  %-15s %s%s%n", "Hub URL:", e.hubUrl(), e.isPublished() ? "" : " (not published yet)");
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
    json.put("data_path", e.dataPath());
    json.put("download_link", e.downloadLink().orElse(null));
    json.put("repo_id", e.repoId().toString());
    json.put("hub_url", e.hubUrl());
    json.put("published", e.published().map(p -> Map.of("commit", p.commit(), "time", p.time().toString()))
        .orElse(null));
    json.put("scan", e.scan().map(CatalogNewDatasetCommand::scanJson).orElse(null));
    return json;
  }
}
