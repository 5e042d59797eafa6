package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.config.Settings;
import gov.nersc.huggingnersc.publish.PublishResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How catalog-new-dataset and upload-dataset show what publishing did: text lines and JSON. */
final class Publication {
  private Publication() {}

  /** The Hub URL and commit lines; for the embedded hub, where it is and how to look at it. */
  static void print(PrintWriter out, PublishResult p, Settings settings) {
    Optional<Path> embedded = settings.embeddedHubDir();
    out.printf("  %-15s %s%n", "Hub URL:", p.repoUrl());
    embedded.ifPresent(dir -> out.printf("  %-15s %s (to look at it: huggingnersc hub serve --dir %s)%n",
        "local hub:", dir, dir));
    out.printf("  %-15s %s%s%n", "commit:", p.commitUrl(),
        p.status() == PublishResult.Status.COMMITTED ? "" : " (the repo already held these files; no new commit)");
  }

  /** The publication as JSON fields. */
  static Map<String, Object> json(PublishResult p, Settings settings) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", p.status().name().toLowerCase(Locale.ROOT));
    json.put("endpoint", p.endpoint());
    json.put("local_hub_dir", settings.embeddedHubDir().map(Path::toString).orElse(null));
    json.put("repo_id", p.entry().repoId().toString());
    json.put("hub_url", p.repoUrl());
    json.put("commit", p.commit());
    json.put("commit_url", p.commitUrl());
    json.put("repo_created", p.repoCreated());
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
    return Optional.of("to publish it to huggingface.co later: 'huggingnersc login', then 'huggingnersc upload-dataset "
        + nickname + " --endpoint " + Settings.HUGGINGFACE_CO + "'");
  }
}
