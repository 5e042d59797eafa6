package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path home;

  @Test
  void versionNamesTheToolAndJava() {
    CliRunner.Result r = new CliRunner(home).run("--version");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).startsWith("huggingnersc ").contains("java " + System.getProperty("java.version"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"list-datasets", "scan", "hub serve", "manifest merge",
      "catalog-new-dataset", "auth login", "auth switch"})
  void everyCommandsVersionOptionPrintsTheVersion(String command) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
    args.add("-V");
    CliRunner.Result r = new CliRunner(home).run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).as(r.toString()).startsWith("huggingnersc ");
  }

  @Test
  void everyCommandHasAOneSentenceSummaryInTheList() {
    String list = new CliRunner(home).run("--help").out().replaceAll("\\s+", " ");
    // the list shows the first line of each command's description; it must end a sentence
    assertThat(list).contains("Show a catalog entry's Hub page as it would be published, served by a local hub on "
        + "127.0.0.1. hub");
  }

  @Test
  void theAuthGroupHasHfsAuthCommandsAndLoginAndWhoamiStayAtTheTop() {
    String auth = new CliRunner(home).run("auth", "--help").out();
    assertThat(auth.lines().dropWhile(l -> !l.startsWith("Commands:")).filter(l -> l.matches("  [a-z]+ .*"))
        .map(l -> l.strip().split(" ")[0])).containsExactly("login", "logout", "whoami", "list", "switch");
    String top = new CliRunner(home).run("--help").out();
    assertThat(top).containsPattern("\\n  auth ").containsPattern("\\n  login ").containsPattern("\\n  whoami ");
    for (String[] login : new String[][] {{"login", "--help"}, {"auth", "login", "--help"}}) {
      assertThat(new CliRunner(home).run(login).out()).as(String.join(" ", login)).contains("--force", "--token-stdin",
          "$HUGGINGNERSC_HOME/tokens.json");
    }
  }

  @Test
  void helpListsGlobalOptionsAndExitCodes() {
    CliRunner.Result r = new CliRunner(home).run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("--catalog-root", "--endpoint", "--org", "--json", "Exit codes:",
        "2  invalid input");
  }

  @Test
  void unknownOptionIsOneLineAndExitTwo() {
    CliRunner.Result r = new CliRunner(home).run("--no-such-flag");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: Unknown option: '--no-such-flag'")
        .contains("Try 'huggingnersc --help'");
    assertThat(r.err().lines()).hasSize(2);
  }
}
