package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.SavedTokens;
import gov.nersc.huggingnersc.auth.TokenStore;
import gov.nersc.huggingnersc.api.HubToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;

/** {@code auth list}: the saved tokens of every Hub, by name, never their values. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the saved tokens, by Hub and name, marking each Hub's active one (*) and the file that "
        + "holds it; never a token itself.")
public final class TokenListCommand extends BaseCommand {

  @Override
  public Integer call() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (TokenStore store : TokenStore.all(root().env(), settings().home())) {
      SavedTokens saved = store.read();
      saved.byName().keySet().forEach(name -> rows.add(row(store, name,
          saved.activeName().filter(name::equals).isPresent(), store.namedFile().toString())));
      if (saved.active().isPresent() && saved.activeName().isEmpty()) {
        rows.add(row(store, null, true, store.activeFile().toString()));
      }
    }
    if (root().json()) {
      printJson(rows);
    } else if (rows.isEmpty()) {
      notice("no saved tokens; `huggingnersc login` saves one");
    } else {
      TextTable table = new TextTable(List.of("ENDPOINT", "NAME", "ACTIVE", "FILE"), Set.of(3));
      rows.forEach(r -> table.add(List.of((String) r.get("endpoint"), r.get("name") == null ? "(no name)"
          : (String) r.get("name"), (Boolean) r.get("active") ? "*" : "", (String) r.get("file"))));
      out().print(table.render(Integer.MAX_VALUE));
      out().flush();
    }
    AuthCommand.overriddenBy(root().env(), "").ifPresent(v -> notice("note: " + v
        + " is set and is used before the saved tokens" + (v.equals(HubToken.TOKEN_PATH_VARIABLE) ? " of Hubs other than "
        + "huggingface.co" : "")));
    return ExitCodes.OK;
  }

  private static Map<String, Object> row(TokenStore store, String name, boolean active, String file) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("endpoint", store.endpoint());
    row.put("name", name);
    row.put("active", active);
    row.put("file", file);
    return row;
  }
}
