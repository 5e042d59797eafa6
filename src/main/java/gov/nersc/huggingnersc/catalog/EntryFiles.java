package gov.nersc.huggingnersc.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.card.CardInput;
import gov.nersc.huggingnersc.card.DataSummary;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.card.Script;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.layout.DataLayout;
import gov.nersc.huggingnersc.layout.Inventory;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import gov.nersc.huggingnersc.notebook.LoaderNotebook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The files of one catalog entry, rendered and ready to write: the card, the notebook, the scripts
 * and the info JSON, by file name.
 *
 * @param entry what the files describe
 * @param files each file's name in the entry folder and its text (UTF-8), the info JSON included
 */
public record EntryFiles(CatalogEntry entry, Map<String, String> files) {
    /** The card's file name. */
    public static final String README = EntryFileRole.CARD_NAME;

    public EntryFiles {
        Objects.requireNonNull(entry, "entry");
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        if (!files.containsKey(entry.infoFileName())) {
            throw new IllegalArgumentException("an entry needs its info JSON " + entry.infoFileName());
        }
        for (String name : files.keySet()) {
            if (name.isEmpty() || name.contains("/") || name.startsWith(".")) {
                throw new IllegalArgumentException("not a plain file name in an entry: '" + name + "'");
            }
        }
    }

    /**
     * The entry's files: {@code content} (card, notebook, scripts) plus the info JSON, which names
     * {@code entryDir} as the entry's place at NERSC.
     */
    public static EntryFiles of(CatalogEntry entry, Path entryDir, Map<String, String> content) {
        Map<String, String> all = new LinkedHashMap<>(content);
        all.put(entry.infoFileName(), InfoJson.render(entry, entryDir));
        return new EntryFiles(entry, all);
    }

    /**
     * Renders an entry's files: the card ({@code README.md}), the notebook (not for a distributed
     * loader; its Jupyter URL is built from its path in {@code entryDir}), copies of the loader and
     * batch scripts under their own names, and the info JSON. The card's data section shows the
     * entry's recorded scan, if any.
     *
     * @param entryDir where the entry lives (or would live) in the catalog
     * @param loaderCode the loader script's text
     * @param batchCode the batch script's text, when the entry has one
     * @param jupyterUrlPrefix the prefix before a notebook's absolute path on NERSC's JupyterHub
     * @param globusCollection UUID of the site's Globus collection, which the card links data on CFS to
     */
    public static EntryFiles render(
            CatalogEntry entry,
            Path entryDir,
            String loaderCode,
            Optional<String> batchCode,
            String jupyterUrlPrefix,
            String globusCollection) {
        return render(entry, entryDir, loaderCode, batchCode, jupyterUrlPrefix, globusCollection, Optional.empty());
    }

    /**
     * As {@link #render(CatalogEntry, Path, String, Optional, String, String)}, for data listed in
     * {@code inventory}: the card then declares the repo's configs (the sample) and shows snippets that
     * load all of the data, and the entry keeps the inventory ({@code nersc_files.csv}).
     */
    public static EntryFiles render(
            CatalogEntry entry,
            Path entryDir,
            String loaderCode,
            Optional<String> batchCode,
            String jupyterUrlPrefix,
            String globusCollection,
            Optional<Inventory> inventory) {
        String loaderName = entry.loaderScript().orElseThrow(() -> new IllegalArgumentException("no loader"));
        Optional<String> notebookUrl = entry.distributed()
                ? Optional.empty()
                : Optional.of(NerscPaths.jupyterUrl(
                        jupyterUrlPrefix,
                        entryDir.toAbsolutePath()
                                .resolve(entry.notebookFileName())
                                .toString()));
        Optional<Script> batch = entry.batchScript()
                .map(name -> new Script(
                        name,
                        batchCode.orElseThrow(
                                () -> new IllegalArgumentException("the batch script " + name + " has no text"))));
        CardInput card = new CardInput(
                        entry.officialName(),
                        entry.nickname(),
                        entry.metadata(),
                        entry.dataPath(),
                        entry.downloadLink(),
                        entryDir.toAbsolutePath() + "/",
                        notebookUrl,
                        new Script(loaderName, loaderCode),
                        batch,
                        entry.distributed(),
                        entry.scan().map(s -> new DataSummary(s.files(), s.bytes(), s.formats())),
                        globusCollection)
                .withLayout(entry.repoId().toString(), inventory.map(DataLayout::new));

        Map<String, String> content = new LinkedHashMap<>();
        content.put(README, DatasetCard.render(card).toMarkdown());
        if (!entry.distributed()) {
            content.put(
                    entry.notebookFileName(),
                    LoaderNotebook.render(
                            entry.officialName(),
                            entry.nickname(),
                            entry.dataPath(),
                            entry.downloadLink(),
                            loaderCode));
        }
        content.put(loaderName, loaderCode);
        batch.ifPresent(b -> content.put(b.fileName(), b.code()));
        inventory.ifPresent(i -> content.put(Inventory.FILE_NAME, i.toCsv()));
        return of(entry, entryDir, content);
    }

    /**
     * These files plus {@code name} with {@code text} (replacing a file of that name): for files
     * rendered beside the entry's own, such as its Croissant description.
     */
    public EntryFiles with(String name, String text) {
        Map<String, String> all = new LinkedHashMap<>(files);
        all.put(name, text);
        return new EntryFiles(entry, all);
    }

    /**
     * The names of the files whose content differs from {@code existing} (missing ones included);
     * the info JSON is compared without {@code created}, {@code updated} and {@code published}, which
     * change when nothing else does. Extra files in {@code existing} are not a difference.
     */
    public List<String> differencesFrom(Map<String, String> existing) {
        List<String> differ = new ArrayList<>();
        String info = entry.infoFileName();
        files.forEach((name, text) -> {
            String old = existing.get(name);
            boolean same;
            if (old == null) {
                same = false;
            } else if (name.equals(info)) {
                same = sameContent(text, old, name);
            } else {
                same = old.equals(text);
            }
            if (!same) {
                differ.add(name);
            }
        });
        return differ;
    }

    /**
     * As {@link #differencesFrom}, but the card counts as the same when what this tool wrote of it
     * ({@link DatasetCard#owned}) is: an entry keeps its card as committed, with the keys and text
     * others added on the Hub, and those are no difference in the input.
     */
    public List<String> inputDifferencesFrom(Map<String, String> existing) {
        List<String> differ = differencesFrom(existing);
        if (differ.contains(README) && sameOwnedCard(files.get(README), existing.get(README))) {
            differ.remove(README);
        }
        return differ;
    }

    private static boolean sameOwnedCard(String card, String oldCard) {
        try {
            if (oldCard == null) {
                return false;
            }
            DatasetCard fresh = DatasetCard.parse(card);
            DatasetCard before = DatasetCard.parse(oldCard);
            Optional<DatasetCard> ours = fresh.owned();
            // or merging ours onto it changes nothing: it keeps configs that say more than ours (the whole data's)
            return ours.isPresent()
                    && (ours.equals(before.owned()) || fresh.mergedOnto(before).equals(before));
        } catch (InvalidInputException brokenFrontMatter) {
            return false;
        }
    }

    private static boolean sameContent(String info, String oldInfo, String name) {
        ObjectNode fresh = InfoJson.parseObject(info, Path.of(name));
        ObjectNode old;
        try {
            old = InfoJson.parseObject(oldInfo, Path.of(name));
        } catch (RuntimeException damaged) {
            return false;
        }
        return InfoJson.content(fresh).equals(InfoJson.content(old));
    }
}
