package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.auth.TokenStore;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code auth logout}: forgets one saved token of the endpoint. */
@Command(name = "logout", mixinStandardHelpOptions = true,
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
    TokenStore store = AuthCommand.store(settings(), root().env(), "logout");
    String endpoint = store.endpoint();
    TokenStore.Removed r = store.logout(Optional.ofNullable(tokenName));
    if (root().json()) {
      Map<String, Object> json = AuthCommand.json(endpoint, r.name().orElse(null), r.written());
      json.put("wasActive", r.wasActive());
      printJson(json);
    } else if (r.written().isEmpty()) {
      out().println("Not logged in to " + endpoint + "; nothing to forget");
    } else {
      out().println("Logged out of " + endpoint + ": forgot " + r.name().map(n -> "token `" + n + "`")
          .orElse("the active token (saved under no name)") + "; changed " + AuthCommand.files(r.written()));
    }
    out().flush();
    AuthCommand.overrideNote(root().env(), endpoint).ifPresent(this::notice);
    return ExitCodes.OK;
  }
}
