package gov.nersc.huggingnersc.localhub;

import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.api.RepoId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The pages a browser sees: {@code GET /} (the datasets, with {@code ?search=} and
 * {@code ?filter=}), {@code GET /datasets/<ns>/<name>} (a dataset's card, with its data viewer) and
 * {@code GET /datasets/<ns>/<name>/tree/<rev>} (its files). Only requests that accept
 * {@code text/html} get pages; every other request on these paths is answered by the API routes
 * as before. Pages are sent with a Content-Security-Policy that allows no script at all.
 */
final class PageRoutes {
    private static final Pattern INDEX = Pattern.compile("/(?:datasets/?)?");
    private static final Pattern DATASET = Pattern.compile("/datasets/([^/]+)/([^/]+?)/?");
    private static final Pattern TREE = Pattern.compile("/datasets/([^/]+)/([^/]+)/tree/([^/]+)/?");
    /** The largest croissant.json embedded in a page. */
    private static final int MAX_CROISSANT = 1 << 20;

    /** Answers the request with a page if it is one; false leaves it to the API routes. */
    boolean answer(HubExchange ex, String rawPath) throws IOException {
        if (!(ex.method().equals("GET") || ex.method().equals("HEAD")) || !wantsHtml(ex.header("Accept"))) {
            return false;
        }
        try {
            if (INDEX.matcher(rawPath).matches()) {
                index(ex);
                return true;
            }
            Matcher m = TREE.matcher(rawPath);
            if (m.matches()) {
                dataset(ex, HubHandler.repoId(m), RequestText.decodePath(m.group(3)), DatasetPage.Tab.FILES);
                return true;
            }
            m = DATASET.matcher(rawPath);
            if (m.matches()) {
                dataset(ex, HubHandler.repoId(m), "main", DatasetPage.Tab.CARD);
                return true;
            }
        } catch (HubError e) {
            send(
                    ex,
                    e.status,
                    Html.page(
                            "Not found · local hub",
                            "",
                            "<div class=\"repo-head\"><h1>" + e.status + "</h1><p>" + Html.escape(e.getMessage())
                                    + "</p><p><a href=\"/\">All datasets</a></p></div>",
                            ""));
            return true;
        }
        return false;
    }

    static boolean wantsHtml(String accept) {
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    private void dataset(HubExchange ex, RepoId id, String revision, DatasetPage.Tab tab) throws IOException {
        try (DatasetRepo repo = ex.openReadable(id)) {
            RevCommit commit = repo.resolve(revision).commit();
            RepoJson json = new RepoJson(repo, commit);
            String readme = text(repo, commit, "README.md", Integer.MAX_VALUE).orElse("");
            List<DatasetRepo.Entry> files = repo.list(commit, "", true).stream()
                    .filter(e -> !e.directory())
                    .toList();
            NerscData nersc = text(repo, commit, "nersc.json", MAX_CROISSANT)
                    .flatMap(PageRoutes::parse)
                    .map(NerscData::fromJson)
                    .filter(n -> !n.isEmpty())
                    .orElseGet(() -> NerscData.fromCard(readme));
            Optional<String> croissant = text(repo, commit, "croissant.json", MAX_CROISSANT)
                    .flatMap(PageRoutes::parse)
                    .map(JsonNode::toString);
            Optional<DataViewer.View> viewer = tab == DatasetPage.Tab.CARD
                    ? DataViewer.of(json.card(), files, repo, ex.hub.lfs())
                    : Optional.empty();
            DatasetPage page = new DatasetPage(
                    id,
                    repo.settings().isPrivate(),
                    revision,
                    json.card(),
                    CardMetadata.body(readme),
                    files,
                    nersc,
                    croissant,
                    viewer,
                    json.lastModified(),
                    tab);
            send(ex, 200, page.render());
        }
    }

    private void index(HubExchange ex) throws IOException {
        boolean auth = ex.authenticated();
        String search = Optional.ofNullable(ex.param("search")).orElse("").strip();
        String filter = Optional.ofNullable(ex.param("filter")).orElse("").strip();
        String needle = search.toLowerCase(Locale.ROOT);
        List<IndexPage.Row> rows = ex.hub.repos().readEach(ex.hub.repos().list(), repo -> {
            boolean isPrivate = repo.settings().isPrivate();
            if (isPrivate && !auth) {
                return null;
            }
            RepoJson json = new RepoJson(repo, repo.resolve("HEAD").commit());
            CardMetadata card = json.card();
            String haystack = (repo.id + " " + card.prettyName().orElse("")).toLowerCase(Locale.ROOT);
            if (!haystack.contains(needle) || (!filter.isEmpty() && !json.tags().contains(filter))) {
                return null;
            }
            return new IndexPage.Row(repo.id, isPrivate, card, json.lastModified());
        });
        send(ex, 200, new IndexPage(rows, search, filter).render());
    }

    /** A small text file of the commit; empty if it is missing, a folder, in LFS or too big. */
    private static Optional<String> text(DatasetRepo repo, RevCommit commit, String path, int max) throws IOException {
        Optional<DatasetRepo.Entry> e = repo.entry(commit, path);
        if (e.isEmpty()
                || e.get().directory()
                || e.get().lfs() != null
                || e.get().size() > max) {
            return Optional.empty();
        }
        return Optional.of(new String(repo.read(e.get().oid()), StandardCharsets.UTF_8));
    }

    private static Optional<JsonNode> parse(String text) {
        try {
            JsonNode node = HubExchange.JSON.readTree(text);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException invalid) {
            // a broken file is not shown rather than breaking the page
            return Optional.empty();
        }
    }

    private static void send(HubExchange ex, int status, String html) throws IOException {
        ex.setHeader("Content-Security-Policy", Html.CONTENT_SECURITY_POLICY);
        ex.setHeader("X-Content-Type-Options", "nosniff");
        ex.setHeader("Referrer-Policy", "no-referrer");
        ex.setHeader("X-Frame-Options", "DENY");
        ex.setHeader("Cache-Control", "no-cache");
        ex.setHeader("Vary", "Accept");
        ex.respond(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }
}
