package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.api.WhoAmI;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.hub.HubException;
import gov.nersc.huggingnersc.hub.TokenSources;
import gov.nersc.huggingnersc.hub.UnauthorizedException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the API reaches the configured Hub: connections that say when they retry, the checks made
 * before anything is written (a token for an http(s) Hub; an endpoint chosen on purpose for a first
 * publish to huggingface.co), and the one line that says where the writes go, and as whom.
 */
final class HubAccess {
    private final Settings settings;
    private final Consumer<String> retryNotices;
    private final Optional<Consumer<String>> publishingNotice;

    private HubAccess(Settings settings, Consumer<String> retryNotices, Optional<Consumer<String>> publishingNotice) {
        this.settings = settings;
        this.retryNotices = retryNotices;
        this.publishingNotice = publishingNotice;
    }

    static HubAccess of(Settings settings) {
        return new HubAccess(settings, notice -> {}, Optional.empty());
    }

    HubAccess withRetryNotices(Consumer<String> notices) {
        return new HubAccess(settings, notices, publishingNotice);
    }

    HubAccess withPublishingNotice(Consumer<String> notice) {
        return new HubAccess(settings, retryNotices, Optional.of(notice));
    }

    /** A connection to the configured Hub, for reading. */
    HubConnection open() {
        return HubConnection.open(settings, retryNotices);
    }

    /**
     * Says, when a publishing notice was asked for, where the writes about to be made on {@code hub}
     * go, and as whom (asking the Hub once). A token the Hub refuses fails here, before anything is
     * written.
     */
    void sayWhereTo(HubConnection hub) {
        publishingNotice.ifPresent(notice -> notice.accept(whereTo(hub)));
    }

    /** "publishing to URL as USER (token from SOURCE)", or the embedded hub's folder. */
    private String whereTo(HubConnection hub) {
        Optional<java.nio.file.Path> embedded = settings.embeddedHubDir();
        if (embedded.isPresent()) {
            return "publishing to the embedded local hub at " + embedded.get()
                    + (settings.embeddedByDefault() ? " (no Hub token or endpoint is configured)" : "");
        }
        String as;
        try {
            WhoAmI me = hub.client().whoami();
            as = " as " + me.name();
        } catch (UnauthorizedException refused) {
            throw refused;
        } catch (HubException unknown) {
            as = ""; // the writes themselves will say what is wrong
        }
        return "publishing to " + settings.endpoint() + as
                + settings.token().map(t -> " (token from " + t.source() + ")").orElse("");
    }

    /**
     * Refuses to write to an http(s) Hub without a token, before anything is sent or written.
     *
     * @param command the command, as the message names it
     * @param otherwise what else the user can do, e.g. "or write the entry only with --no-push"; may be empty
     * @throws InvalidInputException when there is no token
     */
    void requireToken(String command, String otherwise) {
        if (!settings.embeddedHub() && settings.token().isEmpty()) {
            throw new InvalidInputException(command + ": no Hub token to publish to " + settings.endpoint()
                    + " (endpoint from " + settings.endpointSource() + "); run `"
                    + TokenSources.loginCommand(settings.endpoint())
                    + "` or set HF_TOKEN" + (otherwise.isEmpty() ? "" : "; " + otherwise));
        }
    }

    /**
     * Refuses a first publish to huggingface.co that nobody asked for: the endpoint is huggingface.co
     * only because a token was found on this machine (perhaps for downloading models), and the entry
     * is not published there yet. Publishing there is chosen with --endpoint, HF_ENDPOINT or the config file.
     *
     * @param command the command and entry, as the message names them
     * @param entry the entry as it is in the catalog, if it is there
     * @throws InvalidInputException when the endpoint was not chosen
     */
    void requireChosenHub(String command, Optional<CatalogEntry> entry) {
        boolean thereAlready = entry.filter(e -> e.isPublished() && HubEndpoint.isHuggingFaceCo(e.endpoint()))
                .isPresent();
        if (settings.endpointGiven() || !HubEndpoint.isHuggingFaceCo(settings.endpoint()) || thereAlready) {
            return;
        }
        throw new InvalidInputException(command + ": would publish to " + settings.endpoint() + " only because a Hub "
                + "token was found (" + settings.token().map(HubToken::source).orElse("none")
                + "); say where to publish: "
                + "--endpoint " + Settings.HUGGINGFACE_CO
                + " (or HF_ENDPOINT, or endpoint in the config file), or --endpoint "
                + "file:" + settings.home().resolve("hub") + " for the embedded local hub");
    }

    /** Where retries are told. */
    Consumer<String> retryNotices() {
        return retryNotices;
    }
}
