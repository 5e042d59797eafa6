package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.hub.TokenSources;
import gov.nersc.huggingnersc.HubConnection;
import gov.nersc.huggingnersc.auth.TokenStore;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.WhoAmI;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code whoami}: who the Hub token belongs to, on which endpoint, and where the token came from. */
@Command(name = "whoami", mixinStandardHelpOptions = true,
    description = {"Show who the Hub token belongs to, its organizations, the endpoint and where the token came from.",
      "`huggingnersc whoami` and `huggingnersc auth whoami` are the same."})
public final class WhoamiCommand extends BaseCommand {

  @Override
  public Integer call() {
    Settings s = settings();
    // with no token the default endpoint is the embedded hub, but "who am I" is about the real Hub
    if (s.embeddedByDefault() || s.token().isEmpty() && !s.embeddedHub()) {
      String endpoint = s.embeddedByDefault() ? Settings.HUGGINGFACE_CO : s.endpoint();
      throw new OperationFailedException("not logged in to " + endpoint + ": no Hub token in HF_TOKEN, "
          + "HUGGING_FACE_HUB_TOKEN, HF_TOKEN_PATH or " + TokenStore.forEndpoint(endpoint, root().env(), s.home())
          .activeFile() + "; run `" + TokenSources.loginCommand(endpoint) + "`");
    }
    WhoAmI me;
    String source;
    try (HubConnection hub = hub()) {
      me = hub.client().whoami();
      source = hub.embedded() ? "the local hub's token file" : s.token().get().source();
    }
    if (root().json()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("name", me.name());
      out.put("type", me.type());
      out.put("fullname", me.fullname());
      out.put("orgs", me.orgs());
      out.put("endpoint", s.endpoint());
      out.put("tokenSource", source);
      out.put("tokenRole", me.tokenRole());
      printJson(out);
      return 0;
    }
    out().println(me.name() + (me.fullname() == null ? "" : " (" + me.fullname() + ")"));
    out().println("orgs:     " + (me.orgs().isEmpty() ? "(none)" : String.join(", ", me.orgs())));
    out().println("endpoint: " + s.endpoint() + " (from " + s.endpointSource() + ")");
    out().println("token:    from " + source + (me.tokenRole() == null ? "" : " (role: " + me.tokenRole() + ")"));
    out().flush();
    return 0;
  }
}
