package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Tab completion for bash and zsh: picocli's generated script (the one the release archive ships in
 * {@code share/bash-completion/completions/}), and {@code --install-completion}, which puts it where the
 * user's shell finds it and says what, if anything, to add to the shell's start-up file.
 */
final class Completion {
    private Completion() {}

    /** The completion script for the whole command tree; bash runs it, and zsh through bashcompinit. */
    static String script(CommandLine root) {
        return AutoComplete.bash(root.getCommandName(), root);
    }

    /** What {@code --install-completion} did: the shell, the file written, and what to tell the user. */
    record Installed(String shell, Path file, List<String> instructions) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("shell", shell);
            json.put("file", file.toString());
            json.put("instructions", instructions);
            return json;
        }
    }

    /**
     * Writes the script for {@code shell} ({@code bash}, {@code zsh}, or {@code auto}: the one {@code SHELL}
     * names) under the user's data folder ({@code XDG_DATA_HOME}, else {@code ~/.local/share}).
     */
    static Installed install(CommandLine root, String shell, Map<String, String> env) {
        String chosen = shell.equals("auto")
                ? Path.of(env.getOrDefault("SHELL", "")).getFileName().toString()
                : shell;
        String dataHome = env.getOrDefault("XDG_DATA_HOME", "");
        Path data = dataHome.isBlank()
                ? Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "share")
                : Path.of(dataHome);
        String name = root.getCommandName();
        Installed installed;
        if (chosen.equals("bash")) {
            Path file = data.resolve("bash-completion").resolve("completions").resolve(name);
            installed = new Installed(
                    "bash",
                    file,
                    List.of(
                            "new bash shells complete " + name + " (with the bash-completion package, which loads "
                                    + file + ")",
                            "without that package, add this line to ~/.bashrc: source " + file));
        } else if (chosen.equals("zsh")) {
            Path file = data.resolve(name).resolve("completion.zsh");
            installed = new Installed(
                    "zsh",
                    file,
                    List.of(
                            "add this line to ~/.zshrc, then open a new shell (the script turns on zsh's bashcompinit itself):",
                            "  source " + file));
        } else {
            throw new InvalidInputException("--install-completion: "
                    + (shell.equals("auto")
                            ? "the shell SHELL names ('" + env.getOrDefault("SHELL", "")
                                    + "') is not one it completes for"
                            : "'" + shell + "' is not a shell it completes for")
                    + "; give bash or zsh (--install-completion=bash)");
        }
        write(installed.file(), script(root));
        return installed;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new OperationFailedException("--install-completion: cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
