package gov.nersc.huggingnersc.catalog;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.layout.Inventory;

/**
 * What a file of a catalog entry, or of the dataset repo published from it, is for: the one place that
 * maps file names to roles, for the renderer (which names a script may not take, which files an update
 * renders anew), the repo's files and their comparison, and the catalog (which files are the manifest).
 */
public enum EntryFileRole {
    /** The dataset card, {@code README.md}. */
    CARD,
    /** The catalog's record of the entry, {@code <nickname>_info.json}; stays at NERSC. */
    INFO,
    /** The loader notebook, {@code <nickname>_dataloader.ipynb}; stays at NERSC. */
    NOTEBOOK,
    /** The loader script, under the name the entry records. */
    LOADER,
    /** The Slurm batch script, under the name the entry records. */
    BATCH_SCRIPT,
    /** The Croissant description, {@code croissant.json}. */
    CROISSANT,
    /** The inventory of the data's files, {@code nersc_files.csv}. */
    INVENTORY,
    /** Where the entry lives at NERSC, {@code nersc.json}; in the repo only. */
    NERSC_JSON,
    /** The manifest of the data and its parts, {@code <nickname>_manifest.*.jsonl.gz}; stays at NERSC. */
    MANIFEST,
    /** A file others keep beside the entry's own, or a sample of the data. */
    OTHER;

    /** The card's file name. */
    public static final String CARD_NAME = "README.md";
    /** The Croissant description's file name. */
    public static final String CROISSANT_NAME = "croissant.json";
    /** The file name of what says where the entry lives at NERSC. */
    public static final String NERSC_JSON_NAME = "nersc.json";

    /** The role of the file named {@code fileName} of {@code entry}. */
    public static EntryFileRole of(CatalogEntry entry, String fileName) {
        EntryFileRole own = ofName(entry.nickname(), fileName);
        if (own != OTHER) {
            return own;
        }
        if (entry.loaderScript().filter(fileName::equals).isPresent()) {
            return LOADER;
        }
        return entry.batchScript().filter(fileName::equals).isPresent() ? BATCH_SCRIPT : OTHER;
    }

    /**
     * The role that {@code fileName} has in any entry named {@code nickname}, whatever its scripts are
     * called: {@link #OTHER} for a name the entry does not fix.
     */
    public static EntryFileRole ofName(String nickname, String fileName) {
        if (fileName.equals(CARD_NAME)) {
            return CARD;
        } else if (fileName.equals(CatalogEntry.infoFileName(nickname))) {
            return INFO;
        } else if (fileName.equals(CatalogEntry.notebookFileName(nickname))) {
            return NOTEBOOK;
        } else if (fileName.equals(CROISSANT_NAME)) {
            return CROISSANT;
        } else if (fileName.equals(Inventory.FILE_NAME)) {
            return INVENTORY;
        } else if (fileName.equals(NERSC_JSON_NAME)) {
            return NERSC_JSON;
        }
        String stem = CatalogEntry.manifestFileName(nickname);
        stem = stem.substring(0, stem.indexOf('.'));
        return fileName.startsWith(stem + ".") && fileName.endsWith(".jsonl.gz") ? MANIFEST : OTHER;
    }

    /** The name a loader recovered from an earlier-tool card is given: {@code <nickname>_loader.py}. */
    public static String defaultLoaderName(String nickname) {
        return nickname + "_loader.py";
    }

    /** The name a batch script recovered from an earlier-tool card is given: {@code <nickname>_batch.sh}. */
    public static String defaultBatchName(String nickname) {
        return nickname + "_batch.sh";
    }
}
