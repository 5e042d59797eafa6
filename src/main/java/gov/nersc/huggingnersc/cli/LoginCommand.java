package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.Accounts;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.LoginResult;
import gov.nersc.huggingnersc.api.TokenSaved;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code auth login} (and {@code login}): checks a Hub token with whoami and saves it in the
 * endpoint's token store, under its name ({@link Accounts#login}).
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Save a Hugging Face token so that later commands use it.",
            "The token is read from stdin when stdin is not a terminal (or with --token-stdin), else from an "
                    + "unechoed prompt, and checked with the Hub. It is saved under its name (as named on the Hub, else "
                    + "the user's) and becomes the endpoint's active token:",
            "  - huggingface.co's where `hf auth login` saves it, shared by both tools:",
            "    the active one in HF_TOKEN_PATH or $HF_HOME/token,",
            "    each one by name in stored_tokens next to it;",
            "  - any other Hub's (a hub serve, a mirror) by endpoint, in",
            "    $HUGGINGNERSC_HOME/tokens.json: huggingface.co's token is never touched.",
            "Files are mode 0600. It says which files it wrote and which token it replaced; a token that would be "
                    + "lost (the active one, saved under no name) is only replaced with --force (else exit 3).",
            "The Hub is --endpoint (or HF_ENDPOINT, or the config file), else huggingface.co.",
            "A file: endpoint (the embedded local hub) needs no login.",
            "`huggingnersc login` and `huggingnersc auth login` are the same.",
            "Create a token at https://huggingface.co/settings/tokens (write access to publish)."
        })
public final class LoginCommand extends BaseCommand {

    @Option(
            names = "--token-stdin",
            description = "Read the token from stdin, e.g. `huggingnersc login --token-stdin < file`.")
    boolean tokenStdin;

    @Option(
            names = "--force",
            description = "Replace the active token even when it is saved under no name, and so " + "would be lost.")
    boolean force;

    @Override
    public Integer call() {
        Accounts accounts = AuthCommand.accounts(this);
        LoginResult login = accounts.login(new HubToken(readToken(), "the token given to login"), force);
        print(login);
        login.saved().notes().forEach(this::notice);
        AuthCommand.overrideNote(accounts, login.saved().endpoint()).ifPresent(this::notice);
        return ExitCodes.OK;
    }

    private void print(LoginResult login) {
        TokenSaved saved = login.saved();
        if (root().json()) {
            Map<String, Object> out = AuthCommand.json(saved.endpoint(), saved.name(), saved.written());
            out.put("name", login.me().name());
            out.put("tokenPath", login.activeFile().toString());
            out.put("replaced", saved.replacedName().orElse(saved.replacedUnnamed() ? "(unnamed)" : null));
            printJson(out);
            return;
        }
        out().println("Logged in to " + saved.endpoint() + " as " + login.me().name() + "; token `" + saved.name()
                + "` "
                + (saved.written().isEmpty()
                        ? "was saved and active already in " + login.activeFile() + ", nothing written"
                        : "saved to " + AuthCommand.files(saved.written())));
        out().flush();
    }

    private String readToken() {
        Console console = System.console();
        String value;
        if (tokenStdin || root().in() != System.in || console == null) {
            try {
                String line = new BufferedReader(new InputStreamReader(root().in(), StandardCharsets.UTF_8)).readLine();
                value = line == null ? "" : line.strip();
            } catch (IOException e) {
                throw new OperationFailedException("cannot read the token from stdin: " + e.getMessage(), e);
            }
        } else {
            char[] typed = console.readPassword("Hugging Face token (input hidden): ");
            value = typed == null ? "" : new String(typed).strip();
        }
        if (value.isEmpty()) {
            throw new InvalidInputException("login: no token given; paste it at the prompt or pipe it to "
                    + "`huggingnersc login --token-stdin`");
        }
        return value;
    }
}
