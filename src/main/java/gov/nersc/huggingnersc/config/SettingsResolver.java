package gov.nersc.huggingnersc.config;

import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.auth.TokenStore;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import gov.nersc.huggingnersc.nersc.NerscSite;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Resolves {@link Settings}: flags beat the environment, which beats the config file, which beats
 * the defaults. The config file is {@code --config FILE}, else {@code HUGGINGNERSC_CONFIG}, else
 * {@code ~/.config/huggingnersc/config.toml} or {@code config.properties} if present. It holds
 * {@code key = "value"} lines with the keys {@link #CONFIG_KEYS}; a {@code .properties} file may
 * leave the quotes out. A bad value is named with the file and its line.
 */
public final class SettingsResolver {

    /** The keys a config file may set. */
    public static final Set<String> CONFIG_KEYS =
            Set.of("endpoint", "org", "catalog_root", "jupyter_url_prefix", "portal_url", "globus_collection");

    /** What the user gave on the command line; null means not given. */
    public record Flags(String endpoint, String org, Path catalogRoot, Path configFile) {
        public static Flags none() {
            return new Flags(null, null, null, null);
        }
    }

    private SettingsResolver() {}

    /** Resolves the settings of one command run. */
    public static Settings resolve(Flags flags, Map<String, String> env) {
        Path home = Optional.ofNullable(nonBlank(env.get("HUGGINGNERSC_HOME")))
                .map(Path::of)
                .orElseGet(() -> Path.of(userHome(env), ".local", "share", "huggingnersc"))
                .toAbsolutePath()
                .normalize();
        ConfigFile file = readConfig(flags.configFile(), env);

        String endpoint;
        String endpointSource;
        String endpointWhere = null;
        boolean embeddedByDefault = false;
        if (flags.endpoint() != null) {
            endpoint = flags.endpoint();
            endpointSource = "--endpoint";
        } else if (nonBlank(env.get("HF_ENDPOINT")) != null) {
            endpoint = env.get("HF_ENDPOINT").strip();
            endpointSource = "HF_ENDPOINT";
        } else if (file.containsKey("endpoint")) {
            endpoint = file.get("endpoint");
            endpointSource = "the config file";
            endpointWhere = file.where("endpoint");
        } else if (TokenStore.find(Settings.HUGGINGFACE_CO, env, home).isPresent()) {
            endpoint = Settings.HUGGINGFACE_CO;
            endpointSource = "default";
        } else {
            endpoint = "file:" + home.resolve("hub");
            endpointSource = "default (no Hub token found)";
            embeddedByDefault = true;
        }
        endpoint = checkEndpoint(endpoint, endpointWhere != null ? endpointWhere : endpointSource);
        Optional<HubToken> token = TokenStore.find(endpoint, env, home);
        String org = org(flags, env, file);

        Path catalogRoot;
        if (flags.catalogRoot() != null) {
            catalogRoot = flags.catalogRoot();
        } else if (nonBlank(env.get("HUGGINGNERSC_CATALOG_ROOT")) != null) {
            catalogRoot = Path.of(env.get("HUGGINGNERSC_CATALOG_ROOT").strip());
        } else if (file.containsKey("catalog_root")) {
            catalogRoot = Path.of(file.get("catalog_root"));
        } else if (NerscSite.atNersc(env)) {
            catalogRoot = Settings.NERSC_CATALOG_ROOT;
        } else {
            catalogRoot = home.resolve("catalog");
        }
        String jupyter = siteSetting(
                env,
                file,
                "HUGGINGNERSC_JUPYTER_URL_PREFIX",
                "jupyter_url_prefix",
                Settings.DEFAULT_JUPYTER_URL_PREFIX);
        return new Settings(
                endpoint,
                endpointSource,
                token,
                org,
                catalogRoot.toAbsolutePath().normalize(),
                home.toAbsolutePath().normalize(),
                jupyter,
                portalUrl(env, file),
                globusCollection(env, file),
                embeddedByDefault,
                allowInsecureToken(env));
    }

    /** The organization: --org, else HUGGINGNERSC_ORG, else the config file's, else NERSC; a Hub name. */
    private static String org(Flags flags, Map<String, String> env, ConfigFile file) {
        String org =
                firstNonNull(flags.org(), nonBlank(env.get("HUGGINGNERSC_ORG")), file.get("org"), Settings.DEFAULT_ORG);
        String problem = gov.nersc.huggingnersc.api.RepoId.problemWithName(org);
        if (problem != null) {
            String source = flags.org() != null
                    ? "--org"
                    : nonBlank(env.get("HUGGINGNERSC_ORG")) != null ? "HUGGINGNERSC_ORG" : file.where("org");
            throw new InvalidInputException(source + " '" + org + "' " + problem);
        }
        return org;
    }

    /** The portal that serves {@code www} directories: an http(s) URL, without a trailing slash. */
    private static String portalUrl(Map<String, String> env, ConfigFile file) {
        String portal = siteSetting(env, file, "HUGGINGNERSC_PORTAL_URL", "portal_url", Settings.DEFAULT_PORTAL_URL);
        String problem = NerscPaths.problemWithLink(portal);
        if (problem != null) {
            throw new InvalidInputException(
                    sourceOf(env, file, "HUGGINGNERSC_PORTAL_URL", "portal_url") + " '" + portal + "': " + problem
                            + "; allowed: the portal's http(s) base URL, such as " + Settings.DEFAULT_PORTAL_URL);
        }
        return portal.replaceFirst("/+$", "");
    }

    /** The Globus collection for data on CFS: a UUID, in lower case. */
    private static String globusCollection(Map<String, String> env, ConfigFile file) {
        String id = siteSetting(
                env, file, "HUGGINGNERSC_GLOBUS_COLLECTION", "globus_collection", Settings.DEFAULT_GLOBUS_COLLECTION);
        if (!NerscPaths.isCollectionId(id)) {
            throw new InvalidInputException(sourceOf(env, file, "HUGGINGNERSC_GLOBUS_COLLECTION", "globus_collection")
                    + " '" + id
                    + "': not a Globus collection id; allowed: the collection's UUID (8-4-4-4-12 hex digits), "
                    + "such as " + Settings.DEFAULT_GLOBUS_COLLECTION + " (NERSC DTN)");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    /** A site setting: the environment variable, else the config file's key, else the default; stripped. */
    private static String siteSetting(
            Map<String, String> env, ConfigFile file, String variable, String key, String fallback) {
        return firstNonNull(nonBlank(env.get(variable)), file.get(key), fallback)
                .strip();
    }

    /** Where a site setting came from, to name it in a message (only a given value can be wrong). */
    private static String sourceOf(Map<String, String> env, ConfigFile file, String variable, String key) {
        return nonBlank(env.get(variable)) != null ? variable : file.where(key);
    }

    /** The config file's values by key, the line of each, and where the file is; no file gives no values. */
    private record ConfigFile(Optional<Path> path, Map<String, String> values, Map<String, Integer> lines) {
        static final ConfigFile NONE = new ConfigFile(Optional.empty(), Map.of(), Map.of());

        String get(String key) {
            return values.get(key);
        }

        /** Where a key's value is, for a message: {@code config file FILE line N: KEY}. */
        String where(String key) {
            Integer line = lines.get(key);
            return "config file " + path.map(Path::toString).orElse("?") + (line == null ? "" : " line " + line) + ": "
                    + key;
        }

        boolean containsKey(String key) {
            return values.containsKey(key);
        }
    }

    /** The name of the variable that lets the token go over plain http to another host. */
    public static final String ALLOW_INSECURE_TOKEN = "HUGGINGNERSC_ALLOW_INSECURE_TOKEN";

    // only an explicit yes counts: a typo must not weaken the protection
    private static boolean allowInsecureToken(Map<String, String> env) {
        String v = nonBlank(env.get(ALLOW_INSECURE_TOKEN));
        if (v == null) {
            return false;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default ->
                throw new InvalidInputException(ALLOW_INSECURE_TOKEN + "='" + v + "': not a yes/no value; "
                        + "allowed: 1, true, yes, 0, false, no");
        };
    }

    private static String checkEndpoint(String endpoint, String source) {
        String e = endpoint.strip();
        while (e.endsWith("/") && !e.equals("file:/")) {
            e = e.substring(0, e.length() - 1);
        }
        if (e.startsWith("file:")) {
            String dir = e.substring("file:".length());
            if (dir.isEmpty()) {
                throw new InvalidInputException(
                        source + " '" + endpoint + "': file: needs a directory, as in file:/path/to/hub");
            }
            return "file:" + Path.of(dir).toAbsolutePath().normalize();
        }
        if (!(e.startsWith("http://") || e.startsWith("https://")) || e.length() <= "https://".length()) {
            throw new InvalidInputException(
                    source + " '" + endpoint
                            + "': not a Hub endpoint; allowed: an http(s) URL such as https://huggingface.co, or file:DIR for a local hub");
        }
        return e;
    }

    private static ConfigFile readConfig(Path explicit, Map<String, String> env) {
        Path file = explicit;
        String source = "--config";
        if (file == null && nonBlank(env.get("HUGGINGNERSC_CONFIG")) != null) {
            file = Path.of(env.get("HUGGINGNERSC_CONFIG").strip());
            source = "HUGGINGNERSC_CONFIG";
        }
        if (file == null) {
            Path dir = Path.of(userHome(env), ".config", "huggingnersc");
            for (String name : List.of("config.toml", "config.properties")) {
                if (Files.isRegularFile(dir.resolve(name))) {
                    file = dir.resolve(name);
                    break;
                }
            }
            if (file == null) {
                return ConfigFile.NONE;
            }
        } else if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(source + " " + file + ": no such file");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OperationFailedException("config file " + file + ": cannot read it: " + e.getMessage(), e);
        }
        boolean properties = file.toString().endsWith(".properties");
        Map<String, String> values = properties ? parseProperties(file, text) : parseToml(file, text);
        Map<String, Integer> lines = keyLines(text);
        for (String key : values.keySet()) {
            if (!CONFIG_KEYS.contains(key)) {
                throw new InvalidInputException("config file " + file
                        + (lines.containsKey(key) ? " line " + lines.get(key) : "") + ": unknown key '" + key
                        + "'; allowed: "
                        + String.join(", ", CONFIG_KEYS.stream().sorted().toList()));
            }
        }
        return new ConfigFile(Optional.of(file), values, lines);
    }

    /**
     * A {@code .properties} file read as Java reads one, and its values unquoted: the README shows
     * {@code key = "value"} for both kinds of config file, so {@code org = "NERSC"} means NERSC here too.
     */
    private static Map<String, String> parseProperties(Path file, String text) {
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        p.stringPropertyNames()
                .forEach(k ->
                        out.put(k.replace('-', '_'), unquoted(p.getProperty(k).strip())));
        return out;
    }

    /** A value without one pair of surrounding double or single quotes, if it has them. */
    private static String unquoted(String value) {
        boolean quoted = value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"));
        return quoted ? value.substring(1, value.length() - 1) : value;
    }

    /** The line each key is set on (the last, as the last setting wins), for messages. */
    private static Map<String, Integer> keyLines(String text) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        String[] all = text.split("\r?\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && "=: \t".indexOf(line.charAt(end)) < 0) {
                end++;
            }
            lines.put(line.substring(0, end).replace('-', '_'), i + 1);
        }
        return lines;
    }

    /** The flat subset of TOML a settings file needs: {@code key = "string"} lines and comments. */
    private static Map<String, String> parseToml(Path file, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new InvalidInputException("config file " + file + " line " + (i + 1)
                        + ": expected key = \"value\", found '" + line + "'");
            }
            String key = line.substring(0, eq).strip().replace('-', '_');
            String value = line.substring(eq + 1).strip();
            if (!unquoted(value).equals(value)) {
                value = unquoted(value);
            } else {
                throw new InvalidInputException("config file " + file + " line " + (i + 1) + ": the value of '" + key
                        + "' must be a quoted string");
            }
            out.put(key, value);
        }
        return out;
    }

    private static String userHome(Map<String, String> env) {
        String home = nonBlank(env.get("HOME"));
        return home != null ? home : System.getProperty("user.home");
    }

    private static String nonBlank(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
