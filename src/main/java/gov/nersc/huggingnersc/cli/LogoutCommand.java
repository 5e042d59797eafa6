package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.Accounts;
import gov.nersc.huggingnersc.api.TokenRemoved;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code auth logout}: forgets one saved token of the endpoint. */
@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        description = {
            "Forget a saved token of the Hub (--endpoint, HF_ENDPOINT or the config file, else https://huggingface.co): "
                    + "the active one, or the one saved as --token-name NAME. Other tokens stay (unlike `hf auth logout` "
                    + "without a name, which forgets them all).",
            "It says which files changed. HF_TOKEN, HUGGING_FACE_HUB_TOKEN and HF_TOKEN_PATH are not touched: unset "
                    + "them yourself."
        })
public final class LogoutCommand extends BaseCommand {
    @Option(names = "--token-name", paramLabel = "NAME", description = "The saved token to forget (see auth list).")
    String tokenName;

    @Override
    public Integer call() {
        Accounts accounts = AuthCommand.accounts(this);
        TokenRemoved r = accounts.logout(Optional.ofNullable(tokenName));
        String endpoint = r.endpoint();
        if (root().json()) {
            Map<String, Object> json = AuthCommand.json(endpoint, r.name().orElse(null), r.written());
            json.put("wasActive", r.wasActive());
            printJson(json);
        } else if (r.written().isEmpty()) {
            out().println("Not logged in to " + endpoint + "; nothing to forget");
        } else {
            out().println("Logged out of " + endpoint + ": forgot "
                    + r.name().map(n -> "token `" + n + "`").orElse("the active token (saved under no name)")
                    + "; changed " + AuthCommand.files(r.written()));
        }
        out().flush();
        AuthCommand.overrideNote(accounts, endpoint).ifPresent(this::notice);
        return ExitCodes.OK;
    }
}
