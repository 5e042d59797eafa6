package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.Accounts;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.SavedToken;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code auth list}: the saved tokens of every Hub, by name, never their values. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the saved tokens, by Hub and name, marking each Hub's active one (*) and the file that "
                + "holds it; never a token itself.")
public final class TokenListCommand extends BaseCommand {

    @Override
    public Integer call() {
        Accounts accounts = AuthCommand.accounts(this);
        List<Map<String, Object>> rows =
                accounts.list().stream().map(TokenListCommand::row).toList();
        if (root().json()) {
            printJson(rows);
        } else if (rows.isEmpty()) {
            notice("no saved tokens; `huggingnersc login` saves one");
        } else {
            TextTable table = new TextTable(List.of("ENDPOINT", "NAME", "ACTIVE", "FILE"), Set.of(3));
            rows.forEach(r -> table.add(List.of(
                    (String) r.get("endpoint"),
                    r.get("name") == null ? "(no name)" : (String) r.get("name"),
                    (Boolean) r.get("active") ? "*" : "",
                    (String) r.get("file"))));
            out().print(table.render(Integer.MAX_VALUE));
            out().flush();
        }
        accounts.overriddenBy("")
                .ifPresent(v -> notice("note: " + v
                        + " is set and is used before the saved tokens"
                        + (v.equals(HubToken.TOKEN_PATH_VARIABLE) ? " of Hubs other than " + "huggingface.co" : "")));
        return ExitCodes.OK;
    }

    private static Map<String, Object> row(SavedToken token) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("endpoint", token.endpoint());
        row.put("name", token.name().orElse(null));
        row.put("active", token.active());
        row.put("file", token.file().toString());
        return row;
    }
}
