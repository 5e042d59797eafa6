package gov.nersc.huggingnersc.nersc;

import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Paths and URLs at NERSC: one spelling for each place on the Community File System, the public
 * portal URL of a path under a {@code www} directory, the Jupyter URL of a notebook and the Globus
 * File Manager URL of a folder.
 *
 * <p>The rules come from NERSC's documentation (see {@code nersc.md} in the project's shared docs):
 * <ul>
 *   <li>{@code /global/cfs/cdirs/<proj>/www/<rest>} is public at {@code
 *       https://portal.nersc.gov/cfs/<proj>/<rest>};
 *   <li>{@code /global/project/projectdirs/<proj>/www/<rest>} (legacy) at {@code
 *       https://portal.nersc.gov/project/<proj>/<rest>};
 *   <li>HPSS {@code /home/projects/<dir>/www/<rest>} at {@code
 *       https://portal.nersc.gov/archive/home/projects/<dir>/www/<rest>};
 *   <li>nothing else is public.
 * </ul>
 *
 * <p>{@code https://portal.nersc.gov} is the default portal; another centre gives its own (the
 * {@code portal_url} setting).
 */
public final class NerscPaths {

    /** The one spelling of the Community File System's project directories. */
    public static final String CFS = "/global/cfs/cdirs";

    /** The {@code DOWNLOAD_LINK} value that derives the link from a {@code www} path. */
    public static final String AUTO = "auto";

    /** The {@code DOWNLOAD_LINK} value that says the data has no public link. */
    public static final String NONE = "none";

    /** NERSC's Science Gateway portal, which serves the {@code www} directories: the default portal. */
    public static final String NERSC_PORTAL = Settings.DEFAULT_PORTAL_URL;

    /** NERSC's "NERSC DTN" Globus collection (all global file systems): the default collection. */
    public static final String NERSC_DTN_COLLECTION = Settings.DEFAULT_GLOBUS_COLLECTION;

    private static final String GLOBUS_FILE_MANAGER = "https://app.globus.org/file-manager";
    private static final Pattern COLLECTION_ID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String CFS_ROOT = "/global/cfs";
    private static final String LEGACY_PROJECT = "/global/project/projectdirs";
    private static final String HPSS_PROJECTS = "/home/projects";

    /** Other spellings of {@link #CFS}: the same bytes, mounted elsewhere or under an old name. */
    private static final String[] CFS_ALIASES = {"/global/cfs/projectdirs", "/dvs_ro/cfs/cdirs"};

    private NerscPaths() {}

    /**
     * The one spelling of a path: {@code $CFS}/{@code ${CFS}} expanded, CFS aliases mapped to {@value
     * #CFS}, {@code .}, {@code ..} and repeated slashes removed, and a relative path made absolute
     * against the working directory (data on this machine). A trailing slash, which marks a
     * directory as the earlier tool wrote it, is kept.
     */
    public static String normalise(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a path is needed");
        }
        String p = path.strip();
        if (p.regionMatches(true, 0, "hpss:", 0, "hpss:".length())) {
            // a tape location is recorded as given, tidied; it is never resolved against this machine
            String rest = p.substring("hpss:".length()).strip();
            if (!rest.startsWith("/")) {
                throw new IllegalArgumentException("an hpss: path is absolute, e.g. hpss:/home/projects/<dir>/...");
            }
            String tidy = clean(rest);
            return "hpss:" + (rest.endsWith("/") && !tidy.equals("/") ? tidy + "/" : tidy);
        }
        if (p.equals("$CFS") || p.startsWith("$CFS/")) {
            p = CFS + p.substring("$CFS".length());
        } else if (p.equals("${CFS}") || p.startsWith("${CFS}/")) {
            p = CFS + p.substring("${CFS}".length());
        }
        boolean directory = p.endsWith("/") || p.endsWith("/.") || p.endsWith("/..") || p.equals(".") || p.equals("..");
        if (!p.startsWith("/")) {
            p = Path.of("").toAbsolutePath() + "/" + p;
        }
        p = clean(p);
        for (String alias : CFS_ALIASES) {
            if (p.equals(alias) || p.startsWith(alias + "/")) {
                p = CFS + p.substring(alias.length());
            }
        }
        return directory && !p.equals("/") ? p + "/" : p;
    }

    /**
     * True for a path on HPSS, NERSC's tape archive: an {@code hpss:} prefix, or {@code /home/projects/}
     * (HPSS project space). Such paths are recorded, never walked or hashed: reading them recalls tapes.
     */
    public static boolean isTape(String path) {
        String p = path == null ? "" : path.strip();
        return p.toLowerCase(Locale.ROOT).startsWith("hpss:")
                || p.equals(HPSS_PROJECTS)
                || p.startsWith(HPSS_PROJECTS + "/");
    }

    /** Resolves {@code .}, {@code ..} and repeated slashes of an absolute path, lexically. */
    private static String clean(String absolute) {
        Deque<String> parts = new ArrayDeque<>();
        for (String segment : absolute.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(segment);
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * True for a path on the Community File System ({@code /global/cfs/...}, after {@link #normalise}):
     * data that NERSC's Globus collections reach. Tape paths are not on CFS.
     */
    public static boolean isOnCfs(String path) {
        if (path == null || path.isBlank() || isTape(path)) {
            return false;
        }
        String p = normalise(path);
        return p.equals(CFS_ROOT) || p.startsWith(CFS_ROOT + "/");
    }

    /**
     * The public URL of a path, if it lies under a {@code www} directory that the portal serves;
     * empty otherwise (the data is not public, and no link is invented). Each path segment is
     * percent-encoded; a trailing slash is kept. An {@code hpss:} prefix is allowed on HPSS paths.
     *
     * @param portal the portal's base URL, e.g. {@value #NERSC_PORTAL}
     */
    public static Optional<String> publicUrl(String path, String portal) {
        String base = withoutTrailingSlash(portal);
        String p = path.strip();
        boolean hpss = p.toLowerCase(Locale.ROOT).startsWith("hpss:");
        if (hpss) {
            p = p.substring("hpss:".length());
        }
        p = normalise(p);
        Optional<String> rest;
        if (!hpss && (rest = afterWww(p, CFS)).isPresent()) {
            return Optional.of(base + "/cfs" + encodePath(rest.get()));
        }
        if (!hpss && (rest = afterWww(p, LEGACY_PROJECT)).isPresent()) {
            return Optional.of(base + "/project" + encodePath(rest.get()));
        }
        if (afterWww(p, HPSS_PROJECTS).isPresent()) {
            return Optional.of(base + "/archive" + encodePath(p));
        }
        return Optional.empty();
    }

    /**
     * For {@code <base>/<proj>/www/<rest>}: {@code /<proj>/<rest>} (with {@code /<proj>/} for the
     * {@code www} directory itself); empty when the path is not in a project's {@code www}.
     */
    private static Optional<String> afterWww(String path, String base) {
        if (!path.startsWith(base + "/")) {
            return Optional.empty();
        }
        String tail = path.substring(base.length() + 1);
        int slash = tail.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String project = tail.substring(0, slash);
        String afterProject = tail.substring(slash + 1);
        if (afterProject.equals("www")) {
            return Optional.of("/" + project + "/");
        }
        if (!afterProject.startsWith("www/")) {
            return Optional.empty();
        }
        return Optional.of("/" + project + "/" + afterProject.substring("www/".length()));
    }

    /**
     * Where the AI-ready datasets collection keeps a dataset's bytes: in the {@code www} twin of the
     * catalog root, {@code <root's parent>/www/<root's name>/<nickname>/data/}. For the catalog at
     * NERSC, {@code /global/cfs/cdirs/dasrepo/ai_ready_datasets}, that is {@code
     * /global/cfs/cdirs/dasrepo/www/ai_ready_datasets/<nickname>/data/}, public on the portal. Empty
     * for a catalog root with no parent.
     */
    public static Optional<String> collectionDataFolder(Path catalogRoot, String nickname) {
        Path root = catalogRoot.toAbsolutePath().normalize();
        if (root.getParent() == null || root.getFileName() == null) {
            return Optional.empty();
        }
        return Optional.of(root.getParent()
                        .resolve("www")
                        .resolve(root.getFileName())
                        .resolve(nickname)
                        .resolve("data") + "/");
    }

    /**
     * The URL that opens a notebook on NERSC's JupyterHub: the configured prefix (for example
     * {@code https://jupyter.nersc.gov/hub/user-redirect/lab/tree}) followed by the notebook's
     * absolute path, each segment percent-encoded.
     */
    public static String jupyterUrl(String prefix, String absolutePath) {
        if (!absolutePath.startsWith("/")) {
            throw new IllegalArgumentException("the notebook path must be absolute: " + absolutePath);
        }
        return withoutTrailingSlash(prefix) + encodePath(clean(absolutePath));
    }

    /**
     * The URL that opens a folder of a Globus collection in the Globus web app's File Manager, from
     * where it can be transferred: {@code https://app.globus.org/file-manager?origin_id=<collection>
     * &origin_path=<path>}. The path is encoded as one query value, {@code /} as {@code %2F}, as the
     * links the Globus web app itself gives are.
     *
     * @param collectionId the collection's UUID
     * @param path the path in the collection (for a guest collection, relative to its root)
     */
    public static String globusUrl(String collectionId, String path) {
        if (!isCollectionId(collectionId)) {
            throw new IllegalArgumentException("not a Globus collection id: " + collectionId);
        }
        return GLOBUS_FILE_MANAGER + "?origin_id=" + collectionId.toLowerCase(Locale.ROOT) + "&origin_path="
                + percentEncode(path, false);
    }

    /** True when {@code id} has the shape of a Globus collection id: a UUID, 8-4-4-4-12 hex digits. */
    public static boolean isCollectionId(String id) {
        return id != null && COLLECTION_ID.matcher(id).matches();
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * The download link of a dataset from the {@code DOWNLOAD_LINK} argument: {@code auto} derives it
     * from the data path (which must then be under a {@code www} directory) and the {@code portal}'s
     * base URL, {@code none} says the data is not public, anything else must be an http(s) URL with a
     * host.
     *
     * @throws InvalidInputException naming {@code DOWNLOAD_LINK} when none of these holds
     */
    public static Optional<String> downloadLink(String arg, String dataPath, String portal) {
        return downloadLink(arg, Optional.of(dataPath), portal);
    }

    /**
     * The download link from the {@code DOWNLOAD_LINK} argument, for an entry that may record no
     * data path: then {@code auto} has nothing to derive the link from.
     *
     * @throws InvalidInputException naming {@code DOWNLOAD_LINK} when the argument is wrong
     */
    public static Optional<String> downloadLink(String arg, Optional<String> dataPath, String portal) {
        String a = arg == null ? "" : arg.strip();
        if (a.equalsIgnoreCase(AUTO)) {
            if (dataPath.isEmpty()) {
                throw new InvalidInputException("DOWNLOAD_LINK auto: no data path is recorded, so there is no www path "
                        + "to derive the link from; give the data path (--data-path), the link, or \"none\"");
            }
            Optional<String> url = publicUrl(dataPath.get(), portal);
            if (url.isEmpty()) {
                throw new InvalidInputException("DOWNLOAD_LINK auto: " + normalise(dataPath.get())
                        + " is not under a www directory, so it has no public URL; give the link, or \"none\"");
            }
            return url;
        }
        if (a.equalsIgnoreCase(NONE)) {
            return Optional.empty();
        }
        String problem = problemWithLink(a);
        if (problem != null) {
            throw new InvalidInputException(
                    "DOWNLOAD_LINK '" + arg + "': " + problem
                            + "; allowed: an http:// or https:// URL, \"auto\" (derived from a www path) or \"none\" (not public)");
        }
        return Optional.of(a);
    }

    /** Why a link is not an http(s) URL with a host, or null when it is one. */
    public static String problemWithLink(String link) {
        if (link.isEmpty()) {
            return "empty";
        }
        URI uri;
        try {
            uri = new URI(link);
        } catch (URISyntaxException e) {
            return "not a URL (" + e.getReason() + " at index " + e.getIndex() + ")";
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            return scheme == null ? "not a URL" : "the scheme " + scheme + ": is not http or https";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "the URL has no host";
        }
        return null;
    }

    /** Percent-encodes each segment of a path (UTF-8), keeping the {@code /} separators. */
    public static String encodePath(String path) {
        return percentEncode(path, true);
    }

    /**
     * Percent-encodes text (UTF-8): in a path ({@code inPath}) the {@code /} separators and the
     * characters a path segment may hold are kept; in a query value only RFC 3986's unreserved
     * characters are.
     */
    private static String percentEncode(String text, boolean inPath) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (inPath ? c == '/' || keptInSegment(c) : unreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * RFC 3986 unreserved characters and the few sub-delimiters that web servers never reinterpret
     * in a path; everything else (space, {@code # ? % + &}, non-ASCII, ...) is encoded.
     */
    private static boolean keptInSegment(int c) {
        return unreserved(c)
                || c == '!'
                || c == '$'
                || c == '\''
                || c == '('
                || c == ')'
                || c == '*'
                || c == ','
                || c == ';'
                || c == '='
                || c == ':'
                || c == '@';
    }

    /** RFC 3986 unreserved: letters, digits, {@code - . _ ~}. */
    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }
}
