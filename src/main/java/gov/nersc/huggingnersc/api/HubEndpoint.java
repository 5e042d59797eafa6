package gov.nersc.huggingnersc.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A Hub endpoint in its one normal form, and every URL of a dataset repo on it: the repo's page, a
 * commit's page, a folder ({@code tree}), a file ({@code resolve} or {@code raw}) and the API calls.
 * The endpoint is {@code https://huggingface.co}, {@code http://HOST:PORT} of a {@code hub serve},
 * or {@code file:DIR} for the embedded local hub; its normal form has no trailing slash.
 *
 * <pre>{@code
 * HubEndpoint hub = HubEndpoint.of("https://huggingface.co/");
 * hub.commitUrl(RepoId.parse("NERSC/iris"), oid); // https://huggingface.co/datasets/NERSC/iris/commit/<oid>
 * }</pre>
 *
 * @param url the endpoint without trailing slashes, as given otherwise (scheme and host keep their case)
 */
public record HubEndpoint(String url) {
    /** The public Hub's address. */
    public static final String HUGGINGFACE_CO = "https://huggingface.co";

    /** The public Hub. */
    public static final HubEndpoint HUGGINGFACE = new HubEndpoint(HUGGINGFACE_CO);

    /** Where dataset repos live under the endpoint, in pages and in the API. */
    private static final String DATASETS = "datasets";

    private static final String FILE = "file:";

    public HubEndpoint {
        if (url == null) {
            throw new IllegalArgumentException("a Hub endpoint must not be null");
        }
        url = url.replaceAll("/+$", "");
    }

    /** The endpoint {@code url} names, or huggingface.co when it is null or blank. */
    public static HubEndpoint of(String url) {
        return url == null || url.isBlank() ? HUGGINGFACE : new HubEndpoint(url);
    }

    /** The endpoint {@code uri} names. */
    public static HubEndpoint of(URI uri) {
        return new HubEndpoint(uri.toString());
    }

    /** True when {@code url} is the public Hub, https://huggingface.co (a trailing slash or capitals aside). */
    public static boolean isHuggingFaceCo(String url) {
        return of(url).isHuggingFaceCo();
    }

    /** True when two endpoints name the same Hub (a trailing slash aside). */
    public static boolean sameHub(String a, String b) {
        return new HubEndpoint(a).sameHub(new HubEndpoint(b));
    }

    /** True when this is the public Hub, https://huggingface.co (capitals aside). */
    public boolean isHuggingFaceCo() {
        return url.toLowerCase(Locale.ROOT).equals(HUGGINGFACE_CO);
    }

    /** True when {@code other} names the same Hub. */
    public boolean sameHub(HubEndpoint other) {
        return url.equals(other.url);
    }

    /** The scheme in lower case: {@code https}, {@code http}, {@code file}; empty when there is none. */
    public String scheme() {
        int colon = url.indexOf(':');
        return colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /** True for an {@code http} or {@code https} endpoint, one spoken to over HTTP. */
    public boolean isHttp() {
        return scheme().equals("http") || scheme().equals("https");
    }

    /** True for the embedded local hub, {@code file:DIR}. */
    public boolean isEmbedded() {
        return scheme().equals("file");
    }

    /** The folder of the embedded local hub, for a {@code file:DIR} endpoint; empty otherwise. */
    public Optional<Path> embeddedDir() {
        return url.startsWith(FILE) ? Optional.of(Path.of(url.substring(FILE.length()))) : Optional.empty();
    }

    /** The endpoint as a URI. */
    public URI uri() {
        return URI.create(url);
    }

    // ---------------------------------------------------------------- pages

    /** The repo's page: {@code <endpoint>/datasets/<namespace>/<name>}. */
    public String repoUrl(RepoId repo) {
        return url + "/" + DATASETS + "/" + repo;
    }

    /** A commit's page: {@code <repo page>/commit/<oid>}. */
    public String commitUrl(RepoId repo, String oid) {
        return repoUrl(repo) + "/commit/" + oid;
    }

    /** The repo's files at {@code revision} (null or empty for {@code main}): {@code <repo page>/tree/<revision>}. */
    public String treeUrl(RepoId repo, String revision) {
        return repoUrl(repo) + "/tree/" + encodedRevision(revision);
    }

    /** A file's content at {@code revision}, LFS resolved: {@code <repo page>/resolve/<revision>/<path>}. */
    public URI resolveUrl(RepoId repo, String revision, String path) {
        return fileUrl(repo, "resolve", revision, path);
    }

    /** A file as git stores it (an LFS file's pointer): {@code <repo page>/raw/<revision>/<path>}. */
    public URI rawUrl(RepoId repo, String revision, String path) {
        return fileUrl(repo, "raw", revision, path);
    }

    private URI fileUrl(RepoId repo, String kind, String revision, String path) {
        return URI.create(repoUrl(repo) + "/" + kind + "/" + encodedRevision(revision) + "/" + encodePath(path));
    }

    /** The repo's Git LFS batch API: {@code <repo page>.git/info/lfs/objects/batch}. */
    public URI lfsBatchUrl(RepoId repo) {
        return URI.create(repoUrl(repo) + ".git/info/lfs/objects/batch");
    }

    // ---------------------------------------------------------------- API

    /** An API call: {@code rawPath} (already encoded, starting with {@code /}) under the endpoint. */
    public URI api(String rawPath) {
        return URI.create(url + rawPath);
    }

    /** The API of dataset repos: {@code <endpoint>/api/datasets}. */
    public URI datasetsApi() {
        return api("/api/" + DATASETS);
    }

    /** An API call about one repo: {@code <endpoint>/api/datasets/<namespace>/<name><rawSuffix>}. */
    public URI repoApi(RepoId repo, String rawSuffix) {
        return api("/api/" + DATASETS + "/" + encode(repo.namespace()) + "/" + encode(repo.name()) + rawSuffix);
    }

    @Override
    public String toString() {
        return url;
    }

    // ---------------------------------------------------------------- encoding

    /** {@code main} for a null or empty revision, else the revision. */
    public static String revisionOrMain(String revision) {
        return revision == null || revision.isEmpty() ? "main" : revision;
    }

    /** A revision as one path segment: {@code main} for null or empty, {@code refs/pr/1} as {@code refs%2Fpr%2F1}. */
    public static String encodedRevision(String revision) {
        return encode(revisionOrMain(revision));
    }

    /** Percent-encodes everything but unreserved characters, so {@code refs/pr/1} becomes {@code refs%2Fpr%2F1}. */
    public static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Encodes each part of a path, keeping the slashes. */
    public static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/", -1)) {
            out.append(out.length() > 0 ? "/" : "").append(encode(part));
        }
        return out.toString();
    }
}
