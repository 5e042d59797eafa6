package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.Accounts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code huggingnersc auth}: the Hub tokens, as {@code hf auth} manages them. */
@Command(
        name = "auth",
        mixinStandardHelpOptions = true,
        description = {
            "Manage Hub tokens, as `hf auth` does: huggingface.co's are shared with `hf` ($HF_HOME/token and "
                    + "stored_tokens next to it), other Hubs' are kept in $HUGGINGNERSC_HOME/tokens.json, by endpoint. "
                    + "`huggingnersc login` and `huggingnersc whoami` are the same as `auth login` and `auth whoami`.",
            "A command uses HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, else the file HF_TOKEN_PATH, else the endpoint's "
                    + "active token."
        },
        subcommands = {
            LoginCommand.class,
            LogoutCommand.class,
            WhoamiCommand.class,
            TokenListCommand.class,
            TokenSwitchCommand.class
        })
public final class AuthCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }

    /** The tokens of the user running the command. */
    static Accounts accounts(BaseCommand command) {
        return command.api().accounts(command.root().env());
    }

    /** What a command of this group did, for --json: the Hub, the token's name and the files written. */
    static Map<String, Object> json(String endpoint, String tokenName, List<Path> written) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("endpoint", endpoint);
        json.put("tokenName", tokenName);
        json.put("written", written.stream().map(Path::toString).toList());
        return json;
    }

    /** Files as a message lists them: "A and B". */
    static String files(List<Path> files) {
        return String.join(" and ", files.stream().map(Path::toString).toList());
    }

    /** The note that a variable wins over the saved tokens of {@code endpoint}, if one does. */
    static Optional<String> overrideNote(Accounts accounts, String endpoint) {
        return accounts.overriddenBy(endpoint)
                .map(v -> "note: " + v + " is set and is used before the saved tokens of " + endpoint);
    }
}
