package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.Identity;
import gov.nersc.huggingnersc.api.WhoAmI;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code whoami}: who the Hub token belongs to, on which endpoint, and where the token came from. */
@Command(
        name = "whoami",
        mixinStandardHelpOptions = true,
        description = {
            "Show who the Hub token belongs to, its organizations, the endpoint and where the token came from.",
            "`huggingnersc whoami` and `huggingnersc auth whoami` are the same."
        })
public final class WhoamiCommand extends BaseCommand {

    @Override
    public Integer call() {
        Identity who = AuthCommand.accounts(this).whoami();
        WhoAmI me = who.me();
        if (root().json()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", me.name());
            out.put("type", me.type());
            out.put("fullname", me.fullname());
            out.put("orgs", me.orgs());
            out.put("endpoint", who.endpoint());
            out.put("tokenSource", who.tokenSource());
            out.put("tokenRole", me.tokenRole());
            printJson(out);
            return 0;
        }
        out().println(me.name() + (me.fullname() == null ? "" : " (" + me.fullname() + ")"));
        out().println("orgs:     " + (me.orgs().isEmpty() ? "(none)" : String.join(", ", me.orgs())));
        out().println("endpoint: " + who.endpoint() + " (from " + who.endpointSource() + ")");
        out().println("token:    from " + who.tokenSource()
                + (me.tokenRole() == null ? "" : " (role: " + me.tokenRole() + ")"));
        out().flush();
        return 0;
    }
}
