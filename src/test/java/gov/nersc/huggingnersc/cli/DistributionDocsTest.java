package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man pages and completion script the release archive ships, and {@code --install-completion}. */
class DistributionDocsTest {
    @TempDir
    Path tmp;

    @Test
    void everyCommandGetsAManPageNamedAfterItsFullName() throws IOException {
        List<Path> written = DistributionDocs.write(tmp);
        Path man1 = tmp.resolve("man/man1");
        assertThat(man1.resolve("huggingnersc.1")).content().startsWith(".TH HUGGINGNERSC 1 ");
        for (String page : List.of(
                "catalog-new-dataset",
                "validate-metadata",
                "auth-login",
                "auth-switch",
                "hub-serve",
                "manifest-merge",
                "manifest-slurm-script",
                "upload-data",
                "verify",
                "scan")) {
            assertThat(man1.resolve("huggingnersc-" + page + ".1")).as(page).isRegularFile();
        }
        assertThat(man1.resolve("huggingnersc-help.1")).doesNotExist();
        assertThat(written).contains(tmp.resolve("bash-completion/completions/huggingnersc"));
    }

    @Test
    void aPageHasTheCommandsSummaryOptionsAndArguments() throws IOException {
        DistributionDocs.write(tmp);
        String page = Files.readString(tmp.resolve("man/man1/huggingnersc-catalog-new-dataset.1"));
        assertThat(page)
                .contains(".SH NAME\nhuggingnersc\\-catalog\\-new\\-dataset \\- Catalog a dataset\n")
                .contains(".SH SYNOPSIS\n.nf\nhuggingnersc catalog\\-new\\-dataset ")
                .contains(".TP\n\\fINICKNAME\\fR\n")
                .contains(".TP\n\\fB\\-\\-data\\-path\\fR \\fIDATA_PATH\\fR\n")
                .contains(".SH SEE ALSO\nhuggingnersc(1)");
        // no line a troff reader would take for a request by accident
        assertThat(page.lines().filter(l -> l.startsWith(".") || l.startsWith("'")))
                .allMatch(l -> l.matches("\\.(TH|SH|TP|IP|PP|nf|fi|br)( .*)?"));
        String root = Files.readString(tmp.resolve("man/man1/huggingnersc.1"));
        assertThat(root)
                .contains(".SH EXIT CODES")
                .contains(".TP\n\\fBcatalog\\-new\\-dataset\\fR\nCatalog a dataset. "
                        + "See huggingnersc\\-catalog\\-new\\-dataset(1).\n");
    }

    @Test
    void installCompletionWritesTheScriptWhereBashCompletionLooks() throws IOException {
        CliRunner.Result r = new CliRunner(tmp).run("--install-completion=bash");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path file = tmp.resolve(".local/share/bash-completion/completions/huggingnersc");
        assertThat(file).content().contains("complete -F _complete_huggingnersc");
        assertThat(r.out()).contains("installed bash completion in " + file, "source " + file);
    }

    @Test
    void installCompletionForZshTakesTheShellFromShellAndHonoursXdgDataHome() {
        CliRunner.Result r = new CliRunner(tmp)
                .env("SHELL", "/usr/bin/zsh")
                .env("XDG_DATA_HOME", tmp.resolve("data").toString())
                .run("--install-completion", "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path file = tmp.resolve("data/huggingnersc/completion.zsh");
        assertThat(file).isRegularFile();
        assertThat(r.out()).contains("\"shell\" : \"zsh\"").contains("source " + file);
    }

    @Test
    void anotherShellIsInvalidInputAndWritesNothing() {
        CliRunner.Result r = new CliRunner(tmp).env("SHELL", "/usr/bin/fish").run("--install-completion");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .contains("--install-completion: the shell SHELL names ('/usr/bin/fish') is not one it "
                        + "completes for; give bash or zsh");
        assertThat(tmp.resolve(".local")).doesNotExist();
    }
}
