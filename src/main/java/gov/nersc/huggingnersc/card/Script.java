package gov.nersc.huggingnersc.card;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A script shown on the card and copied into the catalog entry: its file name and its code.
 *
 * @param fileName the file name (no folders), e.g. {@code iris_loader.py}
 * @param code the script's text
 */
public record Script(String fileName, String code) {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("py", "python"),
            Map.entry("sh", "sh"),
            Map.entry("bash", "bash"),
            Map.entry("sbatch", "bash"),
            Map.entry("slurm", "bash"),
            Map.entry("zsh", "zsh"),
            Map.entry("csh", "csh"),
            Map.entry("tcsh", "tcsh"),
            Map.entry("jl", "julia"),
            Map.entry("r", "r"),
            Map.entry("c", "c"),
            Map.entry("cpp", "cpp"),
            Map.entry("f90", "fortran"),
            Map.entry("java", "java"),
            Map.entry("js", "javascript"));
    private static final Map<String, String> BY_INTERPRETER = Map.of(
            "python",
            "python",
            "bash",
            "bash",
            "sh",
            "sh",
            "zsh",
            "zsh",
            "csh",
            "csh",
            "tcsh",
            "tcsh",
            "julia",
            "julia",
            "rscript",
            "r",
            "node",
            "javascript");

    public Script {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(code, "code");
    }

    // "#!/usr/bin/env -S python3 -u" or "#!/bin/bash": the interpreter's base name, without version
    private String interpreter() {
        if (!code.startsWith("#!")) {
            return "";
        }
        int end = code.indexOf('\n');
        String[] words =
                code.substring(2, end < 0 ? code.length() : end).strip().split("\\s+");
        String program = words[0].substring(words[0].lastIndexOf('/') + 1);
        for (int i = 1; program.equals("env") && i < words.length; i++) {
            if (!words[i].startsWith("-")) {
                program = words[i].substring(words[i].lastIndexOf('/') + 1);
            }
        }
        return program.toLowerCase(Locale.ROOT).replaceAll("[0-9.]+$", "");
    }

    /**
     * The language to tag the code block with: from the shebang line when it names a known
     * interpreter, else from the file extension ({@code python}, {@code bash}, {@code sh},
     * {@code julia}, {@code r}, ...); {@code ""} when unknown.
     */
    public String language() {
        String known = BY_INTERPRETER.get(interpreter());
        if (known != null) {
            return known;
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0
                ? ""
                : BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), "");
    }
}
