package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path home;

    @Test
    void versionNamesTheToolAndJava() {
        CliRunner.Result r = new CliRunner(home).run("--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("huggingnersc ").contains("java " + System.getProperty("java.version"));
        // the commit built from: an abbreviated id in a git checkout, "unknown" from a source tarball
        assertThat(r.out()).containsPattern("(?m)^commit ([0-9a-f]{7,}(-dirty)?|unknown)$");
    }

    /** A run picks its command by name without reading annotations; the names must be picocli's. */
    @Test
    void everyCommandAnswersToTheNameItsAnnotationGives() {
        for (Class<?> command : Main.COMMANDS) {
            if (command != picocli.CommandLine.HelpCommand.class) {
                assertThat(Main.nameOf(command))
                        .as(command.getSimpleName())
                        .isEqualTo(command.getAnnotation(picocli.CommandLine.Command.class)
                                .name());
            }
        }
        assertThat(Main.nameOf(InspectDatasetCommand.class)).isEqualTo("inspect-dataset");
    }

    /** {@code --version} alone is answered without picocli's model; what it prints is what picocli prints. */
    @Test
    void versionAlonePrintsWhatVersionAmongOtherOptionsPrints() {
        CliRunner.Result alone = new CliRunner(home).run("--version");
        CliRunner.Result withOptions = new CliRunner(home).run("--quiet", "--version");
        CliRunner.Result shortForm = new CliRunner(home).run("-V");
        assertThat(withOptions.exitCode()).as(withOptions.toString()).isZero();
        assertThat(withOptions.out()).startsWith("huggingnersc ");
        assertThat(alone.out()).isEqualTo(withOptions.out()).isEqualTo(shortForm.out());
        assertThat(alone.err()).isEmpty();
        assertThat(alone.exitCode()).isEqualTo(shortForm.exitCode()).isZero();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "list-datasets",
                "scan",
                "hub serve",
                "manifest merge",
                "catalog-new-dataset",
                "auth login",
                "auth switch"
            })
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
        assertThat(list)
                .contains("Show a catalog entry's Hub page as it would be published, served by a local hub on "
                        + "127.0.0.1. hub");
    }

    @Test
    void theAuthGroupHasHfsAuthCommandsAndLoginAndWhoamiStayAtTheTop() {
        String auth = new CliRunner(home).run("auth", "--help").out();
        assertThat(auth.lines()
                        .dropWhile(l -> !l.startsWith("Commands:"))
                        .filter(l -> l.matches("  [a-z]+ .*"))
                        .map(l -> l.strip().split(" ")[0]))
                .containsExactly("login", "logout", "whoami", "list", "switch");
        String top = new CliRunner(home).run("--help").out();
        assertThat(top)
                .containsPattern("\\n  auth ")
                .containsPattern("\\n  login ")
                .containsPattern("\\n  whoami ");
        for (String[] login : new String[][] {{"login", "--help"}, {"auth", "login", "--help"}}) {
            assertThat(new CliRunner(home).run(login).out())
                    .as(String.join(" ", login))
                    .contains("--force", "--token-stdin", "$HUGGINGNERSC_HOME/tokens.json");
        }
    }

    /** A run builds only the command it names; what the user sees is the same as with every command built. */
    @Test
    void aRunBuildsOnlyTheCommandItNamesAndBehavesTheSame() {
        String help = new CliRunner(home).run("--help").out();
        for (Class<?> c : Main.COMMANDS) {
            String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            assertThat(help).as("--help lists every command").containsPattern("\\n  " + name + " ");
        }
        assertThat(new CliRunner(home).run("help", "scan").out()).contains("Usage: huggingnersc scan");
        // a global option's value that is also a command name is not taken for the command
        CliRunner.Result r = new CliRunner(home)
                .run("--org", "scan", "--format", "json", "validate-metadata", "examples/iris/iris_metadata.json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"valid\" : true");
        CliRunner.Result typo = new CliRunner(home).run("scna", "x");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).startsWith("error: Unmatched arguments from index 0: 'scna', 'x'");
        assertThat(Main.commandLine(new Main(java.util.Map.of(), java.io.InputStream.nullInputStream()), "--version")
                        .getSubcommands())
                .as("--version builds no command")
                .isEmpty();
        assertThat(Main.commandLine(
                                new Main(java.util.Map.of(), java.io.InputStream.nullInputStream()), "-q", "scan", "x")
                        .getSubcommands())
                .containsOnlyKeys("scan");
    }

    @Test
    void helpListsGlobalOptionsAndExitCodes() {
        CliRunner.Result r = new CliRunner(home).run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("--catalog-root", "--endpoint", "--org", "--json", "Exit codes:", "2  invalid input");
    }

    @Test
    void unknownOptionIsOneLineAndExitTwo() {
        CliRunner.Result r = new CliRunner(home).run("--no-such-flag");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("error: Unknown option: '--no-such-flag'")
                .contains("Try 'huggingnersc --help'");
        assertThat(r.err().lines()).hasSize(2);
    }

    /** A dry run's repo id, which names the organization the settings resolved. */
    private CliRunner.Result dryRunWith(Path config) {
        Path iris = Path.of("examples/iris");
        return new CliRunner(home)
                .run(
                        "--config",
                        config.toString(),
                        "--json",
                        "catalog-new-dataset",
                        "Iris",
                        "iris",
                        iris.resolve("iris_loader.py").toString(),
                        iris.resolve("iris_metadata.json").toString(),
                        "--no-data-check",
                        "--dry-run",
                        "--output",
                        home.resolve("out").toString());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"config.toml", "config.properties"})
    void aConfigFileWrittenAsTheReadmeShowsIsRead(String name) throws IOException {
        // the README's form, key = "value", for both kinds of file
        Path config = Files.writeString(home.resolve(name), "# site settings\norg = \"TESTORG\"\n");
        CliRunner.Result r = dryRunWith(config);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"repo_id\" : \"TESTORG/iris\"");
    }

    @Test
    void aPropertiesValueMayLeaveTheQuotesOut() throws IOException {
        Path config = Files.writeString(home.resolve("config.properties"), "org=TESTORG\n");
        CliRunner.Result r = dryRunWith(config);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("\"repo_id\" : \"TESTORG/iris\"");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"config.toml", "config.properties"})
    void aBadConfigValueIsNamedWithTheFileAndItsLine(String name) throws IOException {
        Path config = Files.writeString(home.resolve(name), "# site settings\n\norg = \"TEST ORG\"\n");
        CliRunner.Result r = dryRunWith(config);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: config file " + config + " line 3: org 'TEST ORG' ");
        assertThat(home.resolve("out")).doesNotExist();
    }

    @Test
    void aNicknameThatStartsWithADashIsExplainedNotReportedMissing() {
        CliRunner.Result r = new CliRunner(home).run("inspect-dataset", "-iris");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err().lines().findFirst().orElse(""))
                .startsWith("error: ")
                .contains(
                        "'-iris' was taken for an option; a NICKNAME cannot start with '-', as a Hub repo name cannot");
    }

    @Test
    void aMistypedLongOptionGetsNoNicknameHint() {
        CliRunner.Result r = new CliRunner(home).run("inspect-dataset", "iris", "--remotee");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Unknown option: '--remotee'").doesNotContain("NICKNAME cannot");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"--json", "--format=json", "--format json"})
    void underJsonOutputAnErrorIsJsonOnStdoutToo(String option) throws IOException {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(option.split(" ")));
        args.addAll(java.util.List.of("inspect-dataset", "nope"));
        CliRunner.Result r = new CliRunner(home).run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        com.fasterxml.jackson.databind.JsonNode error =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(error.get("error").asText()).startsWith("no catalog entry 'nope' under ");
        assertThat(error.get("exit").asInt()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: no catalog entry 'nope'");
    }

    @Test
    void aUsageErrorUnderJsonOutputIsJsonToo() throws IOException {
        CliRunner.Result r = new CliRunner(home).run("inspect-dataset", "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        com.fasterxml.jackson.databind.JsonNode error =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(error.get("error").asText()).isEqualTo("Missing required parameter: 'NICKNAME'");
        assertThat(error.get("exit").asInt()).isEqualTo(2);
    }

    @Test
    void formatJsonIsJsonOutput() throws IOException {
        CliRunner.Result r = new CliRunner(home).run("list-datasets", "--format", "json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(r.out())
                        .isArray())
                .isTrue();
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheFormats() {
        CliRunner.Result r = new CliRunner(home).run("--format", "yaml", "list-datasets");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Invalid value for option '--format': expected one of [text, json]");
    }
}
