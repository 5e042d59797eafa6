package gov.nersc.huggingnersc.localhub;

import gov.nersc.huggingnersc.api.RepoId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error answer of the local hub: HTTP status, the Hub's machine code ({@code X-Error-Code},
 * may be null) and a one-line human message. Extra fields go into the JSON body next to
 * {@code error} (the 409 of repo creation carries {@code url}).
 */
final class HubError extends RuntimeException {
    /** A Java class name (java.lang.Foo, com.x.Bar$Baz): what the library, not the client, would read. */
    // starts only where a dotted run starts, and never backtracks into it: linear in the message
    private static final Pattern CLASS_NAME = Pattern.compile("(?<![\\w.$])(?:[a-z][a-z0-9_]*+\\.){2,}+[A-Z][\\w$]*+");
    /** Jackson's limits name their own getters: "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)". */
    private static final Pattern LIBRARY_SETTING = Pattern.compile(",? from `[^`\\n]{0,200}`");

    final int status;
    final String code;
    final Map<String, Object> extra;
    /** Where a redirect (307) points, relative to the hub; null for other errors. */
    final String location;

    HubError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    HubError(int status, String code, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.extra = extra;
        this.location = null;
    }

    private HubError(String location, String message) {
        super(message, null, false, false);
        this.status = 307;
        this.code = null;
        this.extra = Map.of();
        this.location = location;
    }

    /**
     * The Hub's answer to a request naming a renamed repo: 307 to the same path and query with the
     * new name in place of the old (as a path segment pair, also before {@code .git}).
     */
    static HubError moved(RepoId from, RepoId to, String rawPath, String rawQuery) {
        String path = rawPath.replaceFirst(
                "/" + Pattern.quote(from.toString()) + "(?=/|\\.git|$)", Matcher.quoteReplacement("/" + to));
        return new HubError(
                path + (rawQuery == null ? "" : "?" + rawQuery), "Repository " + from + " was moved to " + to);
    }

    static HubError badRequest(String message) {
        return new HubError(400, null, message);
    }

    static HubError repoNotFound(String repo) {
        return new HubError(404, "RepoNotFound", "Repository not found: " + repo);
    }

    static HubError revisionNotFound(String revision) {
        return new HubError(404, "RevisionNotFound", "Invalid rev id: " + revision);
    }

    static HubError entryNotFound(String path) {
        return new HubError(404, "EntryNotFound", "Entry not found: " + path);
    }

    /**
     * The message as a client may see it: a library's message passed on (JSON parsing, base64) loses
     * the names of the library's own classes and settings, which tell the client nothing.
     */
    String publicMessage() {
        String m = String.valueOf(getMessage());
        m = LIBRARY_SETTING.matcher(m).replaceAll("");
        return CLASS_NAME.matcher(m).replaceAll("(internal)");
    }
}
