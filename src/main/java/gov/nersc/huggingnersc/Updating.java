package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.DatasetUpdate;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.UpdateOptions;
import gov.nersc.huggingnersc.api.UpdateResult;
import gov.nersc.huggingnersc.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;

/** Changing a catalog entry and its repo in one commit. */
final class Updating {
    private final Context ctx;

    Updating(Context ctx) {
        this.ctx = ctx;
    }

    /** See {@link HuggingNersc#update}. */
    UpdateResult update(String nickname, DatasetUpdate changes, UpdateOptions options) {
        EntryRenderer renderer = ctx.renderer();
        if (options.dryRun()) {
            return updateLocked(nickname, changes, options, renderer);
        }
        // every change is validated, and the data scanned, before the entry is locked: bad input touches
        // nothing, and others are not kept waiting through a long scan
        CatalogEntry current = ctx.inspect(nickname).entry();
        if (hubChange(current, options) == UpdateResult.HubChange.COMMIT) {
            ctx.hubs().requireToken("update-dataset " + nickname, "or change the entry only with --no-push");
        }
        renderer.revise(current, ctx.catalog().readFiles(nickname), changes, options.scan(), new ArrayList<>());
        // held from reading the entry to writing it back: a second update waits, then starts from this one's result
        try (Catalog.EntryLock held = ctx.catalog().lock(nickname, "update-dataset")) {
            return updateLocked(nickname, changes, options, renderer);
        }
    }

    private UpdateResult updateLocked(
            String nickname, DatasetUpdate changes, UpdateOptions options, EntryRenderer renderer) {
        CatalogEntry before = ctx.inspect(nickname).entry();
        List<String> warnings = new ArrayList<>();
        EntryRevision revision =
                renderer.revise(before, ctx.catalog().readFiles(nickname), changes, options.scan(), warnings);
        EntryUpdate update =
                new EntryUpdate(ctx.catalog(), revision, options.dryRun(), options.commit(), warnings, ctx.clock());
        UpdateResult.HubChange target = hubChange(before, options);
        if (target != UpdateResult.HubChange.COMMIT) {
            return update.entryOnly(target);
        }
        try (HubConnection hub = ctx.hubs().open()) {
            if (!options.dryRun()) {
                ctx.hubs().sayWhereTo(hub);
            }
            return update.withRepo(hub.client(), hub.endpoint());
        }
    }

    /** What an update does to the Hub repo: a commit, or nothing, and why. */
    private UpdateResult.HubChange hubChange(CatalogEntry entry, UpdateOptions options) {
        return !options.push()
                ? UpdateResult.HubChange.NOT_PUSHED
                : entry.published().isEmpty()
                        ? UpdateResult.HubChange.NOT_PUBLISHED
                        : !HubEndpoint.sameHub(entry.endpoint(), ctx.settings().endpoint())
                                ? UpdateResult.HubChange.PUBLISHED_ELSEWHERE
                                : UpdateResult.HubChange.COMMIT;
    }
}
