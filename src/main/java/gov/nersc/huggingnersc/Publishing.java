package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.CommitOptions;
import gov.nersc.huggingnersc.api.DatasetUpdate;
import gov.nersc.huggingnersc.api.PublishOptions;
import gov.nersc.huggingnersc.api.PublishOutcome;
import gov.nersc.huggingnersc.api.PublishResult;
import gov.nersc.huggingnersc.api.UpdateResult;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.errors.HuggingNerscException;
import gov.nersc.huggingnersc.layout.Inventory;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import gov.nersc.huggingnersc.publish.Publisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Publishing catalog entries that exist: one, or all of them. */
final class Publishing {
    private final Context ctx;

    Publishing(Context ctx) {
        this.ctx = ctx;
    }

    /** See {@link HuggingNersc#publish}. */
    PublishResult publish(String nickname, PublishOptions options) {
        CatalogEntry entry = ctx.inspect(nickname).entry(); // a missing entry is named, with close nicknames
        ctx.hubs().requireToken("upload-dataset " + nickname, "");
        ctx.hubs().requireChosenHub("upload-dataset " + nickname, Optional.of(entry));
        try (Catalog.EntryLock held = ctx.catalog().lock(nickname, "upload-dataset");
                HubConnection hub = ctx.hubs().open()) {
            ctx.hubs().sayWhereTo(hub);
            bringToLayout(nickname);
            return new Publisher(ctx.catalog(), hub.client(), hub.endpoint()).publish(nickname, options);
        }
    }

    /**
     * An entry whose data was never listed (written by an earlier version, which scanned but did not
     * list, or by the earlier tool) is rendered anew first, in the catalog only, as {@link HuggingNersc#update} with no change would: the
     * card gets its configs and snippets, the repo its sample and inventory, in the one commit that
     * publishing then makes. Entries whose data path is not on this machine are published as they
     * are.
     */
    private void bringToLayout(String nickname) {
        CatalogEntry entry = ctx.catalog().read(nickname).orElseThrow();
        boolean listed = Files.exists(ctx.catalog().dir(nickname).resolve(Inventory.FILE_NAME));
        boolean here = entry.dataPath()
                .filter(p -> !NerscPaths.isTape(p))
                .map(p -> Files.exists(Path.of(p)))
                .orElse(false);
        // an entry cataloged with --no-scan stays unlisted: the steward chose so
        boolean chose = entry.origin() == CatalogEntry.Origin.HUGGINGNERSC
                && entry.scan().isEmpty();
        if (listed || !here || chose) {
            return;
        }
        EntryRenderer renderer = ctx.renderer();
        List<String> warnings = new ArrayList<>();
        EntryRevision revision =
                renderer.revise(entry, ctx.catalog().readFiles(nickname), DatasetUpdate.none(), true, warnings);
        new EntryUpdate(ctx.catalog(), revision, false, CommitOptions.defaults(), warnings, ctx.clock())
                .entryOnly(UpdateResult.HubChange.NOT_PUSHED);
    }

    /** See {@link HuggingNersc#publishAll}. */
    List<PublishOutcome> publishAll(PublishOptions options) {
        ctx.hubs().requireToken("upload-dataset --all", "");
        ctx.catalog()
                .readAll()
                .entries()
                .forEach(e ->
                        ctx.hubs().requireChosenHub("upload-dataset --all (" + e.nickname() + ")", Optional.of(e)));
        List<PublishOutcome> outcomes = new ArrayList<>();
        try (HubConnection hub = ctx.hubs().open()) {
            ctx.hubs().sayWhereTo(hub);
            Publisher publisher = new Publisher(ctx.catalog(), hub.client(), hub.endpoint());
            for (String nickname : ctx.catalog().nicknames()) {
                try (Catalog.EntryLock held = ctx.catalog().lock(nickname, "upload-dataset --all")) {
                    bringToLayout(nickname);
                    outcomes.add(new PublishOutcome(
                            nickname, Optional.of(publisher.publish(nickname, options)), Optional.empty()));
                } catch (HuggingNerscException e) {
                    outcomes.add(new PublishOutcome(nickname, Optional.empty(), Optional.of(e)));
                }
            }
        }
        return outcomes;
    }
}
