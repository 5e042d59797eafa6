package gov.nersc.huggingnersc;

import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.browser.Browser;
import gov.nersc.huggingnersc.browser.HeadlessChromium;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.FileTree;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A catalog entry served as it would be published: a local hub on 127.0.0.1, in a temporary
 * folder, holding one dataset repo with the entry's repo files. Its page is what the Hub would
 * show. {@link #close()} stops the hub and deletes the folder; nothing else is touched.
 */
public final class Preview implements AutoCloseable {
    private final CatalogEntry entry;
    private final LocalHub hub;
    private final Path dir;
    private final List<String> files;

    Preview(CatalogEntry entry, LocalHub hub, Path dir, List<String> files) {
        this.entry = entry;
        this.hub = hub;
        this.dir = dir;
        this.files = List.copyOf(files);
    }

    /** The entry shown. */
    public CatalogEntry entry() {
        return entry;
    }

    /** The repo the files were committed to, {@code <org>/<nickname>}. */
    public RepoId repoId() {
        return entry.repoId();
    }

    /** The dataset's page, e.g. {@code http://127.0.0.1:43127/datasets/NERSC/iris}. */
    public String pageUrl() {
        return new HubEndpoint(hub.url()).repoUrl(entry.repoId());
    }

    /** The local hub's base URL (its front page lists the one dataset). */
    public String hubUrl() {
        return hub.url();
    }

    /** The files committed to the repo, by path. */
    public List<String> files() {
        return files;
    }

    /**
     * Checks, before anything is started, that a screenshot can be taken here: a headless Chromium is
     * installed ({@code CHROMIUM} in {@code env}, else on the {@code PATH}).
     *
     * @throws OperationFailedException naming {@code what} when none is found
     */
    public static void requireScreenshots(Map<String, String> env, String what) {
        HeadlessChromium.require(env, what);
    }

    /** Writes a PNG of the page, {@code width} by {@code height}, with a headless Chromium. */
    public void screenshot(Path png, int width, int height, Map<String, String> env) {
        HeadlessChromium.require(env, "--screenshot " + png).screenshot(pageUrl(), png, width, height);
    }

    /** Opens the page in the user's browser; false when there is none to open here. */
    public boolean openInBrowser(Map<String, String> env) {
        return Browser.open(pageUrl(), env);
    }

    /** Stops serving and deletes the temporary hub folder. */
    @Override
    public void close() {
        hub.close();
        FileTree.deleteQuietly(dir);
    }
}
