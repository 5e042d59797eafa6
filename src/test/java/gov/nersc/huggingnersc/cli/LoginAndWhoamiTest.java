package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.hub.FakeHub;
import gov.nersc.huggingnersc.hub.FakeHub.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginAndWhoamiTest {
  static final String TOKEN = "hf_LoginTestTokenValue";
  static final String ME = "{\"type\":\"user\",\"name\":\"steward\",\"fullname\":\"A Steward\","
      + "\"orgs\":[{\"name\":\"NERSC\"}],\"auth\":{\"type\":\"access_token\",\"accessToken\":{\"role\":\"write\"}}}";

  @TempDir Path home;
  final FakeHub hub = new FakeHub();

  @AfterEach
  void stop() {
    hub.close();
  }

  void acceptOnly(String token) {
    hub.on("GET", "/api/whoami-v2", r -> ("Bearer " + token).equals(r.header("Authorization"))
        ? Reply.json(200, ME) : Reply.error(401, null, "Invalid credentials in Authorization header"));
  }

  @Test
  void loginChecksTheTokenSavesItPrivatelyAndWhoamiThenFindsIt() throws Exception {
    acceptOnly(TOKEN);
    CliRunner cli = new CliRunner(home).stdin(TOKEN + "\n");
    CliRunner.Result login = cli.run("login", "--endpoint", hub.uri().toString());
    Path file = home.resolve(".hf/token");
    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.out()).isEqualTo("Logged in as steward; token saved to " + file + System.lineSeparator());
    assertThat(login.out() + login.err()).doesNotContain(TOKEN);
    assertThat(Files.readString(file)).isEqualTo(TOKEN);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");

    CliRunner.Result who = new CliRunner(home).run("whoami", "--endpoint", hub.uri().toString());
    assertThat(who.exitCode()).as(who.toString()).isZero();
    assertThat(who.out()).contains("steward (A Steward)", "orgs:     NERSC",
        "endpoint: " + hub.uri() + " (from --endpoint)", "token:    from " + file + " (role: write)");
    assertThat(who.out()).doesNotContain(TOKEN);
  }

  @Test
  void aRefusedTokenIsNotSavedAndNotShown() {
    acceptOnly("hf_SomethingElse");
    CliRunner.Result r = new CliRunner(home).stdin(TOKEN).run("login", "--endpoint", hub.uri().toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: the Hub at " + hub.uri() + " refused this token; nothing was saved")
        .contains("request id req-1").doesNotContain(TOKEN);
    assertThat(home.resolve(".hf/token")).doesNotExist();
  }

  @Test
  void loggingInToTheEmbeddedHubIsRefusedAndSavesNothing() {
    Path dir = home.resolve("hub");
    CliRunner.Result r = new CliRunner(home).stdin(TOKEN).run("login", "--endpoint", "file:" + dir);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: login: the endpoint file:" + dir + " (from --endpoint) is the embedded "
        + "local hub, which needs no token").doesNotContain(TOKEN);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(home.resolve(".hf/token")).doesNotExist();
    assertThat(dir).doesNotExist();
  }

  @Test
  void anEmptyTokenIsInvalidInput() {
    CliRunner.Result r = new CliRunner(home).stdin("\n").run("login", "--endpoint", hub.uri().toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no token given");
    assertThat(hub.requests()).isEmpty();
  }

  @Test
  void whoamiWithoutATokenSaysHowToLogIn() {
    CliRunner.Result r = new CliRunner(home).run("whoami");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("not logged in", "huggingnersc login");
  }

  @Test
  void whoamiJsonNamesTheTokenSourceButNotTheToken() throws Exception {
    acceptOnly(TOKEN);
    CliRunner.Result r = new CliRunner(home).env("HF_TOKEN", TOKEN).run("whoami", "--json", "--endpoint",
        hub.uri().toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode json = FakeHub.JSON.readTree(r.out());
    assertThat(json.path("name").asText()).isEqualTo("steward");
    assertThat(json.path("orgs").toString()).isEqualTo("[\"NERSC\"]");
    assertThat(json.path("endpoint").asText()).isEqualTo(hub.uri().toString());
    assertThat(json.path("tokenSource").asText()).isEqualTo("HF_TOKEN");
    assertThat(r.out()).doesNotContain(TOKEN);
  }

  @Test
  void whoamiWithARefusedTokenNamesItsSource() {
    acceptOnly("hf_SomethingElse");
    CliRunner.Result r = new CliRunner(home).env("HF_TOKEN", TOKEN).run("whoami", "--endpoint", hub.uri().toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("the token from HF_TOKEN was refused; run `huggingnersc login`").doesNotContain(TOKEN);
  }

  @Test
  void whoamiOnAnEmbeddedHubAnswersWithTheLocalUserAndNeverSendsTheUsersToken() throws Exception {
    Path dir = home.resolve("hub");
    CliRunner.Result r = new CliRunner(home).env("HF_TOKEN", TOKEN)
        .run("whoami", "--json", "--endpoint", "file:" + dir);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode out = FakeHub.JSON.readTree(r.out());
    assertThat(out.path("name").asText()).isEqualTo("huggingnersc-local");
    assertThat(out.path("tokenSource").asText()).isEqualTo("the local hub's token file");
    String localToken = Files.readString(dir.resolve("token")).strip();
    assertThat(r.out() + r.err()).doesNotContain(TOKEN).doesNotContain(localToken);
  }
}
