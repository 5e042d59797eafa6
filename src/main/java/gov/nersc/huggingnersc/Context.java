package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.InspectedEntry;
import gov.nersc.huggingnersc.api.ScanProgress;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.catalog.Catalog;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.metadata.EditDistance;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What every use case of the facade shares: the settings, the catalog, the Hub access, and looking an entry up by nickname. */
record Context(
        Settings settings,
        Catalog catalog,
        Clock clock,
        ScanProgress.Listener scanProgress,
        long sampleBudget,
        HubAccess hubs) {

    Context withCatalog(Catalog other) {
        return new Context(settings, other, clock, scanProgress, sampleBudget, hubs);
    }

    Context withHubs(HubAccess other) {
        return new Context(settings, catalog, clock, scanProgress, sampleBudget, other);
    }

    Context withScanProgress(ScanProgress.Listener other) {
        return new Context(settings, catalog, clock, other, sampleBudget, hubs);
    }

    Context withSampleBudget(long bytes) {
        return new Context(settings, catalog, clock, scanProgress, bytes, hubs);
    }

    EntryRenderer renderer() {
        return new EntryRenderer(settings, catalog, clock, scanProgress, sampleBudget);
    }

    String hubDescription() {
        return settings.embeddedHubDir()
                .map(d -> "the embedded local hub at " + d)
                .orElse(settings.endpoint());
    }

    InspectedEntry inspect(String nickname) {
        Optional<CatalogEntry> entry = catalog.read(nickname);
        if (entry.isEmpty()) {
            String message = "no catalog entry '" + nickname + "' under " + catalog.root();
            List<String> close = closeNicknames(nickname);
            throw new InvalidInputException(
                    close.isEmpty() ? message : message + "; did you mean " + String.join(", ", close) + "?");
        }
        return new InspectedEntry(entry.get(), catalog.dir(nickname), catalog.files(nickname));
    }

    ConflictException conflict(String nickname, List<String> differ) {
        boolean earlier = catalog.read(nickname)
                .map(e -> e.origin() == CatalogEntry.Origin.EARLIER_TOOL)
                .orElse(false);
        return new ConflictException("catalog entry '" + nickname + "' already exists under " + catalog.root()
                + (earlier ? " (written by the earlier tool)" : "") + " and differs from this input ("
                + String.join(", ", differ) + "); nothing was changed; to change it, run 'huggingnersc update-dataset "
                + nickname + "' with the new values");
    }

    /** Nicknames in the catalog that look like a mistyped {@code nickname}, closest first. */
    private List<String> closeNicknames(String nickname) {
        String wanted = nickname.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, wanted.length() / 3));
        return catalog.nicknames().stream()
                .filter(n -> distance(n, wanted) <= limit
                        || wanted.length() >= 3 && n.toLowerCase(Locale.ROOT).contains(wanted))
                .sorted(Comparator.comparingInt(n -> distance(n, wanted)))
                .limit(5)
                .toList();
    }

    private static int distance(String nickname, String wanted) {
        return EditDistance.between(nickname.toLowerCase(Locale.ROOT), wanted, 10);
    }
}
