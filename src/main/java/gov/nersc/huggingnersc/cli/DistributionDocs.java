package gov.nersc.huggingnersc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Writes what the release archive ships beside the jars, from the CLI's own picocli model: a man page per
 * command ({@code man/man1/huggingnersc-catalog-new-dataset.1}, ...) and the bash/zsh completion script
 * ({@code bash-completion/completions/huggingnersc}). The build runs it at {@code prepare-package}.
 */
public final class DistributionDocs {
    private DistributionDocs() {}

    /** {@code DistributionDocs SHARE_DIR}: writes the pages and the script under {@code SHARE_DIR}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DistributionDocs SHARE_DIR");
        }
        write(Path.of(args[0]));
    }

    /** Writes the man pages and the completion script under {@code share}; returns the files written. */
    static List<Path> write(Path share) throws IOException {
        CommandLine root = Main.commandLine(new Main(Map.of(), InputStream.nullInputStream()));
        List<Path> written = new ArrayList<>();
        Path man = Files.createDirectories(share.resolve("man").resolve("man1"));
        for (CommandLine command : commands(root)) {
            written.add(Files.writeString(man.resolve(ManPage.fileName(command)), ManPage.render(command)));
        }
        Path completions =
                Files.createDirectories(share.resolve("bash-completion").resolve("completions"));
        written.add(Files.writeString(completions.resolve(root.getCommandName()), Completion.script(root)));
        return written;
    }

    /** The command and every subcommand below it, depth first. */
    static List<CommandLine> commands(CommandLine command) {
        List<CommandLine> all = new ArrayList<>(List.of(command));
        ManPage.documented(command).forEach(sub -> all.addAll(commands(sub)));
        return all;
    }
}
