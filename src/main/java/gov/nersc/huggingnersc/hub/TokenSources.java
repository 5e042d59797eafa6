package gov.nersc.huggingnersc.hub;

import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.HubToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where huggingface_hub finds a token, read the same way: the environment, then the token file. */
public final class TokenSources {
    private TokenSources() {}

    /**
     * Finds the token as huggingface_hub does: {@code HF_TOKEN}, then {@code HUGGING_FACE_HUB_TOKEN},
     * then the file {@code HF_TOKEN_PATH}, else {@code $HF_HOME/token}, where {@code HF_HOME}
     * defaults to {@code $XDG_CACHE_HOME/huggingface} or {@code ~/.cache/huggingface}. Values are
     * stripped; an empty value counts as none.
     */
    public static Optional<HubToken> discover(Map<String, String> env) {
        return fromEnvironment(env)
                .or(() -> fromFile(tokenPath(env), tokenPath(env).toString()));
    }

    /** The token in {@code HF_TOKEN}, else in {@code HUGGING_FACE_HUB_TOKEN}. */
    public static Optional<HubToken> fromEnvironment(Map<String, String> env) {
        for (String name : HubToken.ENVIRONMENT) {
            String v = strip(env.get(name));
            if (v != null) {
                return Optional.of(new HubToken(v, name));
            }
        }
        return Optional.empty();
    }

    /** The token in {@code file}, stripped; none when the file is missing, unreadable or empty. */
    public static Optional<HubToken> fromFile(Path file, String source) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(strip(Files.readString(file, StandardCharsets.UTF_8)))
                    .map(v -> new HubToken(v, source));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The file {@code HF_TOKEN_PATH} names, if it is set. */
    public static Optional<Path> tokenPathVariable(Map<String, String> env) {
        return Optional.ofNullable(strip(env.get(HubToken.TOKEN_PATH_VARIABLE))).map(p -> Path.of(expandHome(p, env)));
    }

    /** The command that saves a token for {@code endpoint}: {@code huggingnersc login}, with the endpoint unless it is huggingface.co. */
    public static String loginCommand(String endpoint) {
        return "huggingnersc login" + (HubEndpoint.isHuggingFaceCo(endpoint) ? "" : " --endpoint " + endpoint);
    }

    /** The file {@code hf auth login} writes and {@code login} writes: HF_TOKEN_PATH or $HF_HOME/token. */
    public static Path tokenPath(Map<String, String> env) {
        return tokenPathVariable(env).orElseGet(() -> hfHome(env).resolve("token"));
    }

    /** {@code HF_HOME}, else {@code $XDG_CACHE_HOME/huggingface}, else {@code ~/.cache/huggingface}. */
    public static Path hfHome(Map<String, String> env) {
        String hfHome = strip(env.get("HF_HOME"));
        if (hfHome != null) {
            return Path.of(expandHome(hfHome, env));
        }
        String xdg = strip(env.get("XDG_CACHE_HOME"));
        if (xdg != null) {
            return Path.of(expandHome(xdg, env), "huggingface");
        }
        return Path.of(userHome(env), ".cache", "huggingface");
    }

    static String userHome(Map<String, String> env) {
        String home = strip(env.get("HOME"));
        return home != null ? home : System.getProperty("user.home");
    }

    private static String expandHome(String path, Map<String, String> env) {
        if (path.equals("~") || path.startsWith("~/")) {
            return userHome(env) + path.substring(1);
        }
        return path;
    }

    private static String strip(String v) {
        if (v == null) {
            return null;
        }
        String s = v.strip();
        return s.isEmpty() ? null : s;
    }
}
