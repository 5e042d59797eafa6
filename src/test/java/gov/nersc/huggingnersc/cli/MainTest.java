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
