package gov.nersc.huggingnersc.publish;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.RepoComparison;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.card.CardScripts;
import gov.nersc.huggingnersc.card.GlobusLink;
import gov.nersc.huggingnersc.card.Script;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.catalog.EntryFileRole;
import gov.nersc.huggingnersc.catalog.EntryScripts;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.layout.DataLayout;
import gov.nersc.huggingnersc.layout.Inventory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a dataset repo should hold for a catalog entry, path in repo to bytes: {@code README.md} (the
 * entry's card), the loader and the batch script under their own names, {@code croissant.json} if
 * the entry folder has one, {@link NerscJson nersc.json}, and, for an entry whose data was listed,
 * the sample of the data under {@code sample/} (read from the data path) and, for data of many
 * files, the inventory {@code nersc_files.csv}. The notebook and the info JSON stay
 * at NERSC: the card links the notebook, and {@code nersc.json} says where the entry is.
 *
 * <p>For an entry of the earlier tool, which kept no script files, the scripts are read from the
 * card's code blocks and named {@code <nickname>_loader.py} and {@code <nickname>_batch.sh}.
 *
 * @param files each path in the repo and its content, in commit order (an unmodifiable view; the
 *     arrays are not copied, do not change them)
 */
public record RepoFiles(Map<String, byte[]> files) {
    /** The card's path. */
    public static final String README = EntryFileRole.CARD_NAME;
    /** A Croissant description of the dataset, published when the entry folder has one. */
    public static final String CROISSANT = EntryFileRole.CROISSANT_NAME;

    public RepoFiles {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /**
     * The files for {@code entry}, read from its folder in {@code catalog}.
     *
     * @throws InvalidInputException when the entry has no card, or no loader (neither a file nor a
     *     code block on its card)
     */
    public static RepoFiles of(Catalog catalog, CatalogEntry entry) {
        Path dir = catalog.dir(entry.nickname());
        Map<String, byte[]> folder = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.sorted().toList()) {
                String name = f.getFileName().toString();
                // the manifest stays at NERSC (its digest goes into nersc.json), and may be hundreds of MB
                if (Files.isRegularFile(f)
                        && !name.startsWith(".")
                        && EntryFileRole.ofName(entry.nickname(), name) != EntryFileRole.MANIFEST) {
                    folder.put(f.getFileName().toString(), Files.readAllBytes(f));
                }
            }
        } catch (IOException e) {
            throw new OperationFailedException("cannot read the catalog entry " + dir + ": " + e.getMessage(), e);
        }
        return of(entry, dir, folder);
    }

    /**
     * The files for {@code entry} from the content of its folder ({@code folder}: file name to bytes),
     * which lives, or is about to live, at {@code entryDir}.
     */
    public static RepoFiles of(CatalogEntry entry, Path entryDir, Map<String, byte[]> folder) {
        String where = entryDir.toAbsolutePath() + "/";
        byte[] readme = folder.get(README);
        if (readme == null) {
            throw new InvalidInputException(
                    "catalog entry " + where + ": has no " + README
                            + " (the dataset card); the entry is damaged: write it again with catalog-new-dataset or update-dataset");
        }
        String card = new String(readme, StandardCharsets.UTF_8);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(README, readme);
        CardScripts shown = CardScripts.of(card);
        Script loader = EntryScripts.loader(
                entry,
                entryDir,
                name -> Optional.ofNullable(folder.get(name)).map(b -> new String(b, StandardCharsets.UTF_8)),
                shown,
                "add one with 'huggingnersc update-dataset " + entry.nickname() + " --loader FILE'");
        byte[] loaderBytes = entry.loaderScript()
                .map(folder::get) // the file as it is, byte for byte
                .orElseGet(() -> loader.code().getBytes(StandardCharsets.UTF_8));
        files.put(repoPath(loader.fileName(), entry.nickname()), loaderBytes);
        Optional<String> batchName = entry.batchScript();
        if (batchName.isPresent() && folder.containsKey(batchName.get())) {
            files.put(repoPath(batchName.get(), entry.nickname()), folder.get(batchName.get()));
        } else {
            Optional<String> code = shown.batch();
            String name = batchName.orElse(EntryFileRole.defaultBatchName(entry.nickname()));
            code.ifPresent(c -> files.put(repoPath(name, entry.nickname()), c.getBytes(StandardCharsets.UTF_8)));
        }
        if (folder.containsKey(CROISSANT)) {
            files.put(CROISSANT, folder.get(CROISSANT));
        }
        if (folder.containsKey(Inventory.FILE_NAME)) {
            DataLayout layout = new DataLayout(Inventory.parse(
                    new String(folder.get(Inventory.FILE_NAME), StandardCharsets.UTF_8), where + Inventory.FILE_NAME));
            if (layout.inventoryInRepo()) {
                files.put(Inventory.FILE_NAME, folder.get(Inventory.FILE_NAME));
            }
            files.putAll(SampleFiles.read(entry, layout.inventory()));
        }
        boolean hasNotebook = folder.containsKey(entry.notebookFileName());
        NerscJson link = new NerscJson(
                entry.nickname(),
                entry.officialName(),
                entry.dataPath(),
                entry.downloadLink(),
                where,
                hasNotebook ? Optional.of(where + entry.notebookFileName()) : Optional.empty(),
                hasNotebook ? jupyterUrl(card, entry.notebookFileName()) : Optional.empty(),
                entry.metadata().hpssPath(),
                entry.metadata().globus(),
                NerscJson.thisTool(),
                entry.scan(),
                // from the card, as the Jupyter URL: nersc.json stays in step with it, whatever the collection was
                entry.manifest().map(m -> m.rootDigest()),
                GlobusLink.urlIn(card));
        files.put(NerscJson.PATH, link.toBytes());
        return new RepoFiles(files);
    }

    /**
     * Where a script goes in the repo: under its own name, except {@code <nickname>.py}, which
     * {@code datasets} (4 and later) would take for a loading script and refuse the whole repo for;
     * that one goes into {@code scripts/}.
     */
    static String repoPath(String scriptName, String nickname) {
        return scriptName.equalsIgnoreCase(nickname + ".py") ? SCRIPTS + scriptName : scriptName;
    }

    /** Where a script named like the repo is published. */
    public static final String SCRIPTS = "scripts/";

    /** These files with {@code path} holding {@code content} instead (e.g. the card merged onto the Hub's). */
    public RepoFiles with(String path, byte[] content) {
        Map<String, byte[]> all = new LinkedHashMap<>(files);
        all.put(path, content);
        return new RepoFiles(all);
    }

    /** The repo paths, in commit order. */
    public List<String> paths() {
        return new ArrayList<>(files.keySet());
    }

    /** The content at {@code path}, which must be one of {@link #paths()}. */
    public byte[] content(String path) {
        byte[] b = files.get(path);
        if (b == null) {
            throw new IllegalArgumentException("no file " + path + " among " + files.keySet());
        }
        return b;
    }

    /** The git blob id of the file at {@code path}: what the Hub's tree lists as its {@code oid}. */
    public String blobId(String path) {
        try {
            return ContentSource.of(content(path)).gitBlobSha1();
        } catch (IOException inMemory) {
            throw new IllegalStateException(inMemory);
        }
    }

    /** The sha256 of the file at {@code path}: the Hub's LFS oid, were it stored through LFS. */
    public String sha256(String path) {
        try {
            return ContentSource.of(content(path)).sha256();
        } catch (IOException inMemory) {
            throw new IllegalStateException(inMemory);
        }
    }

    /** One addition per file, for a commit. */
    public List<CommitOperation> additions() {
        List<CommitOperation> ops = new ArrayList<>();
        files.forEach((path, bytes) -> ops.add(new CommitOperation.Add(path, ContentSource.of(bytes))));
        return ops;
    }

    // The card links the notebook on JupyterHub (this tool's card and the earlier tool's both do):
    // taking the URL from there keeps nersc.json in step with the card, whatever the prefix was.
    private static Optional<String> jupyterUrl(String card, String notebookFileName) {
        Matcher m = Pattern.compile("https?://[^\\s()<>\\[\\]]*/" + Pattern.quote(notebookFileName) + "(?![\\w.-])")
                .matcher(card);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    /** The comparison with a repo that does not exist: every file is missing. */
    public RepoComparison againstNoRepo() {
        return new RepoComparison(null, paths(), List.of(), List.of());
    }

    /** These files against the repo {@code repo} at {@code commit}: one request, for its recursive tree. */
    public RepoComparison againstRepo(HubClient hub, RepoId repo, String commit) {
        List<TreeEntry> tree = new ArrayList<>();
        hub.listTree(repo, commit, null, true).forEach(tree::add);
        return against(commit, tree);
    }

    /** These files against the files of {@code tree} (the repo's recursive tree at {@code head}). */
    public RepoComparison against(String head, List<TreeEntry> tree) {
        Map<String, TreeEntry> there = new HashMap<>();
        List<String> extra = new ArrayList<>();
        for (TreeEntry e : tree) {
            if (!e.isFile()) {
                continue;
            }
            if (files().containsKey(e.path())) {
                there.put(e.path(), e);
            } else if (!e.path().equals(RepoComparison.GITATTRIBUTES)) {
                extra.add(e.path());
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (String path : paths()) {
            TreeEntry e = there.get(path);
            if (e == null) {
                missing.add(path);
            } else if (!(e.lfs() != null
                    ? sha256(path).equals(e.lfs().oid())
                    : blobId(path).equals(e.oid()))) {
                differing.add(path);
            }
        }
        extra.sort(null);
        return new RepoComparison(head, missing, differing, extra);
    }
}
