package gov.nersc.huggingnersc.localhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated requests against an in-process local hub, on loopback: byte flips, truncations,
 * duplications and hostile values in a valid request of every route (repos, files, commits, LFS
 * batch and multipart uploads, refs, settings, pages), their paths, query strings, methods and
 * headers. Every request gets an answer, none a 5xx, and no answer names a server path or a Java
 * class; afterwards every repository passes the object checks (and {@code git fsck}) and every LFS
 * object matches its sha256. Seeded, so a failure names the seed and request that reproduce it.
 *
 * <p>{@code -Dfuzz.requests=N} and {@code -Dfuzz.seed=S} change the default run (3,000 requests);
 * the {@code slow} variant sends 50,000.
 */
class LocalHubFuzzTest {
    private static final String REPO = "nersc/fuzz";
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"};
    private static final String[] HOSTILE_SEGMENTS = {
        "..",
        ".",
        "%2e%2e",
        "%00",
        "%ff",
        "%",
        "%zz",
        "a%2Fb",
        "%2F..%2F..%2Fetc",
        "refs%2Fpr%2F999999",
        "refs",
        "%E2%80%AE",
        "x".repeat(5000),
        "main%0Aevil",
        "%20",
        "~",
        ".git",
        "HEAD",
        "0000000000000000000000000000000000000000",
        ";",
        "*",
        "%5C",
        "\u00e9"
    };
    private static final String[] HOSTILE_VALUES = {
        "-1",
        "1e999",
        "null",
        "[]",
        "{}",
        "\"\\u0000\"",
        "true",
        "\"" + "y".repeat(10000) + "\"",
        "99999999999999999999999",
        "\"../../x\"",
        "\"\"",
        "0",
        "\"\\ud800\"",
        "{\"$ref\":\"#\"}",
        "[[[[[[[[[[]]]]]]]]]]"
    };
    private static final String[] HOSTILE_QUERIES = {
        "limit=-1",
        "limit=99999999999",
        "cursor=!!!",
        "cursor=b2Zmc2V0Oi0x",
        "expand=nope",
        "expand[]=sha&expand[]=",
        "recursive=maybe",
        "search=%00",
        "author=%ff",
        "sort=x&direction=2",
        "create_pr=1",
        "full=true",
        "%=%",
        "a&&&b==c",
        "revision=..%2F..",
        "cursor=" + "A".repeat(3000)
    };

    @TempDir
    Path dir;

    /** What no answer may show: a Java class or stack frame (a server path is checked against the hub's folder). */
    private static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "\\b(?:java|javax|jdk|sun|org\\.eclipse|com\\.fasterxml|org\\.yaml|gov\\.nersc)\\.[a-z]"
                    + "|\\b[A-Z]\\w*(?:Exception|Error)\\b|\\bat [\\w$.]+\\(");

    /** One request before mutation: method, path with query, content type, body; a page when {@code html}. */
    record Seed(String method, String path, String contentType, byte[] body, String range, boolean html) {
        Seed(String method, String path, String contentType, byte[] body, String range) {
            this(method, path, contentType, body, range, false);
        }
    }

    @Test
    void mutatedRequestsGetNo5xxAndCorruptNothing() throws Exception {
        fuzz(Long.getLong("fuzz.seed", 20261124L), Integer.getInteger("fuzz.requests", 3000));
    }

    @Test
    @Tag("slow")
    void manyMoreMutatedRequests() throws Exception {
        fuzz(Long.getLong("fuzz.seed", 7L), Integer.getInteger("fuzz.slow.requests", 50_000));
    }

    private void fuzz(long seed, int requests) throws Exception {
        Random random = new Random(seed);
        try (LocalHub hub = LocalHub.start(
                dir, LocalHub.Options.defaults().withLfsThresholdBytes(200).withMultipartChunkSize(300))) {
            List<Seed> seeds = seeds(hub);
            List<String> serverErrors = new ArrayList<>();
            List<String> unanswered = new ArrayList<>();
            List<String> leaks = new ArrayList<>();
            List<String> serverPaths = List.of(dir.toString(), dir.toRealPath().toString());
            for (int i = 0; i < requests; i++) {
                Seed s = seeds.get(random.nextInt(seeds.size()));
                Mutated m = mutate(s, random, hub.token());
                RawHttp.Answer a = RawHttp.send(hub.url(), m.request());
                String which = "seed " + seed + " request " + i + ": " + a.status() + " for " + m.describe() + "\n"
                        + abbreviate(a.text());
                if (a.status() >= 500) {
                    serverErrors.add(which);
                }
                if (a.status() < 0) {
                    unanswered.add(which);
                }
                if (INTERNALS.matcher(a.text()).find() || serverPaths.stream().anyMatch(a.text()::contains)) {
                    leaks.add(which);
                }
            }
            assertThat(serverErrors).as("requests answered with a 5xx").isEmpty();
            assertThat(unanswered).as("connections closed without an answer").isEmpty();
            assertThat(leaks).as("answers naming a Java class or a server path").isEmpty();
            RawHttp.Answer alive = RawHttp.send(
                    hub.url(), RawHttp.request("GET", "/api/whoami-v2", hub.token(), null, new byte[0], null));
            assertThat(alive.status())
                    .as("the hub still answers: %s", alive.text())
                    .isEqualTo(200);
        }
        assertThat(HubIntegrity.problems(dir))
                .as("repositories and LFS objects after the fuzz")
                .isEmpty();
    }

    /** Valid requests of each kind, against a repo holding a card, a file, a folder and an LFS object. */
    private static List<Seed> seeds(LocalHub hub) {
        HubHttp http = new HubHttp(hub);
        http.createRepo(REPO, false);
        byte[] lfs = LfsUploadTest.bytes(700);
        String oid = LfsUploadTest.sha256(lfs);
        String href = http.post(
                        "/datasets/" + REPO + ".git/info/lfs/objects/batch",
                        Map.of("operation", "upload", "objects", List.of(Map.of("oid", oid, "size", lfs.length))))
                .json()
                .at("/objects/0/actions/upload/href")
                .asText();
        String upload = URI.create(href).getRawPath();
        http.send(http.request(href, true).PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(lfs)));
        assertThat(http.commit(
                                REPO,
                                "main",
                                Map.of("summary", "start"),
                                List.of(
                                        HubHttp.file("README.md", "---\nlicense: mit\ntags: [a]\n---\n# Fuzz\n"),
                                        HubHttp.file("d/a.txt", "abc"),
                                        Map.of(
                                                "key",
                                                "lfsFile",
                                                "value",
                                                Map.of(
                                                        "path",
                                                        "d/big.bin",
                                                        "algo",
                                                        "sha256",
                                                        "oid",
                                                        oid,
                                                        "size",
                                                        700))))
                        .status())
                .isEqualTo(200);
        String head = http.head(REPO);
        // a multipart upload left open: its part and completion URLs are routes to fuzz too
        byte[] parted = LfsUploadTest.bytes(701);
        String partedOid = LfsUploadTest.sha256(parted);
        com.fasterxml.jackson.databind.JsonNode multipart = http.post(
                        "/datasets/" + REPO + ".git/info/lfs/objects/batch",
                        Map.of(
                                "operation",
                                "upload",
                                "transfers",
                                List.of("basic", "multipart"),
                                "objects",
                                List.of(Map.of("oid", partedOid, "size", parted.length))))
                .json();
        String part = URI.create(
                        multipart.at("/objects/0/actions/upload/header/00001").asText())
                .getRawPath();
        String complete = URI.create(
                        multipart.at("/objects/0/actions/upload/href").asText())
                .getRawPath();
        assertThat(http.post("/api/datasets/" + REPO + "/branch/gone", Map.of()).status())
                .isEqualTo(200);
        assertThat(http.post("/api/datasets/" + REPO + "/tag/main", Map.of("tag", "old"))
                        .status())
                .isEqualTo(200);
        String commitBody = String.join(
                "\n",
                "{\"key\":\"header\",\"value\":{\"summary\":\"fuzz\",\"description\":\"d\",\"parentCommit\":\"" + head
                        + "\"}}",
                "{\"key\":\"file\",\"value\":{\"path\":\"d/b.txt\",\"content\":\"" + b64("hello")
                        + "\",\"encoding\":\"base64\"}}",
                "{\"key\":\"lfsFile\",\"value\":{\"path\":\"e/c.bin\",\"algo\":\"sha256\",\"oid\":\"" + oid
                        + "\",\"size\":700}}",
                "{\"key\":\"deletedFile\",\"value\":{\"path\":\"d/a.txt\"}}",
                "{\"key\":\"deletedFolder\",\"value\":{\"path\":\"old\"}}",
                "{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"content\":\""
                        + b64("---\nlicense: apache-2.0\nsize_categories: [n<1K]\n---\n# Card\n")
                        + "\",\"encoding\":\"base64\"}}");
        String api = "/api/datasets/" + REPO;
        return List.of(
                new Seed(
                        "POST",
                        "/api/repos/create",
                        "application/json",
                        json("{\"name\":\"made\",\"organization\":\"nersc\",\"type\":\"dataset\",\"private\":false}"),
                        null),
                new Seed(
                        "POST",
                        api + "/preupload/main",
                        "application/json",
                        json(
                                "{\"files\":[{\"path\":\"d/a.txt\",\"size\":3,\"sample\":\"" + b64("abc") + "\"},"
                                        + "{\"path\":\"x.bin\",\"size\":999,\"sample\":\"AAEC\"}],\"gitAttributes\":\"*.bin filter=lfs\"}"),
                        null),
                new Seed("POST", api + "/commit/main", "application/x-ndjson", json(commitBody), null),
                new Seed("POST", api + "/commit/main?create_pr=1", "application/x-ndjson", json(commitBody), null),
                new Seed(
                        "POST",
                        "/datasets/" + REPO + ".git/info/lfs/objects/batch",
                        "application/vnd.git-lfs+json",
                        json(
                                "{\"operation\":\"upload\",\"transfers\":[\"basic\",\"multipart\"],\"hash_algo\":\"sha_256\","
                                        + "\"objects\":[{\"oid\":\"" + oid + "\",\"size\":700},{\"oid\":\""
                                        + "ab".repeat(32)
                                        + "\",\"size\":1000}]}"),
                        null),
                new Seed("PUT", upload, "application/octet-stream", lfs, null),
                new Seed("GET", api + "/tree/main/d?recursive=true&expand=true", null, new byte[0], null),
                new Seed(
                        "GET",
                        api + "/tree/main?cursor="
                                + Base64.getUrlEncoder().encodeToString("offset:1".getBytes(StandardCharsets.UTF_8)),
                        null,
                        new byte[0],
                        null),
                new Seed(
                        "POST",
                        api + "/paths-info/main",
                        "application/json",
                        json("{\"paths\":[\"d/a.txt\",\"d\",\"none\"],\"expand\":true}"),
                        null),
                new Seed(
                        "POST",
                        api + "/paths-info/main",
                        "application/x-www-form-urlencoded",
                        json("paths=d%2Fa.txt&paths=d&expand=true"),
                        null),
                new Seed("GET", api + "/revision/main?expand[]=sha&expand[]=siblings", null, new byte[0], null),
                new Seed("GET", api + "/commits/main?limit=1", null, new byte[0], null),
                new Seed("GET", api + "/refs", null, new byte[0], null),
                new Seed("GET", "/datasets/" + REPO + "/resolve/main/d/a.txt", null, new byte[0], "bytes=1-2"),
                new Seed(
                        "GET",
                        "/datasets/" + REPO + "/resolve/" + head + "/d/big.bin",
                        null,
                        new byte[0],
                        "bytes=-100"),
                new Seed("GET", "/api/datasets?search=fu&author=nersc&limit=2&full=true", null, new byte[0], null),
                new Seed(
                        "PUT",
                        api + "/settings",
                        "application/json",
                        json("{\"private\":false,\"gated\":false}"),
                        null),
                new Seed("POST", api + "/branch/dev", "application/json", json("{\"startingPoint\":\"main\"}"), null),
                new Seed("POST", api + "/tag/v1", "application/json", json("{\"tag\":\"v1\",\"message\":\"m\"}"), null),
                new Seed(
                        "POST",
                        "/api/validate-yaml",
                        "application/json",
                        json("{\"content\":\"---\\nlicense: mit\\n---\\n\",\"repoType\":\"dataset\"}"),
                        null),
                new Seed(
                        "POST",
                        "/api/validate-yaml",
                        "application/json",
                        json("{\"content\":\"---\\na: &a [1, 2]\\nb: [*a, *a]\\n---\\n\",\"repoType\":\"dataset\"}"),
                        null),
                new Seed(
                        "DELETE",
                        "/api/repos/delete",
                        "application/json",
                        json("{\"name\":\"made\",\"organization\":\"nersc\",\"type\":\"dataset\"}"),
                        null),
                new Seed("GET", "/api/whoami-v2", null, new byte[0], null),
                new Seed("GET", api, null, new byte[0], null),
                new Seed("GET", api + "/croissant", null, new byte[0], null),
                new Seed("HEAD", "/datasets/" + REPO + "/resolve/main/README.md", null, new byte[0], null),
                new Seed("GET", "/datasets/" + REPO + "/raw/main/d/big.bin", null, new byte[0], null),
                new Seed("DELETE", api + "/branch/gone", null, new byte[0], null),
                new Seed("DELETE", api + "/tag/old", null, new byte[0], null),
                new Seed("PUT", part, "application/octet-stream", java.util.Arrays.copyOf(parted, 300), null),
                new Seed(
                        "POST",
                        complete,
                        "application/json",
                        json(
                                "{\"oid\":\"" + partedOid + "\",\"parts\":["
                                        + "{\"partNumber\":1,\"etag\":\"x\"},{\"partNumber\":2,\"etag\":\"y\"},{\"partNumber\":3,\"etag\":\"z\"}]}"),
                        null),
                new Seed("GET", "/?search=fu&filter=license:mit", null, new byte[0], null, true),
                new Seed("GET", "/datasets/" + REPO, null, new byte[0], null, true),
                new Seed("GET", "/datasets/" + REPO + "/tree/main", null, new byte[0], null, true));
    }

    /** A mutated request, and whether its request line was broken (then the JDK server may just hang up). */
    record Mutated(byte[] request, String describe, boolean requestLineBroken) {}

    private static Mutated mutate(Seed s, Random r, String token) {
        String method = s.method();
        String path = s.path();
        String type = s.contentType();
        String range = s.range();
        String auth = token;
        byte[] body = s.body();
        List<String> done = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n; k++) {
            switch (r.nextInt(12)) {
                case 0, 1 -> {
                    body = flip(body, r);
                    done.add("flip");
                }
                case 2 -> {
                    body = body.length == 0 ? body : java.util.Arrays.copyOf(body, r.nextInt(body.length));
                    done.add("truncate");
                }
                case 3 -> {
                    body = duplicate(body, r);
                    done.add("duplicate");
                }
                case 4, 5 -> {
                    body = replaceValue(body, r);
                    done.add("value");
                }
                case 6 -> {
                    path = replaceSegment(path, r);
                    done.add("segment");
                }
                case 7 -> {
                    path = path + (path.contains("?") ? "&" : "?") + HOSTILE_QUERIES[r.nextInt(HOSTILE_QUERIES.length)];
                    done.add("query");
                }
                case 8 -> {
                    method = METHODS[r.nextInt(METHODS.length)];
                    done.add("method");
                }
                case 9 -> {
                    type = new String[] {
                                null,
                                "application/json",
                                "application/x-ndjson",
                                "text/plain",
                                "multipart/form-data",
                                "application/x-www-form-urlencoded"
                            }
                            [r.nextInt(6)];
                    done.add("content-type");
                }
                case 10 -> {
                    range = new String[] {
                                "bytes=5-2",
                                "bytes=-0",
                                "bytes=99999999999999999999-",
                                "bytes=0-0,2-3",
                                "chars=1-2",
                                "bytes=",
                                "bytes=--1"
                            }
                            [r.nextInt(7)];
                    done.add("range");
                }
                default -> {
                    auth = new String[] {null, token + "x", "", token}[r.nextInt(4)];
                    done.add("auth");
                }
            }
        }
        String safePath = percentEncodeUnsafe(path);
        // the JDK server refuses a request line that is no URI (a bare '%') and hangs up unread
        boolean broken = !isUri(safePath);
        if (r.nextInt(50) == 0) {
            // now and then the request line itself: the JDK server may refuse or hang up, but not crash
            safePath = safePath.replaceFirst("/", r.nextBoolean() ? " /" : "/\u0000");
            broken = true;
            done.add("request-line");
        }
        byte[] request = RawHttp.request(method, safePath, auth, type, body, range);
        if (s.html()) {
            // as a browser asks: the page, not the API's answer
            String text = new String(request, StandardCharsets.ISO_8859_1);
            int eol = text.indexOf("\r\n") + 2;
            request = (text.substring(0, eol) + "Accept: text/html,*/*;q=0.8\r\n" + text.substring(eol))
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
        return new Mutated(
                request,
                method + " " + abbreviate(safePath) + " " + done + " body "
                        + abbreviate(new String(body, StandardCharsets.UTF_8)),
                broken);
    }

    private static byte[] flip(byte[] body, Random r) {
        if (body.length == 0) {
            return body;
        }
        byte[] b = body.clone();
        for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
    }

    private static byte[] duplicate(byte[] body, Random r) {
        if (body.length == 0) {
            return body;
        }
        int from = r.nextInt(body.length);
        int to = from + r.nextInt(body.length - from) + 1;
        int at = r.nextInt(body.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body, 0, at);
        out.write(body, from, to - from);
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }

    /** Replaces one JSON string or number value with a hostile one. */
    private static byte[] replaceValue(byte[] body, Random r) {
        String text = new String(body, StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\"[^\"]*\"|-?\\d+|true|false)")
                .matcher(text);
        List<int[]> spots = new ArrayList<>();
        while (m.find()) {
            spots.add(new int[] {m.start(1), m.end(1)});
        }
        if (spots.isEmpty()) {
            return body;
        }
        int[] s = spots.get(r.nextInt(spots.size()));
        String value = HOSTILE_VALUES[r.nextInt(HOSTILE_VALUES.length)];
        return (text.substring(0, s[0]) + value + text.substring(s[1])).getBytes(StandardCharsets.UTF_8);
    }

    private static String replaceSegment(String path, Random r) {
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        String query = q < 0 ? "" : path.substring(q);
        String[] seg = p.split("/", -1);
        if (seg.length > 1) {
            seg[1 + r.nextInt(seg.length - 1)] = HOSTILE_SEGMENTS[r.nextInt(HOSTILE_SEGMENTS.length)];
        }
        return String.join("/", seg) + query;
    }

    /** Percent-encodes what cannot stand in a request line, so that the request reaches the hub. */
    private static String percentEncodeUnsafe(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                out.append('%').append(String.format("%02X", c));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static boolean isUri(String path) {
        try {
            new URI(path);
            return true;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
