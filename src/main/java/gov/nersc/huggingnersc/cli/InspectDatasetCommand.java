package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.InspectedEntry;
import gov.nersc.huggingnersc.catalog.CatalogEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
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

  @Parameters(index = "0", paramLabel = "NICKNAME", description = "The entry's nickname.")
  String nickname;

  @Override
  public Integer call() {
    InspectedEntry found = HuggingNersc.create(settings()).inspect(nickname);
    if (root().json()) {
      printJson(toJson(found));
    } else {
      printSummary(found);
    }
    return ExitCodes.OK;
  }

  private void printSummary(InspectedEntry found) {
    CatalogEntry e = found.entry();
    boolean earlier = e.origin() == CatalogEntry.Origin.EARLIER_TOOL;
    String unknown = "unknown (the earlier tool did not record it)";
    line("nickname", e.nickname());
    line("official name", e.officialName());
    line("entry", found.location() + "/" + (earlier ? " (written by the earlier Python tool)"
        : " (schema " + e.schemaVersion() + ")"));
    line("Hub repo", e.repoId() + " on " + e.endpoint());
    line("Hub URL", e.hubUrl());
    line("published", e.published().map(p -> "commit " + p.commit() + " at " + p.time()).orElse("no"));
    line("data path", e.dataPath());
    line("download link", earlier ? unknown : e.downloadLink().orElse("none (not public)"));
    line("loader", e.loaderScript().orElse(earlier ? unknown + "; see README.md" : "none"));
    line("batch script", e.batchScript().orElse(earlier ? unknown : "none"));
    line("distributed", (e.distributed() ? "yes (no notebook)" : "no") + (earlier ? ", inferred from the notebook" : ""));
    List<String> tags = e.metadata().tags();
    line("tags", tags.isEmpty() ? "none" : String.join(", ", tags));
    if (!e.metadata().papers().isEmpty()) {
      line("papers", String.join(", ", e.metadata().papers()));
    }
    line("data", e.scan().map(s -> String.format(java.util.Locale.ROOT, "%,d files, %s%s (scanned %s)", s.files(),
        HumanBytes.format(s.bytes()), s.formats().isEmpty() ? "" : ", " + String.join(", ", s.formats()), s.scanned()))
        .orElse("not scanned"));
    line("manifest", e.manifest().map(m -> m.rootDigest() + " (" + String.format(java.util.Locale.ROOT, "%,d", m.files())
        + " files, " + m.created() + ")").orElse("none"));
    line("created", earlier ? e.created() + " (time of the info file)" : e.created().toString());
    line("updated", e.updated().toString());
    line("files", String.join(", ", found.files()));
    out().flush();
  }

  private void line(String label, String value) {
    out().printf("%-14s %s%n", label + ":", value);
  }

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
    json.put("data_path", e.dataPath());
    json.put("download_link", e.downloadLink().orElse(null));
    json.put("loader_script", e.loaderScript().orElse(null));
    json.put("batch_script", e.batchScript().orElse(null));
    json.put("distributed", e.distributed());
    json.put("created", e.created().toString());
    json.put("updated", e.updated().toString());
    json.put("published", e.published().map(p -> Map.of("commit", p.commit(), "time", p.time().toString()))
        .orElse(null));
    json.put("scan", e.scan().map(CatalogNewDatasetCommand::scanJson).orElse(null));
    json.put("manifest", e.manifest().map(m -> {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("file", m.file());
      j.put("root_digest", m.rootDigest());
      j.put("files", m.files());
      j.put("bytes", m.bytes());
      j.put("created", m.created().toString());
      return j;
    }).orElse(null));
    json.put("files", found.files());
    json.put("metadata", e.metadata().json());
    return json;
  }
}
