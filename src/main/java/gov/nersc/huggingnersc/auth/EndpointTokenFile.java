package gov.nersc.huggingnersc.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gov.nersc.huggingnersc.api.HubEndpoint;
import gov.nersc.huggingnersc.api.SavedTokens;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.hub.TokenFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tokens of the Hubs other than huggingface.co, in HuggingNERSC's own file ({@code
 * $HUGGINGNERSC_HOME/tokens.json}, mode 0600): per endpoint, the tokens by name and the name of the
 * active one, as in {@code {"http://127.0.0.1:18081": {"active": "alice", "tokens": {"alice": "hf_…"}}}}.
 */
final class EndpointTokenFile extends TokenStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final String endpoint;

    EndpointTokenFile(Path file, String endpoint) {
        this.file = file;
        this.endpoint = new HubEndpoint(endpoint).url();
    }

    /** The endpoints that have tokens saved in {@code file}, in order. */
    static List<String> endpoints(Path file) {
        List<String> out = new ArrayList<>();
        readAll(file).fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public Path activeFile() {
        return file;
    }

    @Override
    public Path namedFile() {
        return file;
    }

    @Override
    public SavedTokens read() {
        JsonNode mine = readAll(file).path(endpoint);
        SortedMap<String, String> byName = new TreeMap<>();
        mine.path("tokens").fields().forEachRemaining(e -> {
            if (e.getValue().isTextual() && !e.getValue().asText().isBlank()) {
                byName.put(e.getKey(), e.getValue().asText().strip());
            }
        });
        Optional<String> active =
                Optional.ofNullable(mine.path("active").textValue()).map(byName::get);
        return new SavedTokens(byName, active);
    }

    @Override
    protected List<Path> write(SavedTokens tokens) {
        ObjectNode all = readAll(file);
        if (tokens.byName().isEmpty()) {
            all.remove(endpoint);
        } else {
            ObjectNode mine = all.putObject(endpoint);
            mine.put("active", tokens.activeName().orElse(null));
            ObjectNode named = mine.putObject("tokens");
            tokens.byName().forEach(named::put);
        }
        try {
            TokenFile.writeSecret(file, JSON.writeValueAsString(all) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the token file", e);
        }
        return List.of(file);
    }

    private static ObjectNode readAll(Path file) {
        if (!Files.isRegularFile(file)) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode all = JSON.readTree(file.toFile());
            if (all instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            // a damaged file is reported below, without echoing its content (it holds tokens)
        }
        throw new OperationFailedException("the token file " + file + " is damaged (not a JSON object of endpoints); "
                + "move it away and log in again");
    }
}
