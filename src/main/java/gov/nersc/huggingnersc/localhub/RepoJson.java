package gov.nersc.huggingnersc.localhub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A dataset repo as the Hub's JSON shows it ({@code GET /api/datasets/{id}} and the listing),
 * computed lazily from one revision: only the fields asked for are worked out.
 */
final class RepoJson {
    /** Every property {@code expand} may ask for. */
    static final Set<String> EXPANDABLE = Set.of(
            "author",
            "cardData",
            "citation",
            "createdAt",
            "description",
            "disabled",
            "downloads",
            "downloadsAllTime",
            "gated",
            "lastModified",
            "likes",
            "mainSize",
            "paperswithcode_id",
            "private",
            "resourceGroup",
            "sha",
            "siblings",
            "tags",
            "trendingScore",
            "usedStorage",
            "xetEnabled");
    /** Fields of a repo-info answer without {@code expand}. */
    static final List<String> INFO_FIELDS = List.of(
            "author",
            "sha",
            "lastModified",
            "private",
            "gated",
            "disabled",
            "tags",
            "description",
            "citation",
            "cardData",
            "downloads",
            "likes",
            "siblings",
            "createdAt",
            "usedStorage");
    /** Fields of a listing item without {@code expand} or {@code full}. */
    static final List<String> LIST_FIELDS = List.of(
            "author",
            "sha",
            "lastModified",
            "private",
            "gated",
            "disabled",
            "tags",
            "downloads",
            "likes",
            "trendingScore",
            "createdAt");

    private final DatasetRepo repo;
    private final RepoSettings settings;
    private final RevCommit commit;
    private CardMetadata card;
    private List<DatasetRepo.Entry> files;

    RepoJson(DatasetRepo repo, RevCommit commit) {
        this.repo = repo;
        this.settings = repo.settings();
        this.commit = commit;
    }

    /** Checks {@code expand} values; 400 naming the unknown one. */
    static void checkExpand(List<String> expand) {
        for (String e : expand) {
            if (!EXPANDABLE.contains(e)) {
                throw HubError.badRequest("expand: '" + e + "' is not an expandable property; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(EXPANDABLE)));
            }
        }
    }

    /** {@code _id}, {@code id} and the named fields, with sibling sizes when {@code blobs}. */
    Map<String, Object> render(List<String> fields, boolean blobs) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("_id", settings.id());
        out.put("id", repo.id.toString());
        for (String f : fields) {
            Object v = field(f, blobs);
            if (v != null || f.equals("description") || f.equals("citation")) {
                out.put(f, v);
            }
        }
        return out;
    }

    Object field(String name, boolean blobs) throws IOException {
        return switch (name) {
            case "author" -> repo.id.namespace();
            case "sha" -> commit.name();
            case "lastModified" -> date(lastModified());
            case "createdAt" -> date(settings.createdAt());
            case "private" -> settings.isPrivate();
            case "gated" -> settings.gatedJson();
            case "disabled", "xetEnabled" -> false;
            case "downloads", "downloadsAllTime", "likes", "trendingScore" -> 0;
            case "tags" -> tags();
            case "cardData" -> card().data().isEmpty() ? null : card().data();
            case "description", "citation", "paperswithcode_id", "resourceGroup" -> null;
            case "siblings" -> siblings(blobs);
            case "usedStorage", "mainSize" ->
                files().stream().mapToLong(DatasetRepo.Entry::size).sum();
            default -> null;
        };
    }

    Instant lastModified() {
        return Instant.ofEpochSecond(commit.getCommitTime());
    }

    Instant createdAt() {
        return settings.createdAt();
    }

    /** The tags the Hub derives: from the card, then {@code region:us}. */
    List<String> tags() throws IOException {
        List<String> tags = new ArrayList<>(card().tags());
        tags.add("region:us");
        return tags;
    }

    CardMetadata card() throws IOException {
        if (card == null) {
            Optional<DatasetRepo.Entry> readme = repo.entry(commit, "README.md");
            card = readme.isPresent()
                            && !readme.get().directory()
                            && readme.get().lfs() == null
                    ? CardMetadata.read(new String(repo.read(readme.get().oid()), StandardCharsets.UTF_8))
                    : CardMetadata.NONE;
        }
        return card;
    }

    private List<DatasetRepo.Entry> files() throws IOException {
        if (files == null) {
            files = repo.list(commit, "", true).stream()
                    .filter(e -> !e.directory())
                    .toList();
        }
        return files;
    }

    private List<Map<String, Object>> siblings(boolean blobs) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DatasetRepo.Entry e : files()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("rfilename", e.path());
            if (blobs) {
                s.put("size", e.size());
                s.put("blobId", e.oid().name());
                if (e.lfs() != null) {
                    s.put(
                            "lfs",
                            Map.of(
                                    "size",
                                    e.lfs().size(),
                                    "sha256",
                                    e.lfs().oid(),
                                    "pointerSize",
                                    e.lfs().pointerSize()));
                }
            }
            out.add(s);
        }
        return out;
    }

    /** A tree entry as {@code tree} and {@code paths-info} answer it. */
    static Map<String, Object> entry(DatasetRepo.Entry e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", e.directory() ? "directory" : "file");
        out.put("oid", e.oid().name());
        out.put("size", e.size());
        out.put("path", e.path());
        if (e.lfs() != null) {
            out.put(
                    "lfs",
                    Map.of(
                            "oid",
                            e.lfs().oid(),
                            "size",
                            e.lfs().size(),
                            "pointerSize",
                            e.lfs().pointerSize()));
        }
        return out;
    }

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** ISO-8601 UTC with milliseconds and {@code Z}, as the Hub writes dates. */
    static String date(Instant t) {
        return DATE.format(t);
    }
}
