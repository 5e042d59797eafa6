package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.config.Settings;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.HubConnection;
import gov.nersc.huggingnersc.hub.HubToken;
import gov.nersc.huggingnersc.hub.TokenFile;
import gov.nersc.huggingnersc.hub.UnauthorizedException;
import gov.nersc.huggingnersc.hub.WhoAmI;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code login}: checks a Hub token with whoami and saves it where huggingface_hub looks for it. */
@Command(name = "login", mixinStandardHelpOptions = true,
    description = {
      "Save a Hugging Face token so that later commands (and huggingface_hub) use it.",
      "The token is read from stdin when stdin is not a terminal (or with --token-stdin), else from an "
          + "unechoed prompt; it is checked with the Hub, then written to HF_TOKEN_PATH or $HF_HOME/token "
          + "(mode 0600). Create one at https://huggingface.co/settings/tokens (write access to publish).",
      "The token is checked with --endpoint (or HF_ENDPOINT, or the config file), else with https://huggingface.co; "
          + "a file: endpoint (the embedded local hub) needs no login."
    })
public final class LoginCommand extends BaseCommand {

  @Option(names = "--token-stdin", description = "Read the token from stdin, e.g. `huggingnersc login --token-stdin < file`.")
  boolean tokenStdin;

  @Override
  public Integer call() {
    Settings s = settings();
    // with no token yet, the default endpoint is the embedded hub; logging in is for a real Hub
    String endpoint = s.embeddedByDefault() ? Settings.HUGGINGFACE_CO : s.endpoint();
    if (!s.embeddedByDefault() && s.embeddedHub()) {
      throw new InvalidInputException("login: the endpoint " + s.endpoint() + " (from " + s.endpointSource()
          + ") is the embedded local hub, which needs no token (it keeps its own); log in to a Hub served over "
          + "http(s): https://huggingface.co, or the URL a 'huggingnersc hub serve' printed");
    }
    HubToken token = new HubToken(readToken(), "the token given to login");
    WhoAmI me;
    try (HubConnection hub = HubConnection.open(endpoint, Optional.of(token), s.allowInsecureToken())) {
      me = hub.client().whoami();
    } catch (UnauthorizedException e) {
      throw new UnauthorizedException("the Hub at " + endpoint + " refused this token; nothing was saved; create "
          + "one at https://huggingface.co/settings/tokens", e.status(), e.requestId().orElse(null), "GET", e.url(),
          e.serverMessage().orElse(null));
    }
    Path file = HubToken.tokenPath(root().env());
    TokenFile.write(file, token);
    if (root().json()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("name", me.name());
      out.put("endpoint", endpoint);
      out.put("tokenPath", file.toString());
      printJson(out);
    } else {
      out().println("Logged in as " + me.name() + "; token saved to " + file);
      out().flush();
    }
    for (String name : new String[] {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"}) {
      String v = root().env().get(name);
      if (v != null && !v.isBlank()) {
        notice("note: " + name + " is set and is used before the saved token");
        break;
      }
    }
    return 0;
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
