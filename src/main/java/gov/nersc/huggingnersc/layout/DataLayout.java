package gov.nersc.huggingnersc.layout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a dataset repo shows of the data, decided from its {@link Inventory}: the sample as the
 * default config (so {@code load_dataset("NERSC/<nickname>")} gives real rows and the viewer shows
 * them), the inventory as a config of its own when the data has many files (or nothing {@code
 * datasets} reads), {@code viewer: false} when there is nothing to show, and, for the card's
 * snippets, the data's files grouped by format and split.
 *
 * @param inventory every data file
 */
public record DataLayout(Inventory inventory) {
    /** Up to this many data files, the card's snippets list them; past it, they read the inventory. */
    public static final int INLINE_FILES = 20;
    /** Past this many bytes of data, the snippets also show streaming. */
    public static final long STREAMING_BYTES = 1L << 30;
    /** The inventory's config name. */
    public static final String FILES_CONFIG = "files";

    /** True when the repo holds some of the data: the sample. */
    public boolean hasSample() {
        return !inventory.sample().isEmpty();
    }

    /** True when the repo holds the inventory file: many files, or no sample to show instead. */
    public boolean inventoryInRepo() {
        return inventory.files().size() > INLINE_FILES || !hasSample();
    }

    /** True when the snippets read their file lists from the inventory rather than list them. */
    public boolean snippetsReadInventory() {
        return loadable().size() > INLINE_FILES;
    }

    /** True when the data is large enough that the snippets show streaming too. */
    public boolean large() {
        return loadable().stream().mapToLong(DataFile::size).sum() > STREAMING_BYTES;
    }

    /** The files {@code datasets} reads, in a split. */
    public List<DataFile> loadable() {
        return inventory.files().stream().filter(DataFile::loadable).toList();
    }

    /** The formats of the loadable data, most bytes first. */
    public List<DataFormat> formats() {
        return RepoConfigs.byBytes(loadable());
    }

    /** For {@code format}, each split's files in path order, splits in train, validation, test order. */
    public Map<String, List<DataFile>> splits(DataFormat format, List<DataFile> files) {
        return RepoConfigs.bySplit(files, format);
    }

    /**
     * The card's {@code configs}: one per sampled format ({@code default} when there is one, else
     * named by format with the largest marked {@code default: true}), then {@code files} for the
     * inventory when the repo holds it. Empty when the repo holds neither.
     */
    public List<Map<String, Object>> configs() {
        List<Map<String, Object>> configs = new ArrayList<>(
                RepoConfigs.of(inventory.sample(), DataFile::samplePath).yaml());
        if (inventoryInRepo()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("config_name", FILES_CONFIG);
            c.put("data_files", List.of(Map.of("split", "train", "path", Inventory.FILE_NAME)));
            configs.add(c);
        }
        return configs;
    }

    /**
     * True when a card's {@code configs} value points at files other than the sample and the
     * inventory: the whole data put there by {@code upload-data}, or configs someone wrote. Such
     * configs are kept when the card is rendered again; only the sample's are this tool's to replace.
     */
    public static boolean describesOtherFiles(Object configs) {
        if (!(configs instanceof List<?> list)) {
            return configs != null;
        }
        for (Object c : list) {
            if (!(c instanceof Map<?, ?> config) || !(config.get("data_files") instanceof List<?> splits)) {
                return true;
            }
            for (Object split : splits) {
                Object path = split instanceof Map<?, ?> m ? m.get("path") : split;
                List<?> paths = path instanceof List<?> l ? l : List.of(String.valueOf(path));
                for (Object p : paths) {
                    String text = String.valueOf(p);
                    if (!text.startsWith(DataFile.SAMPLE_FOLDER) && !text.equals(Inventory.FILE_NAME)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Why the viewer is off: no data file is in a format {@code datasets} reads; empty when it is on. */
    public Optional<String> noViewer() {
        if (hasSample()) {
            return Optional.empty();
        }
        if (!inventory.listed()) {
            return Optional.of("its files were not listed when it was cataloged (the data path is not on the machine "
                    + "that cataloged it, or it was cataloged with --no-scan); 'huggingnersc update-dataset' run "
                    + "where the data is lists them and puts a sample on the Hub");
        }
        return Optional.of(
                loadable().isEmpty()
                        ? "none of its files is in a format the `datasets` library reads (CSV, TSV, JSON, JSON Lines, Parquet, "
                                + "Arrow, text, HDF5, images, audio, WebDataset tar)"
                        : "the repo holds no sample of the data (none was asked for, or its files are too large for the "
                                + "sample's budget)");
    }

    /** Files and bytes of the sample, and of all the data. */
    public record Counts(long sampleFiles, long sampleBytes, long files, long bytes) {}

    public Counts counts() {
        List<DataFile> s = inventory.sample();
        return new Counts(
                s.size(),
                s.stream().mapToLong(DataFile::sampleBytes).sum(),
                inventory.files().size(),
                inventory.bytes());
    }
}
