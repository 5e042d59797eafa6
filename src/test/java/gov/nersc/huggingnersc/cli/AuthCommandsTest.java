package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.hub.FakeHub;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auth list}, {@code auth switch} and {@code auth logout} on the files {@code hf auth login}
 * writes for huggingface.co ($HF_HOME/token and stored_tokens), and {@code login}'s refusal to lose
 * a token saved under no name. None of them asks a Hub.
 */
class AuthCommandsTest {
    static final String MODELS = "hf_ReadTokenForModels";
    static final String PUBLISH = "hf_WriteTokenToPublish";

    @TempDir
    Path home;

    Path token;
    Path stored;

    /** What `hf auth login` leaves after two logins: both tokens by name, the first one active. */
    @BeforeEach
    void hfLoggedInTwice() throws Exception {
        token = Files.createDirectories(home.resolve(".hf")).resolve("token");
        stored = home.resolve(".hf/stored_tokens");
        Files.writeString(stored, "[models]\nhf_token = " + MODELS + "\n\n[publish]\nhf_token = " + PUBLISH + "\n\n");
        Files.writeString(token, MODELS);
    }

    @Test
    void listShowsHfsTokensByNameAndWhichIsActiveButNeverTheTokens() throws Exception {
        CliRunner.Result r = new CliRunner(home).run("auth", "list");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .containsPattern("https://huggingface.co +models +\\* +" + stored)
                .containsPattern("https://huggingface.co +publish +" + stored)
                .doesNotContain(MODELS)
                .doesNotContain(PUBLISH);
        JsonNode json = FakeHub.JSON.readTree(
                new CliRunner(home).run("--json", "auth", "list").out());
        assertThat(json.findValuesAsText("name")).containsExactly("models", "publish");
        assertThat(json.get(0).path("active").asBoolean()).isTrue();
        assertThat(json.toString()).doesNotContain(MODELS).doesNotContain(PUBLISH);
    }

    @Test
    void switchMakesAnotherNamedTokenActiveWhereHfReadsIt() throws Exception {
        CliRunner.Result r = new CliRunner(home).run("auth", "switch", "publish");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .isEqualTo("The active token of https://huggingface.co is `publish`; wrote " + token
                        + System.lineSeparator());
        assertThat(Files.readString(token)).isEqualTo(PUBLISH);
        assertThat(new CliRunner(home).run("auth", "switch", "publish").out()).contains("already; nothing written");
    }

    @Test
    void switchingToANameNotSavedIsExit2AndNamesTheSavedOnes() throws Exception {
        CliRunner.Result r = new CliRunner(home).run("auth", "switch", "pubilsh");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("error: TOKEN_NAME 'pubilsh': no token of https://huggingface.co is saved under "
                        + "that name in " + stored + "; saved: models, publish");
        assertThat(Files.readString(token)).isEqualTo(MODELS);
    }

    @Test
    void logoutForgetsTheActiveTokenOnlyAndSaysWhichFilesChanged() throws Exception {
        CliRunner.Result r = new CliRunner(home).env("HF_TOKEN", "hf_x").run("auth", "logout");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("Logged out of https://huggingface.co: forgot token `models`; changed " + stored + " and "
                        + token);
        assertThat(r.err())
                .contains("note: HF_TOKEN is set and is used before the saved tokens of https://huggingface.co");
        assertThat(token).doesNotExist();
        assertThat(Files.readString(stored)).isEqualTo("[publish]\nhf_token = " + PUBLISH + "\n\n");
        assertThat(new CliRunner(home).run("auth", "logout").out()).contains("Not logged in to https://huggingface.co");
    }

    @Test
    void loginDoesNotLoseATokenSavedUnderNoNameUnlessForced() throws Exception {
        Files.delete(stored);
        Files.writeString(token, "hf_WrittenByAnOlderHf");

        CliRunner.Result r =
                new CliRunner(home).stdin("hf_ANewToken\n").run("login", "--endpoint", "https://huggingface.co");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.err())
                .startsWith(
                        "error: " + token + " holds another token for https://huggingface.co, saved under no "
                                + "name, so logging in would lose it; nothing was saved; to replace it, log in again with --force");
        assertThat(Files.readString(token)).isEqualTo("hf_WrittenByAnOlderHf");
        assertThat(stored).doesNotExist();
    }
}
