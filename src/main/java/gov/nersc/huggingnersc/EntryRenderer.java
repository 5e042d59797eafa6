package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.DatasetUpdate;
import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.api.NewDataset;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.card.CardScripts;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.card.Script;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.catalog.EntryFileRole;
import gov.nersc.huggingnersc.catalog.EntryFiles;
import gov.nersc.huggingnersc.catalog.EntryScripts;
import gov.nersc.huggingnersc.croissant.CroissantDocument;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
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
    private final EntryListing data;

    /** The roles of the files an update renders anew; the entry folder's other files stay as they are. */
    private static final Set<EntryFileRole> RENDERED = EnumSet.of(
            EntryFileRole.CARD,
            EntryFileRole.NOTEBOOK,
            EntryFileRole.INFO,
            EntryFileRole.INVENTORY,
            EntryFileRole.CROISSANT,
            EntryFileRole.LOADER,
            EntryFileRole.BATCH_SCRIPT);

    EntryRenderer(
            Settings settings, Catalog catalog, Clock clock, ScanProgress.Listener scanProgress, long sampleBudget) {
        this.settings = settings;
        this.catalog = catalog;
        this.clock = clock;
        this.data = new EntryListing(catalog, clock, scanProgress, sampleBudget);
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
        String loaderName = EntryInputs.scriptFileName(r.loaderScript(), "LOADER_SCRIPT", nickname);
        Optional<String> batchCode =
                r.batchScript().map(b -> InputFile.readText(b, "BATCH_SCRIPT", "a Slurm batch script"));
        Optional<String> batchName = r.batchScript().map(b -> EntryInputs.scriptFileName(b, "BATCH_SCRIPT", nickname));
        if (batchName.isPresent() && batchName.get().equals(loaderName)) {
            throw new InvalidInputException("BATCH_SCRIPT " + r.batchScript().get() + ": has the loader's file name "
                    + loaderName + "; both are copied into the entry, so give them different names");
        }
        List<String> warnings = new ArrayList<>();
        Metadata metadata = EntryInputs.readMetadata(r.metadataJson(), "METADATA_JSON", nickname, warnings);
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
        CatalogEntry entry = CatalogEntry.builder()
                .nickname(nickname)
                .officialName(officialName)
                .repoId(new RepoId(settings.org(), nickname))
                .endpoint(settings.endpoint())
                .dataPath(dataPath)
                .downloadLink(link)
                .loaderScript(Optional.of(loaderName))
                .batchScript(batchName)
                .distributed(r.distributed())
                .metadata(metadata)
                .created(created)
                .updated(now)
                .build();
        Optional<CatalogEntry> existing = existing(nickname);
        Optional<EntryListing.InventoryColumns> listing = Optional.empty();
        if (existing.isPresent()) {
            // a re-run renders what the first run did: the recorded scan and listing, not the data as it is now
            entry = entry.withScan(existing.get().scan());
            listing = data.recorded(nickname, data.entryFile(nickname, CroissantDocument.FILE_NAME));
        } else if (r.scan() && r.checkData() && dataPath.isPresent()) {
            String given = r.dataPath().orElse(dataPath.get());
            entry = entry.withScan(data.scan(given, dataPath.get(), warnings));
            listing = data.listing(given, entry, warnings);
        }
        EntryFiles files = EntryFiles.render(
                entry,
                catalog.dir(nickname),
                loaderCode,
                batchCode,
                settings.jupyterUrlPrefix(),
                settings.globusCollection(),
                Optional.of(EntryListing.inventoryOf(listing, entry)));
        return new Rendered(EntryListing.withCroissant(files, listing), warnings);
    }

    /** A new nickname must not differ from an entry's by case alone: the Hub's repo ids ignore case. */
    private void requireNoOtherCase(String nickname) {
        if (catalog.exists(nickname)) {
            return;
        }
        for (String other : catalog.nicknames()) {
            if (other.equalsIgnoreCase(nickname)) {
                throw new ConflictException(
                        "NICKNAME '" + nickname + "': the catalog has the entry '" + other + "', and Hub "
                                + "repo names that differ only in case name the same repo; give '" + other
                                + "' to run that entry's "
                                + "command again, or choose another nickname");
            }
        }
    }

    /**
     * The request's data path, checked; when none is given, the collection's data folder of this
     * nickname if this machine has it, else none (a warning says so).
     */
    private Optional<String> dataPath(NewDataset r, String nickname, List<String> warnings) {
        if (r.dataPath().isPresent()) {
            return Optional.of(EntryInputs.checkDataPath(r.dataPath().get(), r.checkData(), "DATA_PATH"));
        }
        Optional<String> folder = NerscPaths.collectionDataFolder(catalog.root(), nickname);
        if (folder.isPresent() && Files.isDirectory(Path.of(folder.get()))) {
            return folder;
        }
        warnings.add("no data path given"
                + folder.map(f -> " and " + f + " does not exist").orElse("")
                + ": the entry records none and the data is not scanned; set one later with 'huggingnersc update-dataset "
                + nickname + " --data-path PATH'");
        return Optional.empty();
    }

    /** When the catalog's entry of this nickname was first written, if it has a readable one. */
    private Optional<Instant> existingCreated(String nickname) {
        return existing(nickname)
                .filter(e -> e.origin() == CatalogEntry.Origin.HUGGINGNERSC)
                .map(CatalogEntry::created);
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

    // --- update-dataset: the changed entry --------------------------------------------------------

    /**
     * Validates every change and renders the entry as it would become (the card fresh, not yet merged
     * onto anyone's); writes nothing. Values not changed are the entry's own, and files others keep
     * in the entry folder (e.g. {@code croissant.json}) stay.
     */
    EntryRevision revise(
            CatalogEntry before, Map<String, String> folder, DatasetUpdate c, boolean rescan, List<String> warnings) {
        String nickname = before.nickname();
        String officialName = c.officialName()
                .map(n -> EntryTitle.checkOfficialName(n, "--official-name"))
                .orElse(before.officialName());
        EntryInputs.requireOneBatchChoice(c);
        CardScripts shown = CardScripts.of(folder.getOrDefault(EntryFiles.README, ""));
        Script loader = c.loaderScript()
                .map(f -> EntryInputs.script(f, "--loader", nickname, "the loader's Python code"))
                .orElseGet(() -> EntryScripts.loader(
                        before,
                        catalog.dir(nickname),
                        n -> Optional.ofNullable(folder.get(n)),
                        shown,
                        "give the loader with --loader FILE"));
        Optional<Script> batch = c.removeBatchScript()
                ? Optional.empty()
                : c.batchScript()
                        .map(f -> EntryInputs.script(f, "--batch-script", nickname, "a Slurm batch script"))
                        .or(() -> currentBatch(before, folder, shown));
        EntryInputs.requireDistinctScripts(c, loader, batch);
        Metadata metadata = c.metadataJson()
                .map(f -> EntryInputs.readMetadata(f, "--metadata", nickname, warnings))
                .orElse(before.metadata());
        metadata = EntryTitle.retitled(metadata, c, officialName, warnings);
        Optional<String> dataPath = c.dataPath()
                .map(p -> EntryInputs.checkDataPath(p, c.checkData(), "--data-path"))
                .or(before::dataPath);
        Optional<String> link = c.downloadLink().isPresent()
                ? EntryInputs.downloadLink(c.downloadLink().get(), dataPath, settings.portalUrl(), "--download-link")
                : before.downloadLink();
        boolean distributed = c.distributed().orElse(before.distributed());

        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CatalogEntry after = before.toBuilder()
                .officialName(officialName)
                .repoId(c.repoId().orElse(before.repoId()))
                .dataPath(dataPath)
                .downloadLink(link)
                .loaderScript(Optional.of(loader.fileName()))
                .batchScript(batch.map(Script::fileName))
                .distributed(distributed)
                .metadata(metadata)
                .updated(now)
                .schemaVersion(CatalogEntry.SCHEMA_VERSION)
                .origin(CatalogEntry.Origin.HUGGINGNERSC)
                .scan(
                        rescan && c.checkData() && dataPath.isPresent()
                                ? data.scan(c.dataPath().orElse(dataPath.get()), dataPath.get(), warnings)
                                : c.dataPath().isPresent()
                                        ? Optional.empty()
                                        : before.scan()) // a scan of the old path would mislead
                .build();
        Optional<EntryListing.InventoryColumns> listing = rescan && c.checkData() && dataPath.isPresent()
                ? data.listing(c.dataPath().orElse(dataPath.get()), after, warnings)
                : c.dataPath().isPresent()
                        ? Optional.empty()
                        : data.recorded(nickname, Optional.ofNullable(folder.get(CroissantDocument.FILE_NAME)));
        EntryFiles rendered = EntryListing.withCroissant(
                EntryFiles.render(
                        after,
                        catalog.dir(nickname),
                        loader.code(),
                        batch.map(Script::code),
                        settings.jupyterUrlPrefix(),
                        settings.globusCollection(),
                        Optional.of(EntryListing.inventoryOf(listing, after))),
                listing);
        Map<String, String> content = new LinkedHashMap<>(rendered.files());
        content.remove(after.infoFileName());
        keepOthers(before, folder, content);
        return new EntryRevision(before, folder, after, content, DatasetCard.parse(content.get(EntryFiles.README)));
    }

    /** Adds to {@code content} the files of the entry folder that an update does not render: they stay. */
    private void keepOthers(CatalogEntry before, Map<String, String> folder, Map<String, String> content) {
        for (Map.Entry<String, String> f : folder.entrySet()) {
            if (!RENDERED.contains(EntryFileRole.of(before, f.getKey())) && !content.containsKey(f.getKey())) {
                EntryInputs.requireText(catalog.dir(before.nickname()).resolve(f.getKey()), f.getValue());
                content.put(f.getKey(), f.getValue());
            }
        }
    }

    /** The entry's batch script, if it has one: its file, else the one its card shows. */
    private static Optional<Script> currentBatch(CatalogEntry entry, Map<String, String> folder, CardScripts shown) {
        String name = entry.batchScript().or(shown::batchName).orElse(EntryFileRole.defaultBatchName(entry.nickname()));
        return entry.batchScript().map(folder::get).or(shown::batch).map(code -> new Script(name, code));
    }
}
