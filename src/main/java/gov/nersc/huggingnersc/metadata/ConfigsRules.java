package gov.nersc.huggingnersc.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import gov.nersc.huggingnersc.api.Problem;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules {@code datasets} (4.x, 5.x) and the Hub's viewer hold a card's {@code configs} to,
 * checked before anything is written: split names are words joined by dots, each {@code
 * data_files} entry is a {@code {split, path}} pair whose paths are files inside the repo (never a
 * URL or an absolute path), names are unique, and exactly one config is the default.
 */
final class ConfigsRules {
    private static final Pattern SPLIT = Pattern.compile("^\\w+(\\.\\w+)*$");
    private static final String WHERE = "/datacard_tags/configs";

    private ConfigsRules() {}

    static void check(JsonNode document, String file, List<Problem> problems) {
        JsonNode configs = document.path("datacard_tags").path("configs");
        if (!configs.isArray()) {
            return; // the schema says what else is wrong
        }
        Set<String> names = new HashSet<>();
        int defaults = 0;
        boolean namedDefault = false;
        for (int i = 0; i < configs.size(); i++) {
            JsonNode c = configs.get(i);
            String at = WHERE + "/" + i;
            JsonNode name = c.path("config_name");
            if (name.isTextual() && !names.add(name.asText())) {
                problems.add(Problem.of(
                        file,
                        at + "/config_name",
                        name,
                        "names a second config " + Problem.show(name.asText()),
                        "a name no other config has",
                        null));
            }
            namedDefault |= name.isTextual() && name.asText().equals("default");
            if (c.path("default").asBoolean(false)) {
                defaults++;
            }
            checkDataFiles(c.path("data_files"), at + "/data_files", file, problems);
        }
        if (defaults > 1 || (configs.size() > 1 && defaults == 0 && !namedDefault)) {
            problems.add(Problem.of(
                    file,
                    WHERE,
                    null,
                    defaults > 1
                            ? defaults + " configs say default: true"
                            : "none of the " + configs.size() + " configs is the default",
                    "exactly one default config: one with default: true, or the one named default",
                    null));
        }
    }

    private static void checkDataFiles(JsonNode dataFiles, String at, String file, List<Problem> problems) {
        if (dataFiles.isTextual()) {
            checkPath(dataFiles, at, file, problems);
        } else if (dataFiles.isArray()) {
            for (int j = 0; j < dataFiles.size(); j++) {
                JsonNode entry = dataFiles.get(j);
                String here = at + "/" + j;
                if (entry.isTextual()) {
                    checkPath(entry, here, file, problems);
                } else if (!entry.isObject() || !entry.has("split") || !entry.has("path")) {
                    problems.add(Problem.of(
                            file,
                            here,
                            entry,
                            "is not a {split, path} pair",
                            "{\"split\": \"train\", \"path\": \"data/train/*.csv\"}",
                            null));
                } else {
                    JsonNode split = entry.get("split");
                    if (!split.isTextual() || !SPLIT.matcher(split.asText()).matches()) {
                        problems.add(Problem.of(
                                file,
                                here + "/split",
                                split,
                                "is not a split name",
                                "letters, digits and _ , words joined by dots (train, validation, test, train.clean)",
                                null));
                    }
                    JsonNode path = entry.get("path");
                    if (path.isArray()) {
                        for (int k = 0; k < path.size(); k++) {
                            checkPath(path.get(k), here + "/path/" + k, file, problems);
                        }
                    } else {
                        checkPath(path, here + "/path", file, problems);
                    }
                }
            }
        }
    }

    private static void checkPath(JsonNode path, String at, String file, List<Problem> problems) {
        String p = path.asText("");
        String why = !path.isTextual() || p.isBlank()
                ? "is not a path"
                : p.contains("://")
                        ? "is a URL; datasets reads data_files only inside the repo"
                        : p.startsWith("/")
                                ? "is an absolute path; datasets reads data_files only inside the repo"
                                : List.of(p.split("/")).contains("..") ? "leaves the repo (..)" : null;
        if (why != null) {
            problems.add(Problem.of(
                    file,
                    at,
                    path,
                    why,
                    "a file or glob relative to the repo's root, e.g. data/*.csv "
                            + "(the card's snippets load data at its URL or NERSC path)",
                    null));
        }
    }
}
