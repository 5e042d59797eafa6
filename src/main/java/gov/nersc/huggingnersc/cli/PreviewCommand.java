package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.Preview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code preview NICKNAME}: the catalog entry's page, as the Hub would show it, on a private local hub. */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Show a catalog entry as it would be published: start a local hub on 127.0.0.1 (in a temporary folder),",
      "commit the entry's repo files (card, scripts, croissant.json) into <org>/NICKNAME, print the page's URL,",
      "open it in a browser where there is one, and serve until Ctrl-C. Nothing is published; the catalog is",
      "only read.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  huggingnersc preview iris",
      "  huggingnersc preview iris --no-wait --screenshot iris.png"
    })
public final class PreviewCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "NICKNAME", description = "The catalog entry to show.")
  String nickname;

  @Mixin PreviewOptions options;

  @Override
  public Integer call() {
    options.checkScreenshot(root().env());
    HuggingNersc api = api();
    try (Preview preview = api.preview(nickname)) {
      return options.show(this, preview, root().env());
    }
  }
}
