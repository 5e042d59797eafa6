package gov.nersc.huggingnersc.auth;

import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.SavedTokens;
import gov.nersc.huggingnersc.api.TokenRemoved;
import gov.nersc.huggingnersc.api.TokenSaved;
import gov.nersc.huggingnersc.errors.ConflictException;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.hub.TokenSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code login} keeps the tokens of one Hub endpoint. huggingface.co's live where {@code hf}
 * keeps them ({@link HfTokenFiles}: {@code $HF_HOME/token} and {@code stored_tokens}), so both tools
 * share one login; every other endpoint's (a {@code hub serve}, a mirror) live in HuggingNERSC's own
 * file ({@link EndpointTokenFile}), so logging in there never touches the token {@code hf} uses.
 * Tokens are saved under a name; a token that would be lost is replaced only when forced.
 */
public abstract class TokenStore {
    /** The file, under {@code HUGGINGNERSC_HOME}, that holds the tokens of every other endpoint. */
    public static final String OWN_FILE = "tokens.json";

    /** The endpoint whose tokens these are. */
    public abstract String endpoint();

    /** The saved tokens; none when the files are missing. */
    public abstract SavedTokens read();

    /** Writes {@code tokens}, changing only the files whose content changes; returns those files. */
    protected abstract List<Path> write(SavedTokens tokens);

    /** The file that holds the active token. */
    public abstract Path activeFile();

    /** The file that holds the tokens by name. */
    public abstract Path namedFile();

    /** The store of {@code endpoint}'s tokens, for this environment and {@code HUGGINGNERSC_HOME}. */
    public static TokenStore forEndpoint(String endpoint, Map<String, String> env, Path home) {
        return HubEndpoint.isHuggingFaceCo(endpoint)
                ? HfTokenFiles.of(env)
                : new EndpointTokenFile(home.resolve(OWN_FILE), endpoint);
    }

    /** Every store that holds tokens: huggingface.co's first, then each other endpoint's, in order. */
    public static List<TokenStore> all(Map<String, String> env, Path home) {
        List<TokenStore> out = new ArrayList<>(List.of(HfTokenFiles.of(env)));
        EndpointTokenFile.endpoints(home.resolve(OWN_FILE))
                .forEach(e -> out.add(new EndpointTokenFile(home.resolve(OWN_FILE), e)));
        return out;
    }

    /**
     * The token for {@code endpoint}: {@code HF_TOKEN}, then {@code HUGGING_FACE_HUB_TOKEN}, then the
     * file {@code HF_TOKEN_PATH}, then the endpoint's store (for huggingface.co {@code $HF_HOME/token},
     * unless {@code HF_TOKEN_PATH} names another file, as {@code hf} reads it).
     */
    public static Optional<HubToken> find(String endpoint, Map<String, String> env, Path home) {
        if (HubEndpoint.isHuggingFaceCo(endpoint)) {
            return TokenSources.discover(env);
        }
        Optional<HubToken> given = TokenSources.fromEnvironment(env)
                .or(() -> TokenSources.tokenPathVariable(env)
                        .flatMap(
                                file -> TokenSources.fromFile(file, file + " (" + HubToken.TOKEN_PATH_VARIABLE + ")")));
        if (given.isPresent() || endpoint.startsWith("file:")) {
            return given; // the embedded hub has a token of its own
        }
        EndpointTokenFile store = new EndpointTokenFile(home.resolve(OWN_FILE), endpoint);
        SavedTokens saved = store.read();
        return saved.active()
                .map(token -> new HubToken(
                        token,
                        store.activeFile() + " (saved as `" + saved.activeName().orElse("?") + "`)"));
    }

    /**
     * Checks that saving {@code token} loses no token: the active token, when it is another one, must
     * be saved under a name (or {@code force} given).
     *
     * @throws ConflictException when it would lose one (nothing written)
     */
    public void requireNothingLost(HubToken token, boolean force) {
        SavedTokens before = read();
        if (!force
                && before.active().filter(a -> !a.equals(token.value())).isPresent()
                && before.activeName().isEmpty()) {
            throw new ConflictException(activeFile() + " holds another token for " + endpoint() + ", saved under no "
                    + "name, so logging in would lose it; nothing was saved; to replace it, log in again with --force");
        }
    }

    /**
     * Saves {@code token} as {@code name} and makes it the active token. Saving the active token again
     * changes nothing.
     *
     * @throws ConflictException when it would lose a token ({@link #requireNothingLost}; nothing written)
     */
    public TokenSaved save(String name, HubToken token, boolean force) {
        requireNothingLost(token, force);
        SavedTokens before = read();
        SavedTokens after = before.with(name, token.value());
        Optional<String> replacedActive = before.active().filter(a -> !a.equals(token.value()));
        boolean unnamed = replacedActive.isPresent() && before.activeName().isEmpty();
        boolean renewed = Optional.ofNullable(before.byName().get(name))
                .filter(t -> !t.equals(token.value()))
                .isPresent();
        List<Path> written = before.equals(after) ? List.of() : write(after);
        return new TokenSaved(
                endpoint(),
                name,
                written,
                replacedActive.isPresent() && !unnamed
                        ? before.activeName().filter(n -> !n.equals(name))
                        : Optional.empty(),
                unnamed,
                renewed);
    }

    /**
     * Makes the token saved as {@code name} the active one.
     *
     * @return the files written (none when it was active already)
     * @throws InvalidInputException when no token is saved under that name
     */
    public List<Path> switchTo(String name) {
        SavedTokens before = read();
        requireName(before, name);
        SavedTokens after = before.activating(name);
        return before.equals(after) ? List.of() : write(after);
    }

    /**
     * Forgets the token saved as {@code name}, or, without a name, the active token (and its name).
     *
     * @return what was removed; nothing when no token was active
     * @throws InvalidInputException when no token is saved under {@code name}
     */
    public TokenRemoved logout(Optional<String> name) {
        SavedTokens before = read();
        name.ifPresent(n -> requireName(before, n));
        Optional<String> removed = name.or(before::activeName);
        SavedTokens after =
                removed.map(before::without).orElseGet(() -> new SavedTokens(before.byName(), Optional.empty()));
        boolean wasActive = before.active().isPresent() && after.active().isEmpty();
        List<Path> written = before.equals(after) ? List.of() : write(after);
        return new TokenRemoved(endpoint(), removed, wasActive, written);
    }

    private void requireName(SavedTokens tokens, String name) {
        if (!tokens.byName().containsKey(name)) {
            throw new InvalidInputException("TOKEN_NAME '" + name + "': no token of " + endpoint() + " is saved under "
                    + "that name in " + namedFile() + "; saved: "
                    + (tokens.byName().isEmpty()
                            ? "none (run " + "`" + TokenSources.loginCommand(endpoint()) + "` first)"
                            : String.join(", ", tokens.byName().keySet())));
        }
    }
}
