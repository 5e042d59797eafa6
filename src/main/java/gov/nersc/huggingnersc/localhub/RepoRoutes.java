package gov.nersc.huggingnersc.localhub;

import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.api.RepoId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.eclipse.jgit.lib.ObjectId;

/** Routes about repos as a whole: who am I, create, delete, settings, info, listing, refs, cards. */
final class RepoRoutes {
    private static final String REPO = "/api/datasets/([^/]+)/([^/]+)";

    List<HubHandler.Route> routes() {
        return List.of(
                HubHandler.Route.of("GET", "/api/whoami-v2", (ex, m) -> whoami(ex)),
                HubHandler.Route.of("POST", "/api/repos/create", (ex, m) -> create(ex)),
                HubHandler.Route.of("DELETE", "/api/repos/delete", (ex, m) -> delete(ex)),
                HubHandler.Route.of("POST", "/api/repos/move", (ex, m) -> move(ex)),
                HubHandler.Route.of("POST", "/api/validate-yaml", (ex, m) -> validateYaml(ex)),
                HubHandler.Route.of("GET", "/api/datasets/?", (ex, m) -> list(ex)),
                HubHandler.Route.of("GET", REPO, (ex, m) -> info(ex, m, "HEAD")),
                HubHandler.Route.of(
                        "GET", REPO + "/revision/(.+)", (ex, m) -> info(ex, m, RequestText.decodePath(m.group(3)))),
                HubHandler.Route.of("PUT", REPO + "/settings", this::settings),
                HubHandler.Route.of("GET", REPO + "/refs", this::refs),
                HubHandler.Route.of("POST|DELETE", REPO + "/branch/(.+)", this::branch),
                HubHandler.Route.of("POST", REPO + "/tag/(.+)", this::createTag),
                HubHandler.Route.of("DELETE", REPO + "/tag/(.+)", this::deleteTag));
    }

    private void whoami(HubExchange ex) throws IOException {
        ex.requireToken();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "user");
        out.put("id", stableId(LocalHub.USER));
        out.put("name", LocalHub.USER);
        out.put("fullname", "HuggingNERSC local hub");
        out.put("email", null);
        out.put("emailVerified", false);
        out.put("canPay", false);
        out.put("isPro", false);
        out.put("periodEnd", null);
        out.put("avatarUrl", "");
        out.put("billingMode", "postpaid");
        List<Map<String, Object>> orgs = new ArrayList<>();
        Set<String> namespaces = new LinkedHashSet<>();
        ex.hub.repos().list().forEach(id -> namespaces.add(id.namespace()));
        for (String ns : namespaces) {
            if (ns.equals(LocalHub.USER)) {
                continue;
            }
            Map<String, Object> org = new LinkedHashMap<>();
            org.put("type", "org");
            org.put("id", stableId(ns));
            org.put("name", ns);
            org.put("fullname", ns);
            org.put("email", null);
            org.put("canPay", false);
            org.put("avatarUrl", "");
            org.put("periodEnd", null);
            org.put("roleInOrg", "admin");
            orgs.add(org);
        }
        out.put("orgs", orgs);
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("displayName", "local hub token");
        token.put("role", "write");
        token.put("createdAt", RepoJson.date(ex.hub.startedAt()));
        out.put("auth", Map.of("type", "access_token", "accessToken", token));
        ex.respondJson(200, out);
    }

    private void create(HubExchange ex) throws IOException {
        ex.requireToken();
        JsonNode body = ex.json();
        String type = text(body, "type", "model");
        if (!type.equals("dataset")) {
            throw HubError.badRequest(
                    "type '" + type + "': the local hub holds dataset repos only; send \"type\": \"dataset\"");
        }
        String name = text(body, "name", null);
        if (name == null) {
            throw HubError.badRequest("name: missing; the repo name without its namespace is required");
        }
        String org = text(body, "organization", null);
        if (name.contains("/") && org == null) {
            org = name.substring(0, name.indexOf('/'));
            name = name.substring(name.indexOf('/') + 1);
        }
        RepoId id = new RepoId(org == null ? LocalHub.USER : org, name);
        boolean isPrivate = body.path("private").asBoolean(false);
        String visibility = text(body, "visibility", null);
        if (visibility != null) {
            if (!visibility.equals("public") && !visibility.equals("private")) {
                throw HubError.badRequest("visibility '" + visibility + "': allowed are public and private");
            }
            isPrivate = visibility.equals("private");
        }
        Map<String, byte[]> files = new TreeMap<>();
        for (JsonNode f : body.path("files")) {
            String path = CommitPlan.checkNewPath(text(f, "path", null));
            String content = text(f, "content", "");
            byte[] bytes = "base64".equals(text(f, "encoding", "utf-8"))
                    ? Base64.getDecoder().decode(content)
                    : content.getBytes(StandardCharsets.UTF_8);
            CommitPlan.checkRegularFile(path, bytes, ex.hub.lfs());
            files.put(path, bytes);
        }
        RepoSettings s = ex.hub.repos().create(id, isPrivate, files, ex.repoUrl(id));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", ex.repoUrl(id));
        out.put("name", id.toString());
        out.put("id", s.id());
        ex.respondJson(200, out);
    }

    private void delete(HubExchange ex) throws IOException {
        ex.requireToken();
        JsonNode body = ex.json();
        String type = text(body, "type", "model");
        String name = text(body, "name", null);
        if (!type.equals("dataset") || name == null) {
            throw HubError.repoNotFound(String.valueOf(name));
        }
        String org = text(body, "organization", null);
        ex.hub.repos().delete(new RepoId(org == null ? LocalHub.USER : org, name));
        ex.respond(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8));
    }

    /** The Hub's rename ({@code move_repo}): {@code fromRepo}, {@code toRepo}, {@code type}. */
    private void move(HubExchange ex) throws IOException {
        ex.requireToken();
        JsonNode body = ex.json();
        String from = text(body, "fromRepo", null);
        String to = text(body, "toRepo", null);
        if (!text(body, "type", "model").equals("dataset") || from == null) {
            throw HubError.repoNotFound(String.valueOf(from));
        }
        RepoId target;
        try {
            target = RepoId.parse(to);
        } catch (RuntimeException e) {
            throw HubError.badRequest("toRepo: " + e.getMessage());
        }
        ex.hub.repos().move(RepoId.parse(from), target);
        ex.respond(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.UTF_8));
    }

    private void settings(HubExchange ex, Matcher m) throws IOException {
        RepoId id = HubHandler.repoId(m);
        try (DatasetRepo opened = ex.openWritable(id)) {
            JsonNode body = ex.json();
            var lock = ex.hub.repos().lock(id);
            lock.lock();
            try (DatasetRepo repo = ex.hub.repos().reopenLocked(opened)) {
                RepoSettings s = repo.settings();
                if (body.has("private")) {
                    s = s.withPrivate(body.get("private").asBoolean());
                }
                if (body.hasNonNull("visibility")) {
                    String v = body.get("visibility").asText();
                    if (!v.equals("public") && !v.equals("private")) {
                        throw HubError.badRequest("visibility '" + v + "': allowed are public and private");
                    }
                    s = s.withPrivate(v.equals("private"));
                }
                if (body.has("gated")) {
                    JsonNode g = body.get("gated");
                    String v = g.isBoolean() ? String.valueOf(g.asBoolean()) : g.asText();
                    if (v.equals("true")) {
                        v = "auto";
                    }
                    if (!Set.of("false", "auto", "manual").contains(v)) {
                        throw HubError.badRequest("gated '" + v + "': allowed are false, \"auto\" and \"manual\"");
                    }
                    s = s.withGated(v);
                }
                repo.save(s);
                ex.hub.repos().protect(id, s.isPrivate());
                ex.respondJson(200, Map.of("private", s.isPrivate(), "gated", s.gatedJson()));
            } finally {
                lock.unlock();
            }
        }
    }

    private void info(HubExchange ex, Matcher m, String rev) throws IOException {
        RepoId id = HubHandler.repoId(m);
        try (DatasetRepo repo = ex.openReadable(id)) {
            DatasetRepo.Revision r = repo.resolve(rev);
            List<String> expand = ex.params("expand");
            RepoJson.checkExpand(expand);
            boolean blobs = ex.flag("blobs");
            if (blobs && !expand.isEmpty()) {
                throw HubError.badRequest("blobs and expand cannot be combined");
            }
            ex.respondJson(
                    200,
                    new RepoJson(repo, r.commit()).render(expand.isEmpty() ? RepoJson.INFO_FIELDS : expand, blobs));
        }
    }

    private void list(HubExchange ex) throws IOException {
        boolean auth = ex.authenticated();
        List<String> expand = ex.params("expand");
        RepoJson.checkExpand(expand);
        boolean full = ex.flag("full");
        String author = ex.param("author");
        List<String> search = ex.params("search");
        List<String> filters = ex.params("filter");
        String gated = ex.param("gated");
        String sort = ex.param("sort");
        String direction = ex.param("direction");
        int pageSize = ex.hub.options().pageSize();
        int limit = ex.intParam("limit", pageSize, pageSize);
        if (limit == 0) {
            limit = pageSize;
        }
        int offset = ex.cursor();

        record Row(RepoId id, Instant created, Instant modified) {}
        List<RepoId> named = ex.hub.repos().list().stream()
                .filter(id -> author == null || id.namespace().equalsIgnoreCase(author))
                .filter(id -> search.stream()
                        .allMatch(s -> id.toString().toLowerCase(Locale.ROOT).contains(s.toLowerCase(Locale.ROOT))))
                .toList();
        List<Row> rows = new ArrayList<>(ex.hub.repos().readEach(named, repo -> {
            RepoSettings s = repo.settings();
            if ((s.isPrivate() && !auth)
                    || (gated != null && (s.gated().equals("false") == Boolean.parseBoolean(gated)))) {
                return null;
            }
            RepoJson json = new RepoJson(repo, repo.resolve("HEAD").commit());
            return filters.isEmpty() || json.tags().containsAll(filters)
                    ? new Row(repo.id, json.createdAt(), json.lastModified())
                    : null;
        }));
        Comparator<Row> order = switch (sort == null ? "id" : sort) {
            case "createdAt" -> Comparator.comparing(Row::created);
            case "lastModified" -> Comparator.comparing(Row::modified);
            case "id" -> Comparator.comparing(r -> r.id().toString().toLowerCase(Locale.ROOT));
            case "downloads", "likes", "trendingScore", "likes30d", "mainSize" ->
                Comparator.comparing(r -> r.id().toString().toLowerCase(Locale.ROOT));
            default ->
                throw HubError.badRequest("sort '" + sort
                        + "': allowed are createdAt, lastModified, id, downloads, likes, trendingScore");
        };
        // The Hub sorts by a given key descending unless direction=1; by id ascending otherwise.
        boolean descending = sort != null && !sort.equals("id") ? !"1".equals(direction) : "-1".equals(direction);
        rows.sort(descending ? order.reversed() : order);

        List<RepoId> shown = rows.subList(Math.min(offset, rows.size()), Math.min(rows.size(), offset + limit)).stream()
                .map(Row::id)
                .toList();
        List<String> fields = !expand.isEmpty() ? expand : full ? RepoJson.INFO_FIELDS : RepoJson.LIST_FIELDS;
        List<Map<String, Object>> page = ex.hub
                .repos()
                .readEach(shown, repo -> new RepoJson(repo, repo.resolve("HEAD").commit()).render(fields, false));
        if (offset + limit < rows.size()) {
            ex.linkNext(offset + limit);
        }
        ex.setHeader("X-Total-Count", String.valueOf(rows.size()));
        ex.respondJson(200, page);
    }

    private void refs(HubExchange ex, Matcher m) throws IOException {
        try (DatasetRepo repo = ex.openReadable(HubHandler.repoId(m))) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("branches", refList(repo.refs("refs/heads/"), "refs/heads/"));
            out.put("tags", refList(repo.refs("refs/tags/"), "refs/tags/"));
            out.put("converts", List.of());
            if (ex.flag("include_prs")) {
                out.put("pullRequests", refList(repo.refs("refs/pr/"), "refs/pr/"));
            }
            ex.respondJson(200, out);
        }
    }

    private static List<Map<String, Object>> refList(Map<String, ObjectId> refs, String prefix) {
        List<Map<String, Object>> out = new ArrayList<>();
        refs.forEach(
                (name, target) -> out.add(Map.of("name", name, "ref", prefix + name, "targetCommit", target.name())));
        return out;
    }

    /** A change of refs, made under the repo's lock. */
    private interface RefChange {
        void apply(DatasetRepo repo, JsonNode body) throws IOException;
    }

    private static void changeRefs(HubExchange ex, Matcher m, RefChange change) throws IOException {
        RepoId id = HubHandler.repoId(m);
        try (DatasetRepo opened = ex.openWritable(id)) {
            JsonNode body = ex.json();
            var lock = ex.hub.repos().lock(id);
            lock.lock();
            try (DatasetRepo repo = ex.hub.repos().reopenLocked(opened)) {
                change.apply(repo, body);
            } finally {
                lock.unlock();
            }
            ex.respondJson(200, Map.of());
        }
    }

    private void branch(HubExchange ex, Matcher m) throws IOException {
        String branch = RequestText.decodePath(m.group(3));
        changeRefs(ex, m, (repo, body) -> {
            if (ex.method().equals("DELETE")) {
                repo.deleteRef("refs/heads/" + branch);
            } else {
                repo.createRef(
                        "refs/heads/" + branch,
                        repo.resolve(text(body, "startingPoint", "HEAD")).commit());
            }
        });
    }

    private void createTag(HubExchange ex, Matcher m) throws IOException {
        changeRefs(ex, m, (repo, body) -> {
            String tag = text(body, "tag", null);
            if (tag == null) {
                throw HubError.badRequest("tag: missing; the name of the tag to create is required");
            }
            repo.createRef(
                    "refs/tags/" + tag,
                    repo.resolve(RequestText.decodePath(m.group(3))).commit());
        });
    }

    private void deleteTag(HubExchange ex, Matcher m) throws IOException {
        changeRefs(ex, m, (repo, body) -> repo.deleteRef("refs/tags/" + RequestText.decodePath(m.group(3))));
    }

    private void validateYaml(HubExchange ex) throws IOException {
        JsonNode body = ex.json();
        CardMetadata card = CardMetadata.read(text(body, "content", ""));
        Map<String, Object> out = new LinkedHashMap<>();
        if (!card.problems().isEmpty()) {
            out.put("error", String.join("; ", card.problems()));
            out.put(
                    "errors",
                    card.problems().stream().map(p -> Map.of("message", p)).toList());
            out.put("warnings", List.of());
            ex.setErrorMessage(card.problems().get(0));
            ex.respondJson(400, out);
            return;
        }
        List<Map<String, String>> warnings = new ArrayList<>();
        if (card.data().isEmpty()) {
            warnings.add(Map.of("message", "Empty or missing yaml metadata in repo card"));
        }
        out.put("warnings", warnings);
        ex.respondJson(200, out);
    }

    static String text(JsonNode node, String field, String dflt) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isValueNode()) {
            throw HubError.badRequest(field + ": expected a string");
        }
        return v.asText();
    }

    /** A 24-hex id that stays the same for the same name. */
    private static String stableId(String name) {
        byte[] d = LfsStore.sha256().digest(name.getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(d, 0, 12);
    }
}
