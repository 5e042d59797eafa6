package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.DatasetUpdate;
import gov.nersc.huggingnersc.api.NewDataset;
import gov.nersc.huggingnersc.card.CardScripts;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.card.Script;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.DataScan;
import gov.nersc.huggingnersc.catalog.EntryFiles;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.croissant.CroissantDocument;
import gov.nersc.huggingnersc.croissant.TableColumns;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.layout.Inventory;
import gov.nersc.huggingnersc.layout.SamplePlan;
import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.metadata.MetadataFile;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import gov.nersc.huggingnersc.scan.DataFiles;
import gov.nersc.huggingnersc.scan.DataScanner;
import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.api.ScanSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what a user gives into the files of a catalog entry: every argument, file and metadata
 * field validated first (one message naming the argument, nothing written), then the entry
 * rendered. For {@code catalog-new-dataset} a new entry ({@link #render}); for {@code
 * update-dataset} the entry as it would become ({@link #revise}). Reads the catalog, never writes.
 */
final class EntryRenderer {
  private final Settings settings;
  private final Catalog catalog;
  private final Clock clock;
  private final ScanProgress.Listener scanProgress;
  private final long sampleBudget;
  private final Map<Path, DataScan> scans = new java.util.HashMap<>();
  private final Map<Path, DataFiles.Listed> listings = new java.util.HashMap<>();

  /** Data files whose hashes are not in a manifest are hashed while cataloging up to this many bytes. */
  static final long HASH_BUDGET = 256L << 20;

  EntryRenderer(Settings settings, Catalog catalog, Clock clock, ScanProgress.Listener scanProgress,
      long sampleBudget) {
    this.settings = settings;
    this.catalog = catalog;
    this.clock = clock;
    this.scanProgress = scanProgress;
    this.sampleBudget = sampleBudget;
  }

  // --- catalog-new-dataset: the new entry ---------------------------------------------------------

  /** An entry's files and the warnings (not errors) that validating its inputs gave. */
  record Rendered(EntryFiles files, List<String> warnings) {}

  /** Validates every argument and file, then renders the entry's files; writes nothing. */
  Rendered render(NewDataset r) {
    catalog.requireFolderRoot();
    String nickname = r.nickname() == null ? "" : r.nickname();
    String problem = RepoId.problemWithName(nickname);
    if (problem != null) {
      throw new InvalidInputException("NICKNAME '" + r.nickname() + "' " + problem);
    }
    requireNoOtherCase(nickname);
    String officialName = EntryTitle.checkOfficialName(r.officialName(), "OFFICIAL_NAME");
    String loaderCode = InputFile.readText(r.loaderScript(), "LOADER_SCRIPT", "the loader's Python code");
    String loaderName = scriptFileName(r.loaderScript(), "LOADER_SCRIPT", nickname);
    Optional<String> batchCode = r.batchScript()
        .map(b -> InputFile.readText(b, "BATCH_SCRIPT", "a Slurm batch script"));
    Optional<String> batchName = r.batchScript().map(b -> scriptFileName(b, "BATCH_SCRIPT", nickname));
    if (batchName.isPresent() && batchName.get().equals(loaderName)) {
      throw new InvalidInputException("BATCH_SCRIPT " + r.batchScript().get() + ": has the loader's file name "
          + loaderName + "; both are copied into the entry, so give them different names");
    }
    List<String> warnings = new ArrayList<>();
    Metadata metadata = readMetadata(r.metadataJson(), "METADATA_JSON", nickname, warnings);
    EntryTitle.mismatch(officialName, metadata, r.metadataJson(), nickname).ifPresent(warnings::add);
    Optional<String> dataPath = dataPath(r, nickname, warnings);
    // not given (the short form): derived as "auto" would, when the data is under a www directory
    Optional<String> link = r.downloadLink().isPresent()
        ? NerscPaths.downloadLink(r.downloadLink().get(), dataPath, settings.portalUrl())
        : dataPath.flatMap(p -> NerscPaths.publicUrl(p, settings.portalUrl()));

    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    // an entry keeps the date it was first cataloged (croissant.json publishes it), so the same input
    // on another day renders the same files
    Instant created = existingCreated(nickname).orElse(now);
    CatalogEntry entry = new CatalogEntry(nickname, officialName, new RepoId(settings.org(), nickname),
        settings.endpoint(), dataPath, link, Optional.of(loaderName), batchName, r.distributed(), metadata,
        created, now, Optional.empty(), CatalogEntry.SCHEMA_VERSION, CatalogEntry.Origin.HUGGINGNERSC);
    Optional<CatalogEntry> existing = existing(nickname);
    Optional<Listing> listing = Optional.empty();
    if (existing.isPresent()) {
      // a re-run renders what the first run did: the recorded scan and listing, not the data as it is now
      entry = entry.withScan(existing.get().scan());
      listing = recordedListing(nickname, entryFile(nickname, CroissantDocument.FILE_NAME));
    } else if (r.scan() && r.checkData() && dataPath.isPresent()) {
      String given = r.dataPath().orElse(dataPath.get());
      entry = entry.withScan(scanForEntry(given, dataPath.get(), warnings));
      listing = listingFor(given, entry, warnings);
    }
    EntryFiles files = EntryFiles.render(entry, catalog.dir(nickname), loaderCode, batchCode,
        settings.jupyterUrlPrefix(), settings.globusCollection(), Optional.of(inventoryOf(listing, entry)));
    return new Rendered(withCroissant(files, listing), warnings);
  }

  /** A new nickname must not differ from an entry's by case alone: the Hub's repo ids ignore case. */
  private void requireNoOtherCase(String nickname) {
    if (catalog.exists(nickname)) {
      return;
    }
    for (String other : catalog.nicknames()) {
      if (other.equalsIgnoreCase(nickname)) {
        throw new ConflictException("NICKNAME '" + nickname + "': the catalog has the entry '" + other + "', and Hub "
            + "repo names that differ only in case name the same repo; give '" + other + "' to run that entry's "
            + "command again, or choose another nickname");
      }
    }
  }

  /** The data's files, and the columns of its CSV and TSV data, for the repo's layout and croissant.json. */
  private record Listing(Inventory inventory, TableColumns columns) {}

  /**
   * The inventory the card and the repo are laid out from: for data that was not listed, one row
   * saying where the data is, so that the card still declares a config (that row, viewer off) and
   * datasets never takes our own JSON files for the data.
   */
  private static Inventory inventoryOf(Optional<Listing> listing, CatalogEntry entry) {
    return listing.map(Listing::inventory).orElseGet(() -> Inventory.unlisted(entry.dataPath(), entry.downloadLink()));
  }

  private static EntryFiles withCroissant(EntryFiles files, Optional<Listing> listing) {
    return files.with(CroissantDocument.FILE_NAME,
        listing.filter(l -> l.inventory().listed())
            .map(l -> CroissantDocument.render(files.entry(), l.inventory(), l.columns()))
            .orElseGet(() -> CroissantDocument.render(files.entry())));
  }

  /** The listing the entry keeps: its inventory, and the columns its croissant.json names. */
  private Optional<Listing> recordedListing(String nickname, Optional<String> croissant) {
    Path file = catalog.dir(nickname).resolve(Inventory.FILE_NAME);
    try {
      return entryFile(nickname, Inventory.FILE_NAME).map(csv -> new Listing(Inventory.parse(csv, file.toString()),
          croissant.map(TableColumns::recorded).orElse(TableColumns.NONE)));
    } catch (RuntimeException damaged) {
      return Optional.empty(); // rendered anew by the next update-dataset
    }
  }

  /** The text of a file of the entry, if it has a readable one. */
  private Optional<String> entryFile(String nickname, String name) {
    Path file = catalog.dir(nickname).resolve(name);
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    } catch (IOException | RuntimeException damaged) {
      return Optional.empty();
    }
  }

  /**
   * Lists the data for the repo's layout: every file with its split and format, hashed from the
   * entry's manifest or, for small data, here; the sample planned within the budget; the header of
   * its first CSV and TSV file. Empty for data that is not a folder or file on this machine.
   */
  private Optional<Listing> listingFor(String given, CatalogEntry entry, List<String> warnings) {
    if (NerscPaths.isTape(given)) {
      return Optional.empty();
    }
    Path path = Path.of(asGiven(given));
    if (!Files.exists(path) && entry.dataPath().isPresent()) {
      path = Path.of(entry.dataPath().get());
    }
    if (!Files.exists(path) || entry.dataPath().isEmpty()) {
      return Optional.empty();
    }
    Path manifest = catalog.manifestFile(entry.nickname());
    DataFiles.Listed listed = listings.computeIfAbsent(path,
        p -> DataFiles.list(p, Optional.of(manifest), HASH_BUDGET));
    if (listed.unhashed() > 0) {
      warnings.add("croissant.json: " + listed.unhashed() + " of "
          + MessageText.count(listed.files().size(), "data file") + (listed.unhashed() == 1 ? " has" : " have") + " no "
          + "sha256 (over " + (HASH_BUDGET >> 20) + " MiB to hash while cataloging); build the manifest with "
          + "'huggingnersc manifest " + entry.nickname() + "', then 'huggingnersc update-dataset "
          + entry.nickname() + "' to publish every file's sha256");
    }
    Inventory inventory = SamplePlan.inventory(listed, path, entry.dataPath().get(), entry.downloadLink(),
        sampleBudget);
    return Optional.of(new Listing(inventory, TableColumns.read(inventory, path)));
  }

  /**
   * The request's data path, checked; when none is given, the collection's data folder of this
   * nickname if this machine has it, else none (a warning says so).
   */
  private Optional<String> dataPath(NewDataset r, String nickname, List<String> warnings) {
    if (r.dataPath().isPresent()) {
      return Optional.of(checkDataPath(r.dataPath().get(), r.checkData(), "DATA_PATH"));
    }
    Optional<String> folder = NerscPaths.collectionDataFolder(catalog.root(), nickname);
    if (folder.isPresent() && Files.isDirectory(Path.of(folder.get()))) {
      return folder;
    }
    warnings.add("no data path given" + folder.map(f -> " and " + f + " does not exist").orElse("")
        + ": the entry records none and the data is not scanned; set one later with 'huggingnersc update-dataset "
        + nickname + " --data-path PATH'");
    return Optional.empty();
  }

  /** When the catalog's entry of this nickname was first written, if it has a readable one. */
  private Optional<Instant> existingCreated(String nickname) {
    return existing(nickname).filter(e -> e.origin() == CatalogEntry.Origin.HUGGINGNERSC).map(CatalogEntry::created);
  }

  /** The catalog's entry of this nickname, if it has a readable one. */
  private Optional<CatalogEntry> existing(String nickname) {
    try {
      return catalog.read(nickname);
    } catch (RuntimeException damaged) {
      // a damaged entry is reported by the step that compares it, not here
      return Optional.empty();
    }
  }

  /**
   * Scans the data path (as given, else as normalised) for the entry; a file, or a tape path, is
   * not scanned (a warning says so).
   */
  private Optional<DataScan> scanForEntry(String given, String normalised, List<String> warnings) {
    if (NerscPaths.isTape(given)) {
      warnings.add("DATA_PATH " + given.strip() + ": on HPSS tape; not scanned (reading it would recall tapes)");
      return Optional.empty();
    }
    Path path = Path.of(asGiven(given));
    if (!Files.exists(path)) {
      path = Path.of(normalised);
    }
    if (!Files.isDirectory(path)) {
      warnings.add("DATA_PATH " + given.strip() + ": a single file, not a folder; not scanned");
      return Optional.empty();
    }
    // a renderer scans each folder once: update-dataset renders before it locks the entry, and again under the lock
    return Optional.of(scans.computeIfAbsent(path, p -> dataScan(DataScanner.create().progress(scanProgress).scan(p))));
  }

  /** What the catalog keeps of a scan; formats without a name ({@code other}) are left out. */
  private DataScan dataScan(ScanSummary s) {
    List<String> formats = s.formats().keySet().stream().filter(f -> !f.equals("other")).toList();
    return new DataScan(s.files(), s.bytes(), s.directories(), formats, s.suggestedTags(), s.sizeCategory(),
        clock.instant().truncatedTo(ChronoUnit.SECONDS));
  }

  private static String asGiven(String given) {
    return given.strip().replace("${CFS}", NerscPaths.CFS).replace("$CFS", NerscPaths.CFS);
  }

  // --- update-dataset: the changed entry --------------------------------------------------------

  /**
   * Validates every change and renders the entry as it would become (the card fresh, not yet merged
   * onto anyone's); writes nothing. Values not changed are the entry's own, and files others keep
   * in the entry folder (e.g. {@code croissant.json}) stay.
   */
  EntryRevision revise(CatalogEntry before, Map<String, String> folder, DatasetUpdate c, boolean rescan,
      List<String> warnings) {
    String nickname = before.nickname();
    String officialName = c.officialName().map(n -> EntryTitle.checkOfficialName(n, "--official-name"))
        .orElse(before.officialName());
    if (c.removeBatchScript() && c.batchScript().isPresent()) {
      throw new InvalidInputException("--batch-script " + c.batchScript().get()
          + " and --no-batch-script: give one of them");
    }
    CardScripts shown = CardScripts.of(folder.getOrDefault(EntryFiles.README, ""));
    Script loader = c.loaderScript()
        .map(f -> new Script(scriptFileName(f, "--loader", nickname),
            InputFile.readText(f, "--loader", "the loader's Python code")))
        .orElseGet(() -> currentLoader(before, folder, shown));
    Optional<Script> batch = c.removeBatchScript() ? Optional.empty() : c.batchScript()
        .map(f -> new Script(scriptFileName(f, "--batch-script", nickname),
            InputFile.readText(f, "--batch-script", "a Slurm batch script")))
        .or(() -> currentBatch(before, folder, shown));
    if (batch.isPresent() && batch.get().fileName().equals(loader.fileName())) {
      throw new InvalidInputException((c.batchScript().isPresent() ? "--batch-script " + c.batchScript().get()
          : "--loader " + c.loaderScript().map(Path::toString).orElse(loader.fileName()))
          + ": has the file name " + loader.fileName() + " of the "
          + (c.batchScript().isPresent() ? "loader" : "batch script")
          + "; both are copied into the entry, so give them different names");
    }
    Metadata metadata = c.metadataJson().map(f -> readMetadata(f, "--metadata", nickname, warnings))
        .orElse(before.metadata());
    metadata = EntryTitle.retitled(metadata, c, officialName, warnings);
    Optional<String> dataPath = c.dataPath().map(p -> checkDataPath(p, c.checkData(), "--data-path"))
        .or(before::dataPath);
    Optional<String> link = before.downloadLink();
    if (c.downloadLink().isPresent()) {
      try {
        link = NerscPaths.downloadLink(c.downloadLink().get(), dataPath, settings.portalUrl());
      } catch (InvalidInputException e) {
        throw new InvalidInputException(e.getMessage().replaceFirst("^DOWNLOAD_LINK", "--download-link"));
      }
    }
    boolean distributed = c.distributed().orElse(before.distributed());

    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    CatalogEntry after = new CatalogEntry(nickname, officialName, c.repoId().orElse(before.repoId()), before.endpoint(),
        dataPath, link,
        Optional.of(loader.fileName()), batch.map(Script::fileName), distributed, metadata, before.created(), now,
        before.published(), CatalogEntry.SCHEMA_VERSION, CatalogEntry.Origin.HUGGINGNERSC)
        .withScan(rescan && c.checkData() && dataPath.isPresent()
            ? scanForEntry(c.dataPath().orElse(dataPath.get()), dataPath.get(), warnings)
            : c.dataPath().isPresent() ? Optional.empty() : before.scan()) // a scan of the old path would mislead
        .withManifest(before.manifest());
    Optional<Listing> listing = rescan && c.checkData() && dataPath.isPresent()
        ? listingFor(c.dataPath().orElse(dataPath.get()), after, warnings)
        : c.dataPath().isPresent() ? Optional.empty()
        : recordedListing(nickname, Optional.ofNullable(folder.get(CroissantDocument.FILE_NAME)));
    EntryFiles rendered = withCroissant(EntryFiles.render(after, catalog.dir(nickname), loader.code(),
        batch.map(Script::code), settings.jupyterUrlPrefix(), settings.globusCollection(),
        Optional.of(inventoryOf(listing, after))), listing);
    Map<String, String> content = new LinkedHashMap<>(rendered.files());
    content.remove(after.infoFileName());
    Set<String> ownFiles = new HashSet<>(List.of(EntryFiles.README, before.notebookFileName(),
        before.infoFileName(), Inventory.FILE_NAME, CroissantDocument.FILE_NAME));
    before.loaderScript().ifPresent(ownFiles::add);
    before.batchScript().ifPresent(ownFiles::add);
    for (Map.Entry<String, String> f : folder.entrySet()) {
      if (!ownFiles.contains(f.getKey()) && !content.containsKey(f.getKey())) {
        requireText(catalog.dir(nickname).resolve(f.getKey()), f.getValue());
        content.put(f.getKey(), f.getValue());
      }
    }
    return new EntryRevision(before, folder, after, content, DatasetCard.parse(content.get(EntryFiles.README)));
  }

  /** The entry's loader: its file, else (an earlier-tool entry) the code its card shows. */
  private Script currentLoader(CatalogEntry entry, Map<String, String> folder, CardScripts shown) {
    String name = entry.loaderScript().orElse(entry.nickname() + "_loader.py");
    String code = entry.loaderScript().map(folder::get).or(shown::loader).orElseThrow(() ->
        new InvalidInputException("catalog entry " + catalog.dir(entry.nickname()) + "/: "
            + entry.loaderScript().map(n -> "its loader " + n + " is missing").orElse("it records no loader file")
            + " and its README.md shows no loader code; give the loader with --loader FILE"));
    return new Script(name, code);
  }

  /** The entry's batch script, if it has one: its file, else the one its card shows. */
  private static Optional<Script> currentBatch(CatalogEntry entry, Map<String, String> folder, CardScripts shown) {
    String name = entry.batchScript().or(shown::batchName).orElse(entry.nickname() + "_batch.sh");
    return entry.batchScript().map(folder::get).or(shown::batch).map(code -> new Script(name, code));
  }

  /** A file kept in the entry folder must be text: the catalog writes entries as UTF-8 text. */
  private static void requireText(Path file, String text) {
    if (text.isEmpty()) {
      try {
        if (Files.size(file) > 0) {
          throw new InvalidInputException("catalog entry file " + file + ": not UTF-8 text; the update rewrites the "
              + "entry folder, which would lose it, so move it out of the folder first");
        }
      } catch (IOException e) {
        throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * The metadata file, validated; each problem or warning names the argument ({@code METADATA_JSON},
   * {@code --metadata}) as well as the file.
   */
  private static Metadata readMetadata(Path file, String argument, String nickname, List<String> warnings) {
    try {
      return MetadataFile.read(file, nickname, w -> warnings.add(argument + " " + w.message()));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.problems().stream().map(p -> argument + " " + p).toList());
    }
  }

  /** The script's file name, which must not clash with the files the entry itself holds. */
  private static String scriptFileName(Path script, String argument, String nickname) {
    String name = script.getFileName().toString();
    List<String> taken = List.of("README.md", nickname + "_info.json", nickname + "_dataloader.ipynb",
        CroissantDocument.FILE_NAME, Inventory.FILE_NAME, "nersc.json");
    if (taken.contains(name) || name.startsWith(".")) {
      throw new InvalidInputException(argument + " " + script + ": the file name " + name
          + (name.startsWith(".") ? " is hidden" : " is taken by the entry's own " + name)
          + "; the script is copied into the entry under its own name, so rename it");
    }
    return name;
  }

  private static String checkDataPath(String given, boolean checkData, String argument) {
    if (given == null || given.isBlank()) {
      throw new InvalidInputException(argument + ": empty; give the path of the data at NERSC");
    }
    String normalised;
    try {
      normalised = NerscPaths.normalise(given);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(argument + " " + given.strip() + ": " + e.getMessage());
    }
    if (NerscPaths.isTape(normalised)) {
      return normalised; // recorded, never looked at: reading a tape path would recall tapes
    }
    // check the path as given: the alias may be the only spelling mounted on this machine
    String asGiven = asGiven(given);
    if (!checkData && !asGiven.startsWith("/")) {
      // resolved against this machine's working folder, it would name a place that is not at NERSC
      throw new InvalidInputException(argument + " " + given.strip() + ": a relative path; with --no-data-check "
          + "give the absolute path of the data at NERSC, e.g. /global/cfs/cdirs/...");
    }
    if (checkData && !Files.exists(Path.of(asGiven)) && !Files.exists(Path.of(normalised))) {
      throw new InvalidInputException(argument + " " + given.strip() + ": no such file or directory; give the path "
          + "of the data, or --no-data-check to catalog a path that is not on this machine");
    }
    return normalised;
  }
}
