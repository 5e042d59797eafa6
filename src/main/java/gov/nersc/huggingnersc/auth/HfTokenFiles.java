package gov.nersc.huggingnersc.auth;

import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.HubToken;
import gov.nersc.huggingnersc.api.SavedTokens;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.hub.TokenFile;
import gov.nersc.huggingnersc.hub.TokenSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * huggingface.co's tokens, where {@code hf auth login} keeps them: the active one alone in {@code
 * HF_TOKEN_PATH} (default {@code $HF_HOME/token}), and every token by name in {@code stored_tokens}
 * next to it, an INI file with one section per name holding {@code hf_token = VALUE}.
 */
final class HfTokenFiles extends TokenStore {
    private static final String KEY = "hf_token";

    private final Path tokenFile;
    private final Path storedTokens;

    private HfTokenFiles(Path tokenFile) {
        this.tokenFile = tokenFile;
        this.storedTokens = tokenFile.toAbsolutePath().getParent().resolve("stored_tokens");
    }

    static HfTokenFiles of(Map<String, String> env) {
        return new HfTokenFiles(TokenSources.tokenPath(env));
    }

    @Override
    public String endpoint() {
        return HubEndpoint.HUGGINGFACE_CO;
    }

    @Override
    public Path activeFile() {
        return tokenFile;
    }

    @Override
    public Path namedFile() {
        return storedTokens;
    }

    @Override
    public SavedTokens read() {
        Optional<String> active =
                TokenSources.fromFile(tokenFile, tokenFile.toString()).map(HubToken::value);
        return new SavedTokens(Files.isRegularFile(storedTokens) ? parse(read(storedTokens)) : new TreeMap<>(), active);
    }

    @Override
    protected List<Path> write(SavedTokens tokens) {
        SavedTokens before = read();
        List<Path> written = new ArrayList<>();
        if (!before.byName().equals(tokens.byName())) {
            TokenFile.writeSecret(storedTokens, render(tokens.byName()));
            written.add(storedTokens);
        }
        if (!before.active().equals(tokens.active())) {
            if (tokens.active().isPresent()) {
                TokenFile.writeSecret(tokenFile, tokens.active().get());
            } else {
                TokenFile.delete(tokenFile);
            }
            written.add(tokenFile);
        }
        return written;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OperationFailedException("cannot read the saved tokens in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The sections of an INI file that hold a token, by section name (as Python's configparser reads it). */
    static SortedMap<String, String> parse(String ini) {
        SortedMap<String, String> out = new TreeMap<>();
        String section = null;
        for (String raw : ini.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int eq = firstSeparator(line);
            if (section != null && eq > 0 && line.substring(0, eq).strip().equalsIgnoreCase(KEY)) {
                String value = line.substring(eq + 1).strip();
                if (!value.isEmpty()) {
                    out.put(section, value);
                }
            }
        }
        return out;
    }

    private static int firstSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        return eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    }

    /** The INI text {@code hf} writes: sections in name order, a blank line after each. */
    static String render(SortedMap<String, String> byName) {
        StringBuilder s = new StringBuilder();
        byName.forEach((name, token) -> s.append('[')
                .append(name)
                .append("]\n")
                .append(KEY)
                .append(" = ")
                .append(token)
                .append("\n\n"));
        return s.toString();
    }
}
