package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.PublishResult;
import gov.nersc.huggingnersc.api.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How commands show where an entry is published: text lines and JSON. A page of the embedded hub
 * ({@code file:DIR}) is shown as {@code hub serve --dir DIR --port 18081} serves it, so that a
 * browser opens it once that command runs; a {@code file:} URL opens nothing.
 */
final class Publication {
    /** The port the printed URLs of an embedded hub name, and the serve command they come with. */
    static final int LOCAL_HUB_PORT = 18081;

    private Publication() {}

    /** The Hub URL and commit lines; for the embedded hub, the command that serves those pages. */
    static void print(PrintWriter out, PublishResult p) {
        out.printf("  %-15s %s%n", "Hub URL:", browsable(p.repoUrl(), p.endpoint()));
        if (p.status() == PublishResult.Status.PULL_REQUEST_OPENED) {
            out.printf("  %-15s %s%n", "pull request:", browsable(p.commitUrl(), p.endpoint()));
            out.printf("  %-15s %s%n", "PR commit:", p.commit());
            printServe(out, p.endpoint());
            return;
        }
        out.printf(
                "  %-15s %s%s%n",
                "commit:",
                browsable(p.commitUrl(), p.endpoint()),
                p.status() == PublishResult.Status.COMMITTED
                        ? ""
                        : " (the repo already held these files; no new commit)");
        printServe(out, p.endpoint());
    }

    /** For an embedded hub, the line that says how to open its printed URLs. */
    static void printServe(PrintWriter out, String endpoint) {
        embeddedDir(endpoint)
                .ifPresent(dir ->
                        out.printf("  %-15s %s; to open these links, run: %s%n", "local hub:", dir, serveCommand(dir)));
    }

    /** The folder of an embedded hub endpoint ({@code file:DIR}). */
    static Optional<Path> embeddedDir(String endpoint) {
        return new HubEndpoint(endpoint).embeddedDir();
    }

    /** The command that serves an embedded hub's folder where its printed URLs point. */
    static String serveCommand(Path dir) {
        String d = dir.toString();
        String shown = d.matches("[A-Za-z0-9_./+:@%=-]+") ? d : "'" + d.replace("'", "'\\''") + "'";
        return "huggingnersc hub serve --dir " + shown + " --port " + LOCAL_HUB_PORT;
    }

    /**
     * A URL a browser can open: a page under an embedded hub's {@code endpoint} as {@link
     * #serveCommand} serves it (its commit page is the repo's files at that commit); others as given.
     */
    static String browsable(String url, String endpoint) {
        if (!endpoint.startsWith("file:") || !url.startsWith(endpoint + "/")) {
            return url;
        }
        String page = url.substring(endpoint.length()).replaceFirst("/commit/([0-9a-f]{40})$", "/tree/$1");
        return "http://127.0.0.1:" + LOCAL_HUB_PORT + page;
    }

    /** The publication as JSON fields. */
    static Map<String, Object> json(PublishResult p, Settings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", p.status().name().toLowerCase(Locale.ROOT));
        json.put("endpoint", p.endpoint());
        json.put("local_hub_dir", settings.embeddedHubDir().map(Path::toString).orElse(null));
        embeddedDir(p.endpoint()).ifPresent(dir -> {
            json.put("local_hub_serve", serveCommand(dir));
            json.put("local_hub_url", browsable(p.repoUrl(), p.endpoint()));
        });
        json.put("repo_id", p.entry().repoId().toString());
        json.put("hub_url", p.repoUrl());
        json.put("commit", p.commit());
        json.put("commit_url", p.commitUrl());
        json.put("repo_created", p.repoCreated());
        json.put("pull_request_url", p.status() == PublishResult.Status.PULL_REQUEST_OPENED ? p.commitUrl() : null);
        return json;
    }

    /**
     * The one-line notice after publishing to the embedded hub because neither a token nor an
     * endpoint was configured: how to publish to huggingface.co later. Empty otherwise.
     */
    static Optional<String> embeddedNotice(Settings settings, String nickname) {
        if (!settings.embeddedByDefault()) {
            return Optional.empty();
        }
        // the line before publishing said where it went, and why
        return Optional.of(
                "to publish it to huggingface.co later: 'huggingnersc login', then 'huggingnersc upload-dataset "
                        + nickname + " --endpoint " + Settings.HUGGINGFACE_CO + "'");
    }
}
