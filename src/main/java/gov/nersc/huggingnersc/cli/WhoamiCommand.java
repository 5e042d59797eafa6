package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.config.Settings;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.hub.HubToken;
import gov.nersc.huggingnersc.hub.WhoAmI;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code whoami}: who the Hub token belongs to, on which endpoint, and where the token came from. */
@Command(name = "whoami", mixinStandardHelpOptions = true,
    description = "Show who the Hub token belongs to, its organizations, the endpoint and where the token came from.")
public final class WhoamiCommand extends BaseCommand {

  @Override
  public Integer call() {
    Settings s = settings();
    if (s.token().isEmpty()) {
      throw new OperationFailedException("not logged in: no Hub token found in HF_TOKEN, HUGGING_FACE_HUB_TOKEN or "
          + HubToken.tokenPath(root().env()) + "; run `huggingnersc login`");
    }
    WhoAmI me = hubClient().whoami();
    String source = s.token().get().source();
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
