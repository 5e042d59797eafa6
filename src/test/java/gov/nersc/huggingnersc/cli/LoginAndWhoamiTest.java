package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.hub.FakeHub;
import gov.nersc.huggingnersc.hub.FakeHub.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginAndWhoamiTest {
    static final String TOKEN = "hf_LoginTestTokenValue";
    static final String ME = me("laptop");

    @TempDir
    Path home;

    final FakeHub hub = new FakeHub();

    @AfterEach
    void stop() {
        hub.close();
    }

    /** What whoami says of a write token named {@code tokenName} of the user "steward". */
    static String me(String tokenName) {
        return "{\"type\":\"user\",\"name\":\"steward\",\"fullname\":\"A Steward\",\"orgs\":[{\"name\":\"NERSC\"}],"
                + "\"auth\":{\"type\":\"access_token\",\"accessToken\":{\"displayName\":\"" + tokenName
                + "\",\"role\":\"write\"}}}";
    }

    void acceptOnly(String token) {
        accept(Map.of(token, ME));
    }

    /** The hub accepts these tokens, answering whoami with each one's answer. */
    void accept(Map<String, String> answers) {
        hub.on(
                "GET",
                "/api/whoami-v2",
                r -> answers.entrySet().stream()
                        .filter(e -> ("Bearer " + e.getKey()).equals(r.header("Authorization")))
                        .findFirst()
                        .map(e -> Reply.json(200, e.getValue()))
                        .orElseGet(() -> Reply.error(401, null, "Invalid credentials in Authorization header")));
    }

    @Test
    void loginChecksTheTokenSavesItPrivatelyAndWhoamiThenFindsIt() throws Exception {
        acceptOnly(TOKEN);
        CliRunner cli = new CliRunner(home).stdin(TOKEN + "\n");
        CliRunner.Result login = cli.run("login", "--endpoint", hub.uri().toString());
        Path file = home.resolve(".huggingnersc/tokens.json");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.out())
                .isEqualTo("Logged in to " + hub.uri() + " as steward; token `laptop` saved to " + file
                        + System.lineSeparator());
        assertThat(login.out() + login.err()).doesNotContain(TOKEN);
        assertThat(FakeHub.JSON
                        .readTree(file.toFile())
                        .at("/" + hub.uri().toString().replace("/", "~1") + "/active")
                        .asText())
                .isEqualTo("laptop");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");

        CliRunner.Result who =
                new CliRunner(home).run("whoami", "--endpoint", hub.uri().toString());
        assertThat(who.exitCode()).as(who.toString()).isZero();
        assertThat(who.out())
                .contains(
                        "steward (A Steward)",
                        "orgs:     NERSC",
                        "endpoint: " + hub.uri() + " (from --endpoint)",
                        "token:    from " + file + " (saved as `laptop`) (role: write)");
        assertThat(who.out()).doesNotContain(TOKEN);
    }

    @Test
    void loggingInToAHubServeLeavesTheHuggingFaceTokenThatHfSharesAlone() throws Exception {
        Path hfToken = Files.createDirectories(home.resolve(".hf")).resolve("token");
        Files.writeString(hfToken, "hf_TheOneForHuggingFaceCo");
        Path stored = Files.writeString(
                home.resolve(".hf/stored_tokens"), "[models]\nhf_token = hf_TheOneForHuggingFaceCo\n\n");
        acceptOnly(TOKEN);

        CliRunner.Result login = new CliRunner(home)
                .stdin(TOKEN + "\n")
                .run("login", "--endpoint", hub.uri().toString());

        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.out()).contains("saved to " + home.resolve(".huggingnersc/tokens.json"));
        assertThat(Files.readString(hfToken))
                .as("huggingface.co's token, which hf uses too")
                .isEqualTo("hf_TheOneForHuggingFaceCo");
        assertThat(Files.readString(stored)).isEqualTo("[models]\nhf_token = hf_TheOneForHuggingFaceCo\n\n");
        assertThat(login.err()).as("nothing was replaced").isEmpty();
    }

    @Test
    void loggingInWithAnotherTokenSaysWhichOneItReplacedAndKeepsItToSwitchBack() throws Exception {
        String other = "hf_TheDesktopToken";
        accept(Map.of(TOKEN, ME, other, me("desktop")));
        String endpoint = hub.uri().toString();
        assertThat(new CliRunner(home)
                        .stdin(TOKEN)
                        .run("login", "--endpoint", endpoint)
                        .exitCode())
                .isZero();

        CliRunner.Result second = new CliRunner(home).stdin(other).run("auth", "login", "--endpoint", endpoint);

        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertThat(second.out()).contains("token `desktop` saved to");
        assertThat(second.err())
                .contains("replaced the active token `laptop`; it stays saved: "
                        + "`huggingnersc auth switch laptop` goes back to it");
        CliRunner.Result list = new CliRunner(home).run("auth", "list");
        assertThat(list.out())
                .containsPattern(java.util.regex.Pattern.quote(endpoint) + " +desktop +\\*")
                .containsPattern(java.util.regex.Pattern.quote(endpoint) + " +laptop +"
                        + java.util.regex.Pattern.quote(
                                home.resolve(".huggingnersc/tokens.json").toString()))
                .doesNotContain(TOKEN)
                .doesNotContain(other);

        CliRunner.Result back = new CliRunner(home).run("auth", "switch", "laptop", "--endpoint", endpoint);
        assertThat(back.exitCode()).as(back.toString()).isZero();
        assertThat(new CliRunner(home)
                        .run("auth", "whoami", "--endpoint", endpoint)
                        .out())
                .contains("(saved as `laptop`)");
        assertThat(hub.requests().get(hub.requests().size() - 1).header("Authorization"))
                .isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void theTokenIsLookedForInTheEnvironmentThenHfTokenPathThenTheEndpointsOwnStore() throws Exception {
        String fromFile = "hf_FromTheTokenPathFile";
        String fromEnv = "hf_FromTheEnvironment";
        accept(Map.of(TOKEN, ME, fromFile, ME, fromEnv, ME));
        String endpoint = hub.uri().toString();
        Files.createDirectories(home.resolve(".hf"));
        Files.writeString(home.resolve(".hf/token"), fromEnv);
        CliRunner cli = new CliRunner(home);
        CliRunner.Result none = cli.run("--json", "whoami", "--endpoint", endpoint);
        assertThat(none.err()).as("$HF_HOME/token is huggingface.co's").contains("not logged in to " + endpoint);
        assertThat(cli.stdin(TOKEN).run("login", "--endpoint", endpoint).exitCode())
                .isZero();
        assertThat(tokenSource(cli.run("--json", "whoami", "--endpoint", endpoint)))
                .startsWith(home.resolve(".huggingnersc/tokens.json").toString());

        Path file = Files.writeString(home.resolve("token-path"), fromFile);
        cli.env("HF_TOKEN_PATH", file.toString());
        assertThat(tokenSource(cli.run("--json", "whoami", "--endpoint", endpoint)))
                .isEqualTo(file + " (HF_TOKEN_PATH)");
        cli.env("HUGGING_FACE_HUB_TOKEN", fromEnv);
        assertThat(tokenSource(cli.run("--json", "whoami", "--endpoint", endpoint)))
                .isEqualTo("HUGGING_FACE_HUB_TOKEN");
        cli.env("HF_TOKEN", fromEnv);
        assertThat(tokenSource(cli.run("--json", "whoami", "--endpoint", endpoint)))
                .isEqualTo("HF_TOKEN");
    }

    private static String tokenSource(CliRunner.Result whoami) throws IOException {
        assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
        return FakeHub.JSON.readTree(whoami.out()).path("tokenSource").asText();
    }

    @Test
    void aHubServeThatIsNotRunningFailsAtOnceAndSaysSo() throws Exception {
        int closed;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        long start = System.nanoTime();

        CliRunner.Result r =
                new CliRunner(home).env("HF_TOKEN", TOKEN).run("whoami", "--endpoint", "http://127.0.0.1:" + closed);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("error: connection refused: is `hub serve` running on 127.0.0.1:" + closed + "? "
                        + "(GET http://127.0.0.1:" + closed + "/api/whoami-v2)")
                .doesNotContain("ConnectException");
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
                .as("no retries")
                .isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void retriesAreShownWithVerboseAndNotInAPipeWithout() {
        hub.once("GET", "/api/whoami-v2", Reply.error(503, null, "restarting"));
        acceptOnly(TOKEN);
        CliRunner cli = new CliRunner(home).env("HF_TOKEN", TOKEN);

        CliRunner.Result verbose =
                cli.run("-v", "whoami", "--endpoint", hub.uri().toString());

        assertThat(verbose.exitCode()).as(verbose.toString()).isZero();
        assertThat(verbose.err())
                .containsPattern("retrying in [0-9.]+ s \\(attempt 2 of 6\\): the Hub failed: restarting")
                .doesNotContain(TOKEN);
        hub.once("GET", "/api/whoami-v2", Reply.error(503, null, "restarting"));
        CliRunner.Result quiet = cli.run("whoami", "--endpoint", hub.uri().toString());
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void aRefusedTokenIsNotSavedAndNotShown() {
        acceptOnly("hf_SomethingElse");
        CliRunner.Result r = new CliRunner(home)
                .stdin(TOKEN)
                .run("login", "--endpoint", hub.uri().toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .startsWith("error: the Hub at " + hub.uri() + " refused this token; nothing was saved")
                .contains("request id req-1")
                .doesNotContain(TOKEN);
        assertThat(home.resolve(".hf/token")).doesNotExist();
    }

    @Test
    void loggingInToTheEmbeddedHubIsRefusedAndSavesNothing() {
        Path dir = home.resolve("hub");
        CliRunner.Result r = new CliRunner(home).stdin(TOKEN).run("login", "--endpoint", "file:" + dir);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("error: login: the endpoint file:" + dir + " (from --endpoint) is the embedded "
                        + "local hub, which needs no token")
                .doesNotContain(TOKEN);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(home.resolve(".hf/token")).doesNotExist();
        assertThat(dir).doesNotExist();
    }

    @Test
    void anEmptyTokenIsInvalidInput() {
        CliRunner.Result r = new CliRunner(home)
                .stdin("\n")
                .run("login", "--endpoint", hub.uri().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no token given");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void whoamiWithoutATokenSaysHowToLogIn() {
        CliRunner.Result r = new CliRunner(home).run("whoami");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains(
                        "not logged in to https://huggingface.co",
                        home.resolve(".hf/token").toString(),
                        "run `huggingnersc login`");
    }

    @Test
    void whoamiJsonNamesTheTokenSourceButNotTheToken() throws Exception {
        acceptOnly(TOKEN);
        CliRunner.Result r = new CliRunner(home)
                .env("HF_TOKEN", TOKEN)
                .run("whoami", "--json", "--endpoint", hub.uri().toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode json = FakeHub.JSON.readTree(r.out());
        assertThat(json.path("name").asText()).isEqualTo("steward");
        assertThat(json.path("orgs").toString()).isEqualTo("[\"NERSC\"]");
        assertThat(json.path("endpoint").asText()).isEqualTo(hub.uri().toString());
        assertThat(json.path("tokenSource").asText()).isEqualTo("HF_TOKEN");
        assertThat(r.out()).doesNotContain(TOKEN);
    }

    @Test
    void aRefusedTokenInHfTokenSaysThatLoggingInCannotHelpUntilItIsChangedOrUnset() {
        acceptOnly("hf_SomethingElse");
        CliRunner.Result r = new CliRunner(home)
                .env("HF_TOKEN", TOKEN)
                .run("whoami", "--endpoint", hub.uri().toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains("the token from HF_TOKEN was refused; HF_TOKEN is used before any saved token: set "
                        + "it to a valid write token, or unset it and run `huggingnersc login --endpoint " + hub.uri()
                        + "`")
                .doesNotContain(TOKEN);
    }

    @Test
    void aRefusedSavedTokenNamesItsFileAndHowToReplaceIt() throws Exception {
        acceptOnly(TOKEN);
        String endpoint = hub.uri().toString();
        assertThat(new CliRunner(home)
                        .stdin(TOKEN)
                        .run("login", "--endpoint", endpoint)
                        .exitCode())
                .isZero();
        acceptOnly("hf_SomethingElse"); // the token was revoked

        CliRunner.Result r = new CliRunner(home).run("whoami", "--endpoint", endpoint);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err())
                .contains("the token from " + home.resolve(".huggingnersc/tokens.json") + " (saved as "
                        + "`laptop`) was refused; run `huggingnersc login --endpoint " + endpoint
                        + "` to save a valid write token "
                        + "in its place")
                .doesNotContain(TOKEN);
    }

    @Test
    void whoamiOnAnEmbeddedHubAnswersWithTheLocalUserAndNeverSendsTheUsersToken() throws Exception {
        Path dir = home.resolve("hub");
        CliRunner.Result r =
                new CliRunner(home).env("HF_TOKEN", TOKEN).run("whoami", "--json", "--endpoint", "file:" + dir);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode out = FakeHub.JSON.readTree(r.out());
        assertThat(out.path("name").asText()).isEqualTo("huggingnersc-local");
        assertThat(out.path("tokenSource").asText()).isEqualTo("the local hub's token file");
        String localToken = Files.readString(dir.resolve("token")).strip();
        assertThat(r.out() + r.err()).doesNotContain(TOKEN).doesNotContain(localToken);
    }
}
