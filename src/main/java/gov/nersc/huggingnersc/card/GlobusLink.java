package gov.nersc.huggingnersc.card;

import gov.nersc.huggingnersc.api.Metadata;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The card's link that opens the data in the Globus web app's File Manager, to transfer it.
 *
 * @param url the File Manager URL
 * @param collection how the card names the collection
 * @param path the path of the data in the collection
 * @param fromMetadata true when the metadata named the collection ({@code other_info.globus}), false
 *     for the site's collection
 */
public record GlobusLink(String url, String collection, String path, boolean fromMetadata) {
    /** The name of NERSC's default collection, for the card. */
    static final String NERSC_DTN_NAME = "NERSC DTN";

    /** The link's text on the card. */
    static final String TEXT = "Transfer with Globus";

    private static final Pattern ON_CARD = Pattern.compile(
            "\\[" + Pattern.quote(TEXT) + "\\]\\((https://app\\.globus\\.org/file-manager\\?[^\\s()<>]+)\\)");

    /** The URL of the Globus link on a card's Markdown, if it has one. */
    public static Optional<String> urlIn(String card) {
        Matcher m = ON_CARD.matcher(card);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The link for a dataset, if it has one: to the collection the metadata names by its id (a guest
     * collection, say), at the path it gives; else, for data on CFS, to the site's collection at the
     * data path. None for data on tape or with no path: Globus cannot open those.
     */
    static Optional<GlobusLink> of(Metadata metadata, Optional<String> recorded, String siteCollection) {
        String dataPath = recorded.orElse("");
        if (dataPath.isBlank() || NerscPaths.isTape(dataPath)) {
            return Optional.empty();
        }
        Optional<Metadata.Globus> given =
                metadata.globus().filter(g -> !g.path().isBlank());
        Optional<String> givenId = given.flatMap(GlobusLink::idOf);
        if (givenId.isPresent()) {
            Metadata.Globus g = given.get();
            String id = givenId.get().toLowerCase(Locale.ROOT);
            String name = g.collection().isBlank() ? id : g.collection().strip();
            return Optional.of(new GlobusLink(NerscPaths.globusUrl(id, g.path()), name, g.path(), true));
        }
        if (!NerscPaths.isOnCfs(dataPath) || !NerscPaths.isCollectionId(siteCollection)) {
            return Optional.empty();
        }
        String name = siteCollection.equalsIgnoreCase(NerscPaths.NERSC_DTN_COLLECTION)
                ? NERSC_DTN_NAME
                : siteCollection.toLowerCase(Locale.ROOT);
        return Optional.of(new GlobusLink(NerscPaths.globusUrl(siteCollection, dataPath), name, dataPath, false));
    }

    /** The collection id the metadata gives: {@code collection_id}, else a {@code collection} that is a UUID. */
    private static Optional<String> idOf(Metadata.Globus g) {
        String named = g.collection().strip();
        return g.collectionId().or(() -> Optional.of(named)).filter(NerscPaths::isCollectionId);
    }

    /** True when this link already says what the metadata's {@code globus} names: its collection and path. */
    boolean shows(Metadata.Globus g) {
        return fromMetadata
                || collection.equals(g.collection().strip())
                        && withoutSlash(path).equals(withoutSlash(g.path()));
    }

    private static String withoutSlash(String p) {
        String s = p.strip();
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
