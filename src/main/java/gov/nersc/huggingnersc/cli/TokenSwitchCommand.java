package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.auth.TokenStore;
import gov.nersc.huggingnersc.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code auth switch NAME}: makes another saved token the endpoint's active one. */
@Command(name = "switch", mixinStandardHelpOptions = true,
    description = "Make the token saved as TOKEN_NAME the active token of the Hub (--endpoint, HF_ENDPOINT or the config "
        + "file, else https://huggingface.co), as `hf auth switch` does; `auth list` shows the names.")
public final class TokenSwitchCommand extends BaseCommand {
  @Parameters(index = "0", paramLabel = "TOKEN_NAME", description = "The name of a saved token.")
  String tokenName;

  @Override
  public Integer call() {
    Settings s = settings();
    String endpoint = AuthCommand.endpoint(s, "switch");
    TokenStore store = TokenStore.forEndpoint(endpoint, root().env(), s.home());
    List<Path> written = store.switchTo(tokenName);
    if (root().json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("endpoint", endpoint);
      json.put("tokenName", tokenName);
      json.put("written", written.stream().map(Path::toString).toList());
      printJson(json);
    } else {
      out().println("The active token of " + endpoint + " is `" + tokenName + "`" + (written.isEmpty()
          ? " already; nothing written" : "; wrote " + String.join(" and ", written.stream().map(Path::toString).toList())));
      out().flush();
    }
    AuthCommand.overrideNote(root().env(), endpoint).ifPresent(this::notice);
    return ExitCodes.OK;
  }
}
