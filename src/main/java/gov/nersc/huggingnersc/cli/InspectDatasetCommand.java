package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.api.InspectedEntry;
import gov.nersc.huggingnersc.api.RemoteInspection;
import gov.nersc.huggingnersc.api.RepoCommit;
import gov.nersc.huggingnersc.api.RepoComparison;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inspect-dataset NICKNAME}: what the catalog entry says, for people or (--json) for tools. */
@Command(
        name = "inspect-dataset",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Show a catalog entry: names, Hub repo, data path, download link, scripts, tags, publication and the "
                    + "files in its folder. Reads entries of this tool and of the earlier Python tool.",
            ""
        })
public final class InspectDatasetCommand extends BaseCommand {
    /** What the output says for an entry that records no data path. */
    static String noDataPath(String nickname) {
        return "none recorded; set one with 'huggingnersc update-dataset " + nickname + " --data-path PATH'";
    }

    @Parameters(index = "0", paramLabel = "NICKNAME", description = "The entry's nickname.")
    String nickname;

    @Option(
            names = "--remote",
            description = "Also ask the Hub: the repo URL, its last commit, the Hub's tags, its files, and whether the "
                    + "entry and the repo agree. Without it no network is used.")
    boolean remote;

    @Option(
            names = "--revision",
            paramLabel = "REV",
            description = "With --remote, read the repo at this branch, tag or commit id (default: main).")
    String revision;

    @Override
    public Integer call() {
        HuggingNersc api = api();
        if (revision != null && !remote) {
            throw new InvalidInputException("--revision goes with --remote (it names a revision of the Hub repo); add "
                    + "--remote or leave --revision out");
        }
        if (remote) {
            RemoteInspection r = api.inspectRemote(nickname, revision == null ? "main" : revision);
            if (root().json()) {
                Map<String, Object> json = toJson(r.local());
                json.put("remote", remoteJson(r));
                printJson(json);
            } else {
                printSummary(r.local());
                printRemote(r);
            }
            return ExitCodes.OK;
        }
        InspectedEntry found = api.inspect(nickname);
        if (root().json()) {
            printJson(toJson(found));
        } else {
            printSummary(found);
        }
        return ExitCodes.OK;
    }

    private void printRemote(RemoteInspection r) {
        CatalogEntry e = r.local().entry();
        out().println();
        line(
                "Hub",
                r.endpoint()
                        + (r.entryNamesThisHub()
                                ? ""
                                : " (the entry names " + e.endpoint() + "; give --endpoint to ask that one)"));
        line("repo URL", r.repoUrl());
        if (!r.repoExists()) {
            line(
                    "repo",
                    publicOnly()
                                    .map(why -> "not found: it may be private (" + why + "), or it does not exist")
                                    .orElse("does not exist on this Hub")
                            + "; publish it with 'huggingnersc upload-dataset " + e.nickname()
                            + "'");
            out().flush();
            return;
        }
        RepoCommit head = r.head().get();
        line("last commit", head.id() + " " + head.date() + " " + head.title());
        line("Hub tags", r.tags().isEmpty() ? "none" : String.join(", ", r.tags()));
        line("repo files", r.files().size() + "");
        for (TreeEntry f : r.files()) {
            out().printf("  %-40s %12s%s%n", f.path(), f.size() + " B", f.lfs() != null ? "  LFS" : "");
        }
        line("agrees", agreement(r));
        out().flush();
    }

    private static String agreement(RemoteInspection r) {
        if (r.comparison().isEmpty()) {
            return "cannot tell: " + r.comparisonProblem().orElse("the entry has no repo files");
        }
        RepoComparison c = r.comparison().get();
        if (c.agrees()) {
            return "yes, the repo holds the entry's files"
                    + (c.extra().isEmpty() ? "" : " (and others': " + String.join(", ", c.extra()) + ")");
        }
        List<String> parts = new ArrayList<>();
        if (!c.missing().isEmpty()) {
            parts.add("missing on the Hub: " + String.join(", ", c.missing()));
        }
        if (!c.differing().isEmpty()) {
            parts.add("different on the Hub: " + String.join(", ", c.differing()));
        }
        return "no; " + String.join("; ", parts) + " (update-dataset or upload-dataset makes them agree)";
    }

    private Map<String, Object> remoteJson(RemoteInspection r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("endpoint", r.endpoint());
        json.put("repo_url", r.repoUrl());
        json.put("exists", r.repoExists());
        // without a token the Hub answers as if a private repo did not exist
        json.put("public_only", publicOnly().isPresent());
        json.put(
                "last_commit",
                r.head()
                        .map(h -> {
                            Map<String, Object> c = new LinkedHashMap<>();
                            c.put("id", h.id());
                            c.put("date", h.date() == null ? null : h.date().toString());
                            c.put("title", h.title());
                            return c;
                        })
                        .orElse(null));
        json.put("tags", r.tags());
        json.put(
                "files",
                r.files().stream()
                        .map(f -> {
                            Map<String, Object> file = new LinkedHashMap<>();
                            file.put("path", f.path());
                            file.put("size", f.size());
                            file.put("lfs", f.lfs() != null);
                            return file;
                        })
                        .toList());
        json.put("agrees", r.agrees());
        json.put("missing", r.comparison().map(RepoComparison::missing).orElse(null));
        json.put("differing", r.comparison().map(RepoComparison::differing).orElse(null));
        json.put("extra", r.comparison().map(RepoComparison::extra).orElse(null));
        json.put("comparison_problem", r.comparisonProblem().orElse(null));
        return json;
    }

    private void printSummary(InspectedEntry found) {
        CatalogEntry e = found.entry();
        boolean earlier = e.origin() == CatalogEntry.Origin.EARLIER_TOOL;
        String unknown = "unknown (the earlier tool did not record it)";
        line("nickname", e.nickname());
        line("official name", e.officialName());
        line(
                "entry",
                found.location() + "/"
                        + (earlier ? " (written by the earlier Python tool)" : " (schema " + e.schemaVersion() + ")"));
        line("Hub repo", e.repoId() + " on " + e.endpoint());
        line(
                "Hub URL",
                Publication.browsable(e.hubUrl(), e.endpoint())
                        + Publication.embeddedDir(e.endpoint())
                                .map(dir -> " (run: " + Publication.serveCommand(dir) + ")")
                                .orElse(""));
        line(
                "published",
                e.published()
                        .map(p -> "commit " + p.commit() + " at " + p.time())
                        .orElse("no"));
        line("data path", e.dataPath().orElse(noDataPath(e.nickname())));
        line("download link", earlier ? unknown : e.downloadLink().orElse("none (not public)"));
        line("loader", e.loaderScript().orElse(earlier ? unknown + "; see README.md" : "none"));
        line("batch script", e.batchScript().orElse(earlier ? unknown : "none"));
        line(
                "distributed",
                (e.distributed() ? "yes (no notebook)" : "no") + (earlier ? ", inferred from the notebook" : ""));
        List<String> tags = e.metadata().tags();
        line("tags", tags.isEmpty() ? "none" : String.join(", ", tags));
        if (!e.metadata().papers().isEmpty()) {
            line("papers", String.join(", ", e.metadata().papers()));
        }
        line(
                "data",
                e.scan()
                        .map(s -> MessageText.count(s.files(), "file") + ", " + HumanBytes.format(s.bytes())
                                + (s.formats().isEmpty() ? "" : ", " + String.join(", ", s.formats()))
                                + " (scanned " + s.scanned() + ")")
                        .orElse("not scanned"));
        line(
                "manifest",
                e.manifest()
                        .map(m ->
                                m.rootDigest() + " (" + MessageText.count(m.files(), "file") + ", " + m.created() + ")")
                        .orElse("none"));
        line(
                "created",
                earlier ? e.created() + " (time of the info file)" : e.created().toString());
        line("updated", e.updated().toString());
        line("files", String.join(", ", found.files()));
        out().flush();
    }

    private void line(String label, String value) {
        out().println((label + ":" + " ".repeat(Math.max(0, 13 - label.length()))) + " " + value);
    }

    /** The entry as JSON (a mutable map, so that --remote can add to it). */
    private static Map<String, Object> toJson(InspectedEntry found) {
        CatalogEntry e = found.entry();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("nickname", e.nickname());
        json.put("official_name", e.officialName());
        json.put("written_by", e.origin() == CatalogEntry.Origin.EARLIER_TOOL ? "earlier-tool" : "huggingnersc");
        json.put("schema_version", e.schemaVersion());
        json.put("location", found.location() + "/");
        json.put("repo_id", e.repoId().toString());
        json.put("endpoint", e.endpoint());
        json.put("hub_url", e.hubUrl());
        json.put("data_path", e.dataPath().orElse(null));
        json.put("download_link", e.downloadLink().orElse(null));
        json.put("loader_script", e.loaderScript().orElse(null));
        json.put("batch_script", e.batchScript().orElse(null));
        json.put("distributed", e.distributed());
        json.put("created", e.created().toString());
        json.put("updated", e.updated().toString());
        json.put(
                "published",
                e.published()
                        .map(p -> Map.of("commit", p.commit(), "time", p.time().toString()))
                        .orElse(null));
        json.put("scan", e.scan().map(CatalogNewDatasetCommand::scanJson).orElse(null));
        json.put(
                "manifest",
                e.manifest()
                        .map(m -> {
                            Map<String, Object> j = new LinkedHashMap<>();
                            j.put("file", m.file());
                            j.put("root_digest", m.rootDigest());
                            j.put("files", m.files());
                            j.put("bytes", m.bytes());
                            j.put("created", m.created().toString());
                            return j;
                        })
                        .orElse(null));
        json.put("files", found.files());
        json.put("metadata", e.metadata().json());
        return json;
    }
}
