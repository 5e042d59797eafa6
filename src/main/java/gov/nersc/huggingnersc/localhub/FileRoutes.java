package gov.nersc.huggingnersc.localhub;

import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.api.RepoId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.revwalk.RevCommit;

/** Routes that read files and history: tree, paths-info, resolve/raw downloads, commits. */
final class FileRoutes {
    private static final String REPO = "/api/datasets/([^/]+)/([^/]+)";
    private static final String CROISSANT = "croissant.json";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    List<HubHandler.Route> routes() {
        return List.of(
                HubHandler.Route.of("GET", REPO + "/tree/(.+)", this::tree),
                HubHandler.Route.of("POST", REPO + "/paths-info/(.+)", this::pathsInfo),
                HubHandler.Route.of("GET", REPO + "/commits/(.+)", this::commits),
                HubHandler.Route.of("GET|HEAD", REPO + "/croissant", this::croissant),
                HubHandler.Route.of("GET|HEAD", "/datasets/([^/]+)/([^/]+)/(resolve|raw)/(.+)", this::download));
    }

    private void tree(HubExchange ex, Matcher m) throws IOException {
        String[] revPath = RequestText.revisionAndPath(m.group(3));
        try (DatasetRepo repo = ex.openReadable(HubHandler.repoId(m))) {
            RevCommit commit = repo.resolve(revPath[0]).commit();
            boolean expand = ex.flag("expand");
            int pageSize = expand
                    ? Math.max(1, ex.hub.options().pageSize() / 10)
                    : ex.hub.options().pageSize();
            int limit = ex.intParam("limit", pageSize, pageSize);
            limit = limit == 0 ? pageSize : limit;
            int offset = ex.cursor();
            List<DatasetRepo.Entry> all = repo.list(commit, revPath[1], ex.flag("recursive"));
            List<Map<String, Object>> page = new ArrayList<>();
            for (int i = offset; i < all.size() && page.size() < limit; i++) {
                page.add(entry(repo, commit, all.get(i), expand));
            }
            if (offset + limit < all.size()) {
                ex.linkNext(offset + limit);
            }
            ex.respondJson(200, page);
        }
    }

    private void pathsInfo(HubExchange ex, Matcher m) throws IOException {
        String rev = RequestText.decodePath(m.group(3));
        try (DatasetRepo repo = ex.openReadable(HubHandler.repoId(m))) {
            Set<String> paths = new LinkedHashSet<>();
            boolean expand;
            String type = Optional.ofNullable(ex.header("Content-Type")).orElse("");
            if (type.startsWith("application/x-www-form-urlencoded")) {
                String form = new String(ex.bodyBytes(ex.hub.options().maxJsonBytes()), StandardCharsets.UTF_8);
                expand = false;
                for (String pair : form.split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String k = RequestText.decodeForm(pair.substring(0, eq));
                    String v = RequestText.decodeForm(pair.substring(eq + 1));
                    if (k.equals("paths") || k.equals("paths[]")) {
                        paths.add(v);
                    } else if (k.equals("expand")) {
                        expand = v.equals("1") || v.equalsIgnoreCase("true");
                    }
                }
            } else {
                JsonNode body = ex.json();
                JsonNode list = body.path("paths");
                if (list.isTextual()) {
                    paths.add(list.asText());
                } else if (list.isArray()) {
                    list.forEach(p -> paths.add(p.asText()));
                } else {
                    throw HubError.badRequest("paths: expected a list of file paths");
                }
                expand = body.path("expand").asBoolean(false);
            }
            RevCommit commit = repo.resolve(rev).commit();
            List<Map<String, Object>> out = new ArrayList<>();
            for (String p : paths) {
                String path = stripSlashes(p);
                if (path.isEmpty()) {
                    continue;
                }
                Optional<DatasetRepo.Entry> e = repo.entry(commit, path);
                if (e.isPresent()) {
                    out.add(entry(repo, commit, e.get(), expand));
                }
            }
            ex.respondJson(200, out);
        }
    }

    private Map<String, Object> entry(DatasetRepo repo, RevCommit at, DatasetRepo.Entry e, boolean expand)
            throws IOException {
        Map<String, Object> out = RepoJson.entry(e);
        if (expand) {
            RevCommit last = repo.lastCommit(at, e.path());
            Map<String, Object> lc = new LinkedHashMap<>();
            lc.put("id", last.name());
            lc.put("title", last.getShortMessage());
            lc.put("date", RepoJson.date(java.time.Instant.ofEpochSecond(last.getCommitTime())));
            out.put("lastCommit", lc);
            if (!e.directory()) {
                // the Hub's shape; the local hub scans nothing, so both scans are null
                Map<String, Object> security = new LinkedHashMap<>();
                security.put("status", "unscanned");
                security.put("avScan", null);
                security.put("pickleImportScan", null);
                out.put("securityFileStatus", security);
            }
        }
        return out;
    }

    private void commits(HubExchange ex, Matcher m) throws IOException {
        String rev = RequestText.decodePath(m.group(3));
        try (DatasetRepo repo = ex.openReadable(HubHandler.repoId(m))) {
            RevCommit head = repo.resolve(rev).commit();
            int pageSize = ex.hub.options().pageSize();
            int limit = ex.intParam("limit", pageSize, Math.max(pageSize, 1000));
            limit = limit == 0 ? pageSize : limit;
            int offset = ex.cursor();
            List<RevCommit> log = repo.log(head, offset, limit + 1);
            List<Map<String, Object>> out = new ArrayList<>();
            for (RevCommit c : log.subList(0, Math.min(limit, log.size()))) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("id", c.name());
                item.put("title", c.getShortMessage());
                item.put("message", c.getFullMessage().strip());
                item.put("authors", List.of(Map.of("user", c.getAuthorIdent().getName(), "avatar", "")));
                item.put("date", RepoJson.date(java.time.Instant.ofEpochSecond(c.getCommitTime())));
                out.add(item);
            }
            if (log.size() > limit) {
                ex.linkNext(offset + limit);
            }
            ex.respondJson(200, out);
        }
    }

    /**
     * The Hub's Croissant endpoint: the Hub makes the document from its Parquet conversion; the local
     * hub answers the repo's own {@code croissant.json} at {@code main}, when it is a JSON object.
     * Neither the Hub's documentation nor its clients know a revision for it, so there is none.
     */
    private void croissant(HubExchange ex, Matcher m) throws IOException {
        RepoId id = HubHandler.repoId(m);
        try (DatasetRepo repo = ex.openReadable(id)) {
            RevCommit commit = repo.resolve("main").commit();
            Optional<DatasetRepo.Entry> file = repo.entry(commit, CROISSANT).filter(e -> !e.directory());
            int max = (int) Math.min(Integer.MAX_VALUE - 8, ex.hub.options().maxJsonBytes());
            Optional<FilePrefix> json =
                    file.isEmpty() ? Optional.empty() : FilePrefix.read(repo, ex.hub.lfs(), file.get(), max);
            if (json.isEmpty()) {
                throw new HubError(
                        404, "EntryNotFound", id + " has no Croissant metadata: there is no " + CROISSANT + " at main");
            }
            if (!json.get().whole()) {
                throw new HubError(
                        404,
                        "EntryNotFound",
                        CROISSANT + " of " + id + " is larger than the " + max
                                + " bytes the local hub serves as Croissant metadata");
            }
            try {
                if (!HubExchange.JSON.readTree(json.get().bytes()).isObject()) {
                    throw new HubError(404, "EntryNotFound", CROISSANT + " of " + id + " at main is not a JSON object");
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new HubError(
                        404,
                        "EntryNotFound",
                        CROISSANT + " of " + id + " at main is not valid JSON: " + e.getOriginalMessage());
            }
            ex.respond(200, "application/ld+json; charset=utf-8", json.get().bytes());
        }
    }

    /**
     * {@code resolve} answers the file's content (an LFS file's object, streamed directly rather
     * than redirected); {@code raw} answers the git blob, i.e. the pointer of an LFS file.
     */
    private void download(HubExchange ex, Matcher m) throws IOException {
        RepoId id = HubHandler.repoId(m);
        boolean raw = m.group(3).equals("raw");
        String[] revPath = RequestText.revisionAndPath(m.group(4));
        try (DatasetRepo repo = ex.openReadable(id)) {
            RevCommit commit = repo.resolve(revPath[0]).commit();
            ex.setHeader("X-Repo-Commit", commit.name());
            Optional<DatasetRepo.Entry> found =
                    revPath[1].isEmpty() ? Optional.empty() : repo.entry(commit, revPath[1]);
            if (found.isEmpty() || found.get().directory()) {
                throw HubError.entryNotFound(revPath[1]);
            }
            DatasetRepo.Entry e = found.get();
            ex.setHeader("Accept-Ranges", "bytes");
            long size;
            InputStreamSource source;
            if (e.lfs() != null && !raw) {
                String oid = e.lfs().oid();
                Optional<Long> stored = ex.hub.lfs().size(oid);
                if (stored.isEmpty()) {
                    throw new HubError(
                            404,
                            "EntryNotFound",
                            "The LFS object of " + e.path() + " (" + oid + ") is not stored on this hub");
                }
                if (stored.get() != e.lfs().size()) {
                    // the pointer promises bytes that are not there: a download would stop short and hang
                    throw new HubError(
                            404,
                            "EntryNotFound",
                            "The LFS object of " + e.path() + " (" + oid + ") has " + stored.get() + " bytes, not the "
                                    + e.lfs().size() + " its pointer claims");
                }
                size = e.lfs().size();
                ex.setHeader("ETag", "\"" + oid + "\"");
                ex.setHeader("X-Linked-Etag", "\"" + oid + "\"");
                ex.setHeader("X-Linked-Size", String.valueOf(size));
                source = offset -> ex.hub.lfs().open(oid, offset);
            } else {
                byte[] blob = repo.read(e.oid());
                size = blob.length;
                ex.setHeader("ETag", "\"" + e.oid().name() + "\"");
                source = offset -> new ByteArrayInputStream(blob, (int) offset, blob.length - (int) offset);
            }
            ex.setHeader("Content-Disposition", "inline; filename=\"" + fileName(e.path()) + "\"");
            send(ex, size, source);
        }
    }

    /** Opens the content at an offset. */
    private interface InputStreamSource {
        InputStream open(long offset) throws IOException;
    }

    private static void send(HubExchange ex, long size, InputStreamSource source) throws IOException {
        String range = ex.header("Range");
        long start = 0;
        long end = size - 1;
        int status = 200;
        if (range != null) {
            Matcher r = RANGE.matcher(range.strip());
            if (!r.matches() || (r.group(1).isEmpty() && r.group(2).isEmpty())) {
                throw new HubError(416, null, "Range '" + range + "' is not a single byte range like bytes=0-99");
            }
            if (size == 0) {
                // nothing to slice: answer the whole (empty) file, with its size, as clients expect
                ex.setHeader("Content-Range", "bytes */0");
            } else {
                if (r.group(1).isEmpty()) {
                    start = Math.max(0, size - Long.parseLong(r.group(2)));
                } else {
                    start = Long.parseLong(r.group(1));
                    if (!r.group(2).isEmpty()) {
                        end = Math.min(end, Long.parseLong(r.group(2)));
                    }
                }
                if (start >= size || start > end) {
                    ex.setHeader("Content-Range", "bytes */" + size);
                    throw new HubError(416, null, "Range '" + range + "' is outside the file's " + size + " bytes");
                }
                status = 206;
                ex.setHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
        }
        long length = size == 0 ? 0 : end - start + 1;
        ex.drain();
        if (ex.responseHeader("Content-Type") == null) {
            ex.setHeader("Content-Type", "application/octet-stream");
        }
        try (OutputStream out = ex.answer(status, length)) {
            if (length == 0 || ex.method().equals("HEAD")) {
                return;
            }
            try (InputStream in = source.open(start)) {
                byte[] buf = new byte[1 << 16];
                long left = length;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        throw new IOException("content ended " + left + " bytes early");
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        }
    }

    private static String fileName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.replaceAll("[\"\\\\\\r\\n]", "_");
    }

    static String stripSlashes(String p) {
        String s = p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
