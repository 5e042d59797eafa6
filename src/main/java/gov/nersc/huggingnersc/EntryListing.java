package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.DataScan;
import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.api.ScanSummary;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.catalog.EntryFiles;
import gov.nersc.huggingnersc.croissant.CroissantDocument;
import gov.nersc.huggingnersc.croissant.TableColumns;
import gov.nersc.huggingnersc.errors.MessageText;
import gov.nersc.huggingnersc.layout.Inventory;
import gov.nersc.huggingnersc.layout.SamplePlan;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import gov.nersc.huggingnersc.scan.DataFiles;
import gov.nersc.huggingnersc.scan.DataScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link EntryRenderer} knows of an entry's data: the scan the entry records, and the listing
 * (every file with its split, format and sha256, the sample, the columns of its tables) that the
 * repo's layout, the inventory and croissant.json are made from. Each folder is scanned and listed
 * once per renderer. Reads, never writes.
 */
final class EntryListing {
    /** The data's files, and the columns of its CSV and TSV data, for the repo's layout and croissant.json. */
    record InventoryColumns(Inventory inventory, TableColumns columns) {}

    /** Data files whose hashes are not in a manifest are hashed while cataloging up to this many bytes. */
    static final long HASH_BUDGET = 256L << 20;

    private final Catalog catalog;
    private final Clock clock;
    private final ScanProgress.Listener scanProgress;
    private final long sampleBudget;
    private final Map<Path, DataScan> scans = new HashMap<>();
    private final Map<Path, DataFiles.Listed> listings = new HashMap<>();

    EntryListing(Catalog catalog, Clock clock, ScanProgress.Listener scanProgress, long sampleBudget) {
        this.catalog = catalog;
        this.clock = clock;
        this.scanProgress = scanProgress;
        this.sampleBudget = sampleBudget;
    }

    /**
     * The inventory the card and the repo are laid out from: for data that was not listed, one row
     * saying where the data is, so that the card still declares a config (that row, viewer off) and
     * datasets never takes our own JSON files for the data.
     */
    static Inventory inventoryOf(Optional<InventoryColumns> listing, CatalogEntry entry) {
        return listing.map(InventoryColumns::inventory)
                .orElseGet(() -> Inventory.unlisted(entry.dataPath(), entry.downloadLink()));
    }

    static EntryFiles withCroissant(EntryFiles files, Optional<InventoryColumns> listing) {
        return files.with(
                CroissantDocument.FILE_NAME,
                listing.filter(l -> l.inventory().listed())
                        .map(l -> CroissantDocument.render(files.entry(), l.inventory(), l.columns()))
                        .orElseGet(() -> CroissantDocument.render(files.entry())));
    }

    /** The listing the entry keeps: its inventory, and the columns its croissant.json names. */
    Optional<InventoryColumns> recorded(String nickname, Optional<String> croissant) {
        Path file = catalog.dir(nickname).resolve(Inventory.FILE_NAME);
        try {
            return entryFile(nickname, Inventory.FILE_NAME)
                    .map(csv -> new InventoryColumns(
                            Inventory.parse(csv, file.toString()),
                            croissant.map(TableColumns::recorded).orElse(TableColumns.NONE)));
        } catch (RuntimeException damaged) {
            return Optional.empty(); // rendered anew by the next update-dataset
        }
    }

    /** The text of a file of the entry, if it has a readable one. */
    Optional<String> entryFile(String nickname, String name) {
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
    Optional<InventoryColumns> listing(String given, CatalogEntry entry, List<String> warnings) {
        if (NerscPaths.isTape(given)) {
            return Optional.empty();
        }
        Path path = Path.of(EntryInputs.asGiven(given));
        if (!Files.exists(path) && entry.dataPath().isPresent()) {
            path = Path.of(entry.dataPath().get());
        }
        if (!Files.exists(path) || entry.dataPath().isEmpty()) {
            return Optional.empty();
        }
        Path manifest = catalog.manifestFile(entry.nickname());
        DataFiles.Listed listed =
                listings.computeIfAbsent(path, p -> DataFiles.list(p, Optional.of(manifest), HASH_BUDGET));
        if (listed.unhashed() > 0) {
            warnings.add("croissant.json: " + listed.unhashed() + " of "
                    + MessageText.count(listed.files().size(), "data file")
                    + (listed.unhashed() == 1 ? " has" : " have") + " no "
                    + "sha256 (over " + (HASH_BUDGET >> 20) + " MiB to hash while cataloging); build the manifest with "
                    + "'huggingnersc manifest " + entry.nickname() + "', then 'huggingnersc update-dataset "
                    + entry.nickname() + "' to publish every file's sha256");
        }
        Inventory inventory =
                SamplePlan.inventory(listed, path, entry.dataPath().get(), entry.downloadLink(), sampleBudget);
        return Optional.of(new InventoryColumns(inventory, TableColumns.read(inventory, path)));
    }

    /**
     * Scans the data path (as given, else as normalised) for the entry; a file, or a tape path, is
     * not scanned (a warning says so).
     */
    Optional<DataScan> scan(String given, String normalised, List<String> warnings) {
        if (NerscPaths.isTape(given)) {
            warnings.add("DATA_PATH " + given.strip() + ": on HPSS tape; not scanned (reading it would recall tapes)");
            return Optional.empty();
        }
        Path path = Path.of(EntryInputs.asGiven(given));
        if (!Files.exists(path)) {
            path = Path.of(normalised);
        }
        if (!Files.isDirectory(path)) {
            warnings.add("DATA_PATH " + given.strip() + ": a single file, not a folder; not scanned");
            return Optional.empty();
        }
        // a renderer scans each folder once: update-dataset renders before it locks the entry, and again under the lock
        return Optional.of(scans.computeIfAbsent(
                path, p -> dataScan(DataScanner.create().progress(scanProgress).scan(p))));
    }

    /** What the catalog keeps of a scan; formats without a name ({@code other}) are left out. */
    private DataScan dataScan(ScanSummary s) {
        List<String> formats =
                s.formats().keySet().stream().filter(f -> !f.equals("other")).toList();
        return new DataScan(
                s.files(),
                s.bytes(),
                s.directories(),
                formats,
                s.suggestedTags(),
                s.sizeCategory(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
