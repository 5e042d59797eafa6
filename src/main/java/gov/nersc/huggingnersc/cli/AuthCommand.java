package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.auth.TokenStore;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.api.HubToken;
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
    subcommands = {LoginCommand.class, LogoutCommand.class, WhoamiCommand.class, TokenListCommand.class,
        TokenSwitchCommand.class})
public final class AuthCommand extends BaseCommand {
  @Override
  public Integer call() {
    spec.commandLine().usage(out());
    return ExitCodes.OK;
  }

  /**
   * The Hub whose tokens a command of this group changes: the configured endpoint, or huggingface.co
   * when the embedded hub is only the default for want of a token.
   *
   * @throws InvalidInputException when the embedded local hub was asked for: it keeps its own token
   */
  static String endpoint(Settings s, String command) {
    if (s.embeddedByDefault()) {
      return Settings.HUGGINGFACE_CO;
    }
    if (s.embeddedHub()) {
      throw new InvalidInputException(command + ": the endpoint " + s.endpoint() + " (from " + s.endpointSource()
          + ") is the embedded local hub, which needs no token (it keeps its own); log in to a Hub served over "
          + "http(s): https://huggingface.co, or the URL a 'huggingnersc hub serve' printed");
    }
    return s.endpoint();
  }

  /** The store of the tokens of the Hub a command of this group acts on ({@link #endpoint}). */
  static TokenStore store(Settings s, Map<String, String> env, String command) {
    return TokenStore.forEndpoint(endpoint(s, command), env, s.home());
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

  /** The variable set in {@code env} that commands use before the saved token of {@code endpoint}, if any. */
  static Optional<String> overriddenBy(Map<String, String> env, String endpoint) {
    List<String> names = HubEndpoint.isHuggingFaceCo(endpoint) ? List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")
        : List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", HubToken.TOKEN_PATH_VARIABLE);
    return names.stream().filter(n -> env.get(n) != null && !env.get(n).isBlank()).findFirst();
  }

  /** The note that a variable wins over the saved tokens of {@code endpoint}, if one does. */
  static Optional<String> overrideNote(Map<String, String> env, String endpoint) {
    return overriddenBy(env, endpoint).map(v -> "note: " + v + " is set and is used before the saved tokens of "
        + endpoint);
  }
}
