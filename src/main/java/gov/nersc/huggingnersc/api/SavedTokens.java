package gov.nersc.huggingnersc.api;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tokens saved for one Hub endpoint: each under a name (the name it has on huggingface.co, else
 * its user's), and the active one, which commands use. {@link #toString()} shows names only.
 *
 * @param byName the saved tokens by name, in name order
 * @param active the active token, if any; it may be saved under no name (a token file written by
 *     an older huggingface_hub, or by hand)
 */
public record SavedTokens(SortedMap<String, String> byName, Optional<String> active) {

    public SavedTokens {
        byName = Collections.unmodifiableSortedMap(new TreeMap<>(byName));
    }

    /** No tokens. */
    public static SavedTokens none() {
        return new SavedTokens(new TreeMap<>(), Optional.empty());
    }

    /** The name the active token is saved under, if it is saved under one. */
    public Optional<String> activeName() {
        return active.flatMap(value -> byName.entrySet().stream()
                .filter(e -> e.getValue().equals(value))
                .map(Map.Entry::getKey)
                .findFirst());
    }

    /** True when {@code token} is saved here, under a name or as the active token. */
    boolean holds(String token) {
        return byName.containsValue(token) || active.filter(token::equals).isPresent();
    }

    /** These tokens with {@code token} saved as {@code name} and made active. */
    public SavedTokens with(String name, String token) {
        SortedMap<String, String> named = new TreeMap<>(byName);
        named.put(name, token);
        return new SavedTokens(named, Optional.of(token));
    }

    /** These tokens with the one saved as {@code name} made active. */
    public SavedTokens activating(String name) {
        return new SavedTokens(byName, Optional.of(byName.get(name)));
    }

    /** These tokens without the one saved as {@code name}; no active token if it was the active one. */
    public SavedTokens without(String name) {
        SortedMap<String, String> named = new TreeMap<>(byName);
        String removed = named.remove(name);
        return new SavedTokens(named, active.filter(a -> !a.equals(removed)));
    }

    @Override
    public String toString() {
        return "SavedTokens[names " + byName.keySet() + ", active "
                + activeName().orElse(active.isPresent() ? "(unnamed)" : "none") + "]";
    }
}
