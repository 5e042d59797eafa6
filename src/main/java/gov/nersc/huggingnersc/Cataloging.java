package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.CatalogResult;
import gov.nersc.huggingnersc.api.DryRun;
import gov.nersc.huggingnersc.api.NewDataset;
import gov.nersc.huggingnersc.api.PublishOptions;
import gov.nersc.huggingnersc.api.PublishResult;
import gov.nersc.huggingnersc.api.RepoComparison;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.catalog.EntryFiles;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.HuggingNerscException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.publish.Publisher;
import gov.nersc.huggingnersc.publish.RepoFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Cataloging a new dataset: rendering, writing the entry, publishing it, and dry runs. */
final class Cataloging {
    private final Context ctx;

    Cataloging(Context ctx) {
        this.ctx = ctx;
    }

    /** See {@link HuggingNersc#catalogNewDataset}. */
    CatalogResult catalogNewDataset(NewDataset request) {
        EntryRenderer.Rendered rendered = ctx.renderer().render(request);
        EntryFiles files = rendered.files();
        String nickname = files.entry().nickname();
        if (!sameEntryExists(files)) {
            try (Catalog.EntryLock held = ctx.catalog().lock(nickname, "catalog-new-dataset")) {
                if (!sameEntryExists(files)) { // nobody wrote it while this process waited
                    Path where = ctx.catalog().write(files);
                    return new CatalogResult(
                            ctx.catalog().read(nickname).orElseThrow(),
                            where,
                            CatalogResult.Status.NEW,
                            rendered.warnings());
                }
            }
        }
        return new CatalogResult(
                ctx.catalog().read(nickname).orElseThrow(),
                ctx.catalog().dir(nickname),
                CatalogResult.Status.UNCHANGED,
                rendered.warnings());
    }

    /**
     * True when the catalog holds exactly these files already; false when there is no such entry.
     *
     * @throws ConflictException when it holds other content under this nickname
     */
    private boolean sameEntryExists(EntryFiles files) {
        String nickname = files.entry().nickname();
        if (!ctx.catalog().exists(nickname)) {
            return false;
        }
        List<String> differ = files.inputDifferencesFrom(ctx.catalog().readFiles(nickname));
        if (!differ.isEmpty()) {
            throw ctx.conflict(nickname, differ);
        }
        return true;
    }

    /** See {@link HuggingNersc#catalogNewDataset}. */
    CatalogResult catalogNewDataset(NewDataset request, PublishOptions options) {
        EntryRenderer.Rendered rendered = ctx.renderer().render(request);
        EntryFiles files = rendered.files();
        String nickname = files.entry().nickname();
        ctx.hubs().requireToken("catalog-new-dataset " + nickname, "or write the entry only with --no-push");
        ctx.hubs()
                .requireChosenHub(
                        "catalog-new-dataset " + nickname,
                        ctx.catalog().exists(nickname) ? ctx.catalog().read(nickname) : Optional.empty());
        sameEntryExists(files); // a conflict is refused before anything is locked or written
        try (Catalog.EntryLock held = ctx.catalog().lock(nickname, "catalog-new-dataset")) {
            return sameEntryExists(files)
                    ? publishExisting(nickname, rendered, options)
                    : publishNew(rendered, options);
        }
    }

    /** The entry is in the ctx.catalog() already: publish what an earlier run left unpublished, if anything. */
    private CatalogResult publishExisting(String nickname, EntryRenderer.Rendered rendered, PublishOptions options) {
        try (HubConnection hub = ctx.hubs().open()) {
            Publisher publisher = new Publisher(ctx.catalog(), hub.client(), hub.endpoint());
            PublishResult p = publishOrExplain(nickname, () -> {
                CatalogEntry entry = ctx.catalog().read(nickname).orElseThrow();
                RepoFiles repoFiles = RepoFiles.of(ctx.catalog(), entry);
                RepoComparison repo = publisher.compare(entry.repoId(), repoFiles);
                // published and in agreement: only the comparison was asked, nothing is written
                return publisher.alreadyPublished(entry, repo).orElseGet(() -> {
                    ctx.hubs().sayWhereTo(hub);
                    return publisher.publish(entry, repoFiles, repo, options);
                });
            });
            return new CatalogResult(
                    p.entry(),
                    ctx.catalog().dir(nickname),
                    CatalogResult.Status.UNCHANGED,
                    rendered.warnings(),
                    Optional.of(p));
        }
    }

    /** A new entry: check the repo is free (or ours), write the entry, publish it. */
    private CatalogResult publishNew(EntryRenderer.Rendered rendered, PublishOptions options) {
        EntryFiles files = rendered.files();
        String nickname = files.entry().nickname();
        try (HubConnection hub = ctx.hubs().open()) {
            Publisher publisher = new Publisher(ctx.catalog(), hub.client(), hub.endpoint());
            CatalogEntry fresh = files.entry();
            RepoFiles repoFiles = RepoFiles.of(fresh, ctx.catalog().dir(nickname), bytes(files));
            RepoComparison repo;
            try {
                // the one extra request: whether the repo exists and whose it is, before anything is written
                repo = publisher.compare(fresh.repoId(), repoFiles);
                publisher.requireOurs(fresh, repo);
            } catch (HuggingNerscException e) {
                if (e.kind() != HuggingNerscException.Kind.FAILED) {
                    throw e;
                }
                ctx.catalog().write(files);
                throw notPublished(nickname, e);
            }
            ctx.hubs().sayWhereTo(hub);
            Path where = ctx.catalog().write(files);
            PublishResult p = publishOrExplain(
                    nickname,
                    () -> publisher.publish(ctx.catalog().read(nickname).orElseThrow(), repoFiles, repo, options));
            return new CatalogResult(p.entry(), where, CatalogResult.Status.NEW, rendered.warnings(), Optional.of(p));
        }
    }

    private PublishResult publishOrExplain(String nickname, java.util.function.Supplier<PublishResult> publish) {
        try {
            return publish.get();
        } catch (HuggingNerscException e) {
            throw notPublished(nickname, e);
        }
    }

    /** Publishing failed after the entry was written: say that it is kept, and how to finish. */
    private HuggingNerscException notPublished(String nickname, HuggingNerscException cause) {
        String message = "the catalog entry " + ctx.catalog().dir(nickname) + "/ is written, but publishing it to "
                + ctx.hubDescription() + " failed: " + cause.getMessage()
                + "; the entry is kept, unpublished: run the same "
                + "command again, or 'huggingnersc upload-dataset " + nickname + "'";
        return cause.kind() == HuggingNerscException.Kind.CONFLICT
                ? new ConflictException(message, cause)
                : new OperationFailedException(message, cause);
    }

    private static Map<String, byte[]> bytes(EntryFiles files) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        files.files().forEach((name, text) -> out.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    /** See {@link HuggingNersc#dryRun}. */
    DryRun dryRun(NewDataset request, Optional<Path> outputDir) {
        return dryRun(request, outputDir, false);
    }

    /** See {@link HuggingNersc#dryRun}. */
    DryRun dryRun(NewDataset request, Optional<Path> outputDir, boolean replace) {
        Optional<Path> output = outputDir.map(p -> p.toAbsolutePath().normalize());
        if (output.isPresent() && output.get().startsWith(ctx.catalog().root())) {
            throw new InvalidInputException("--output " + output.get() + ": inside the catalog root "
                    + ctx.catalog().root() + "; a dry run touches nothing there, so choose a folder elsewhere");
        }
        if (output.isPresent() && Files.exists(output.get()) && !Files.isDirectory(output.get())) {
            throw new InvalidInputException("--output " + output.get() + ": is a file; a folder is expected");
        }
        if (output.isPresent() && !replace) {
            requireEmpty(output.get());
        }
        EntryRenderer.Rendered rendered = ctx.renderer().render(request);
        EntryFiles files = rendered.files();
        Path where;
        try {
            where = output.isPresent()
                    ? output.get()
                    : Files.createTempDirectory("huggingnersc-dry-run-")
                            .resolve(files.entry().nickname());
        } catch (IOException e) {
            throw new OperationFailedException(
                    "cannot create a temporary folder for the dry run: " + e.getMessage(), e);
        }
        Catalog.writePreview(files, where);
        return new DryRun(
                files.entry(),
                where,
                List.copyOf(files.files().keySet()),
                ctx.catalog().dir(files.entry().nickname()),
                rendered.warnings());
    }

    /** A dry run's --output folder, if it exists, holds nothing the rendering could overwrite. */
    private static void requireEmpty(Path output) {
        if (!Files.isDirectory(output)) {
            return;
        }
        try (Stream<Path> files = Files.list(output)) {
            List<String> names =
                    files.map(f -> f.getFileName().toString()).sorted().limit(4).toList();
            if (!names.isEmpty()) {
                throw new InvalidInputException("--output " + output + ": not empty (" + String.join(", ", names)
                        + (names.size() == 4 ? ", ..." : "")
                        + "); the entry's files (README.md, ...) would replace files of "
                        + "the same names: choose an empty or new folder, or add --force to replace them");
            }
        } catch (IOException e) {
            throw new OperationFailedException("--output " + output + ": cannot list it: " + e.getMessage(), e);
        }
    }
}
