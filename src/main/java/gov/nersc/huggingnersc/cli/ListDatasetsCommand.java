package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.api.CatalogContents;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.ListFilter;
import gov.nersc.huggingnersc.api.RemoteDataset;
import gov.nersc.huggingnersc.api.RemoteListing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code list-datasets}: the catalog's entries, or (--remote) the organization's repos on the Hub. */
@Command(
        name = "list-datasets",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "List the catalog's entries: nickname, name, tags, whether published, data path.",
            "With --remote, list the organization's dataset repos on the Hub instead (every page), marking which "
                    + "have a catalog entry and which entries have no repo.",
            ""
        },
        footer = {
            "",
            "On a terminal, long values are cut to its width (COLUMNS, else 120); piped output and --json keep them whole.",
            "",
            "Examples:",
            "  huggingnersc list-datasets --tag csv",
            "  huggingnersc list-datasets --remote --search iris"
        })
public final class ListDatasetsCommand extends BaseCommand {
    private static final int DEFAULT_WIDTH = 120;

    @Option(
            names = "--tag",
            paramLabel = "TAG",
            description = "Only datasets with this tag: a metadata tag, a license or a task category "
                    + "(\"mit\" or \"license:mit\"). With --remote, passed to the Hub as its filter.")
    String tag;

    @Option(
            names = "--search",
            paramLabel = "TEXT",
            description = "Only datasets whose nickname or name contains TEXT (any case). With --remote, passed "
                    + "to the Hub, which matches repo ids.")
    String search;

    @Option(names = "--remote", description = "List the organization's dataset repos on the Hub.")
    boolean remote;

    @Override
    public Integer call() {
        ListFilter filter = new ListFilter(Optional.ofNullable(tag), Optional.ofNullable(search));
        HuggingNersc api = api();
        if (remote) {
            listRemote(api, filter);
        } else {
            listCatalog(api, filter);
        }
        return ExitCodes.OK;
    }

    private void listCatalog(HuggingNersc api, ListFilter filter) {
        CatalogContents contents = api.list(filter);
        contents.damaged().forEach(d -> err().println("warning: skipped a damaged entry: " + d));
        err().flush();
        if (root().json()) {
            printJson(
                    contents.entries().stream().map(ListDatasetsCommand::toJson).toList());
            return;
        }
        if (contents.entries().isEmpty()) {
            notice("no catalog entries" + (filter.isEmpty() ? "" : " match") + " under "
                    + api.settings().catalogRoot());
            return;
        }
        if (root().quiet()) {
            contents.entries().forEach(e -> out().println(e.nickname()));
            out().flush();
            return;
        }
        TextTable table = new TextTable(List.of("NICKNAME", "NAME", "TAGS", "PUBLISHED", "DATA PATH"), Set.of(1, 2, 4));
        for (CatalogEntry e : contents.entries()) {
            table.add(List.of(
                    e.nickname(),
                    e.officialName(),
                    String.join(", ", e.metadata().tags()),
                    e.isPublished() ? "yes" : "no",
                    e.dataPath().orElse("not recorded")));
        }
        out().print(table.render(width()));
        out().flush();
    }

    private void listRemote(HuggingNersc api, ListFilter filter) {
        List<RemoteDataset> repos = new ArrayList<>();
        // the Hub's pages arrive lazily; the rows are kept only to size the table's columns
        RemoteListing listing = api.listRemote(filter, repos::add);
        listing.damaged().forEach(d -> err().println("warning: skipped a damaged entry: " + d));
        err().flush();
        if (root().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("org", listing.org());
            json.put("endpoint", listing.endpoint());
            json.put("repos", repos.stream().map(ListDatasetsCommand::toJson).toList());
            json.put(
                    "entries_without_repo",
                    listing.filtered()
                            ? null
                            : listing.withoutRepo().stream()
                                    .map(CatalogEntry::nickname)
                                    .toList());
            json.put("public_only", publicOnly().isPresent());
            printJson(json);
            return;
        }
        if (root().quiet()) {
            repos.forEach(d -> out().println(d.id()));
            out().flush();
            return;
        }
        TextTable table = new TextTable(List.of("REPO", "CATALOG ENTRY", "TAGS", "LAST MODIFIED"), Set.of(0, 2));
        for (RemoteDataset d : repos) {
            table.add(List.of(
                    d.id(),
                    d.entry().map(CatalogEntry::nickname).orElse("none"),
                    String.join(", ", d.tags()),
                    d.lastModified().map(Object::toString).orElse("")));
        }
        for (CatalogEntry e : listing.withoutRepo()) {
            table.add(List.of(
                    e.repoId().toString(),
                    e.nickname() + (publicOnly().isPresent() ? " (no repo, or private)" : " (no repo)"),
                    String.join(", ", e.metadata().tags()),
                    ""));
        }
        publicOnly().ifPresent(why -> notice("note: " + why));
        if (repos.isEmpty() && listing.withoutRepo().isEmpty()) {
            notice("no dataset repos of " + listing.org() + (filter.isEmpty() ? "" : " match") + " on "
                    + listing.endpoint());
            return;
        }
        out().print(table.render(width()));
        out().printf(
                        "%d repo%s of %s on %s; %d without a catalog entry%s%n",
                        listing.repos(),
                        listing.repos() == 1 ? "" : "s",
                        listing.org(),
                        listing.endpoint(),
                        repos.stream().filter(d -> !d.inCatalog()).count(),
                        listing.filtered()
                                ? ""
                                : "; " + listing.withoutRepo().size() + " catalog entr"
                                        + (listing.withoutRepo().size() == 1 ? "y" : "ies") + " without a repo");
        out().flush();
    }

    /**
     * The terminal's width: COLUMNS when the shell exports it, else 120 on a terminal; piped output
     * (no terminal) is not cut, so scripts get whole values.
     */
    private int width() {
        String columns = root().env().get("COLUMNS");
        if (columns != null) {
            try {
                int n = Integer.parseInt(columns.strip());
                if (n >= 20) {
                    return n;
                }
            } catch (NumberFormatException notANumber) {
                // fall through to the default
            }
        }
        return System.console() != null ? DEFAULT_WIDTH : Integer.MAX_VALUE;
    }

    private static Map<String, Object> toJson(CatalogEntry e) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nickname", e.nickname());
        json.put("official_name", e.officialName());
        json.put("tags", e.metadata().tags());
        json.put("repo_id", e.repoId().toString());
        json.put(
                "published",
                e.published()
                        .map(p -> Map.of("commit", p.commit(), "time", p.time().toString()))
                        .orElse(null));
        json.put("data_path", e.dataPath().orElse(null));
        json.put("download_link", e.downloadLink().orElse(null));
        return json;
    }

    private static Map<String, Object> toJson(RemoteDataset d) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", d.id());
        json.put("catalog_entry", d.entry().map(CatalogEntry::nickname).orElse(null));
        json.put("private", d.isPrivate().orElse(null));
        json.put("last_modified", d.lastModified().map(Object::toString).orElse(null));
        json.put("tags", d.tags());
        return json;
    }
}
