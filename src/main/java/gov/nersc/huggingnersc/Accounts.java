package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.Identity;
import gov.nersc.huggingnersc.api.LoginResult;
import gov.nersc.huggingnersc.api.SavedToken;
import gov.nersc.huggingnersc.api.SavedTokens;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.api.TokenRemoved;
import gov.nersc.huggingnersc.api.WhoAmI;
import gov.nersc.huggingnersc.auth.TokenStore;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.hub.TokenSources;
import gov.nersc.huggingnersc.hub.UnauthorizedException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Hub tokens of this user, as {@code hf auth} manages them: log in and out, list, switch, and
 * ask who a token belongs to. huggingface.co's tokens are shared with {@code hf}; other Hubs' are
 * kept by endpoint in HuggingNERSC's own file. Obtained from {@link HuggingNersc#accounts}.
 */
public final class Accounts {
    private final Settings settings;
    private final Map<String, String> env;
    private final Consumer<String> retryNotices;

    Accounts(Settings settings, Map<String, String> env, Consumer<String> retryNotices) {
        this.settings = settings;
        this.env = Map.copyOf(env);
        this.retryNotices = retryNotices;
    }

    /**
     * The Hub whose tokens {@code command} changes: the configured endpoint, or huggingface.co when the
     * embedded hub is only the default for want of a token.
     *
     * @throws InvalidInputException when the embedded local hub was asked for: it keeps its own token
     */
    public String endpoint(String command) {
        if (settings.embeddedByDefault()) {
            return Settings.HUGGINGFACE_CO;
        }
        if (settings.embeddedHub()) {
            throw new InvalidInputException(
                    command + ": the endpoint " + settings.endpoint() + " (from "
                            + settings.endpointSource()
                            + ") is the embedded local hub, which needs no token (it keeps its own); log in "
                            + "to a Hub served over http(s): https://huggingface.co, or the URL a 'huggingnersc hub serve' printed");
        }
        return settings.endpoint();
    }

    /**
     * Checks {@code token} with the Hub's whoami and saves it under its name (as named on the Hub, else
     * the user's) as the endpoint's active token. A token that would be lost (the active one, saved
     * under no name) is replaced only when {@code force}; a token the Hub refuses is not saved.
     */
    public LoginResult login(HubToken token, boolean force) {
        TokenStore store = store("login");
        store.requireNothingLost(token, force); // before asking the Hub: the answer would not change this
        WhoAmI me = check(store.endpoint(), token);
        return new LoginResult(
                me, store.save(me.tokenName() != null ? me.tokenName() : me.name(), token, force), store.activeFile());
    }

    private WhoAmI check(String endpoint, HubToken token) {
        try (HubConnection hub =
                HubConnection.open(endpoint, Optional.of(token), settings.allowInsecureToken(), retryNotices)) {
            return hub.client().whoami();
        } catch (UnauthorizedException e) {
            throw new UnauthorizedException(
                    "the Hub at " + endpoint + " refused this token; nothing was saved; create "
                            + "one at https://huggingface.co/settings/tokens",
                    e.status(),
                    e.requestId().orElse(null),
                    "GET",
                    e.url(),
                    e.serverMessage().orElse(null));
        }
    }

    /** Forgets the active token of the endpoint, or the one saved as {@code name}. */
    public TokenRemoved logout(Optional<String> name) {
        return store("logout").logout(name);
    }

    /** Makes the token saved as {@code name} the endpoint's active one; returns the files written. */
    public List<Path> switchTo(String name) {
        return store("switch").switchTo(name);
    }

    /** Every saved token of every Hub, huggingface.co's first; never a token's value. */
    public List<SavedToken> list() {
        List<SavedToken> rows = new ArrayList<>();
        for (TokenStore store : TokenStore.all(env, settings.home())) {
            SavedTokens saved = store.read();
            saved.byName()
                    .keySet()
                    .forEach(name -> rows.add(new SavedToken(
                            store.endpoint(),
                            Optional.of(name),
                            saved.activeName().filter(name::equals).isPresent(),
                            store.namedFile())));
            if (saved.active().isPresent() && saved.activeName().isEmpty()) {
                rows.add(new SavedToken(store.endpoint(), Optional.empty(), true, store.activeFile()));
            }
        }
        return rows;
    }

    /**
     * Who the configured token belongs to.
     *
     * @throws OperationFailedException when no token is configured for an http(s) Hub
     */
    public Identity whoami() {
        // with no token the default endpoint is the embedded hub, but "who am I" is about the real Hub
        if (settings.embeddedByDefault() || settings.token().isEmpty() && !settings.embeddedHub()) {
            String endpoint = settings.embeddedByDefault() ? Settings.HUGGINGFACE_CO : settings.endpoint();
            throw new OperationFailedException("not logged in to " + endpoint + ": no Hub token in HF_TOKEN, "
                    + "HUGGING_FACE_HUB_TOKEN, HF_TOKEN_PATH or "
                    + TokenStore.forEndpoint(endpoint, env, settings.home()).activeFile() + "; run `"
                    + TokenSources.loginCommand(endpoint) + "`");
        }
        try (HubConnection hub = HubConnection.open(settings, retryNotices)) {
            String source = hub.embedded()
                    ? "the local hub's token file"
                    : settings.token().get().source();
            return new Identity(hub.client().whoami(), settings.endpoint(), settings.endpointSource(), source);
        }
    }

    /**
     * The environment variable that commands use before the saved tokens of {@code endpoint}, if one
     * is set; for an empty endpoint, before those of any Hub.
     */
    public Optional<String> overriddenBy(String endpoint) {
        List<String> names = HubEndpoint.isHuggingFaceCo(endpoint)
                ? List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")
                : List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", HubToken.TOKEN_PATH_VARIABLE);
        return names.stream()
                .filter(n -> env.get(n) != null && !env.get(n).isBlank())
                .findFirst();
    }

    /** The command that saves a token for {@code endpoint}: {@code huggingnersc login [--endpoint URL]}. */
    public static String loginCommand(String endpoint) {
        return TokenSources.loginCommand(endpoint);
    }

    private TokenStore store(String command) {
        return TokenStore.forEndpoint(endpoint(command), env, settings.home());
    }
}
