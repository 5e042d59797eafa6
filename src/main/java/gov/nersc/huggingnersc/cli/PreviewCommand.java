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
            "Show a catalog entry's Hub page as it would be published, served by a local hub on 127.0.0.1.",
            "The hub lives in a temporary folder; the entry's repo files (card, scripts, croissant.json) are "
                    + "committed into <org>/NICKNAME, the page's URL is printed and opened in a browser where there "
                    + "is one, and it serves until Ctrl-C. Nothing is published; the catalog is only read.",
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

    @Mixin
    PreviewOptions options;

    @Override
    public Integer call() {
        options.checkScreenshot(root().env());
        HuggingNersc api = api();
        try (Preview preview = api.preview(nickname)) {
            return options.show(this, preview, root().env());
        }
    }
}
