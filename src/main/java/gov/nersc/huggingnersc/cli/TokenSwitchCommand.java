package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.Accounts;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code auth switch NAME}: makes another saved token the endpoint's active one. */
@Command(
        name = "switch",
        mixinStandardHelpOptions = true,
        description =
                "Make the token saved as TOKEN_NAME the active token of the Hub (--endpoint, HF_ENDPOINT or the config "
                        + "file, else https://huggingface.co), as `hf auth switch` does; `auth list` shows the names.")
public final class TokenSwitchCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "TOKEN_NAME", description = "The name of a saved token.")
    String tokenName;

    @Override
    public Integer call() {
        Accounts accounts = AuthCommand.accounts(this);
        String endpoint = accounts.endpoint("switch");
        List<Path> written = accounts.switchTo(tokenName);
        if (root().json()) {
            printJson(AuthCommand.json(endpoint, tokenName, written));
        } else {
            out().println("The active token of " + endpoint + " is `" + tokenName + "`"
                    + (written.isEmpty() ? " already; nothing written" : "; wrote " + AuthCommand.files(written)));
            out().flush();
        }
        AuthCommand.overrideNote(accounts, endpoint).ifPresent(this::notice);
        return ExitCodes.OK;
    }
}
