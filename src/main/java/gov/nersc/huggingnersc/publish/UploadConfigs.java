package gov.nersc.huggingnersc.publish;

import gov.nersc.huggingnersc.api.DataUploadResult.DataFile;
import gov.nersc.huggingnersc.layout.DataFormat;
import gov.nersc.huggingnersc.layout.RepoConfigs;
import gov.nersc.huggingnersc.layout.Splits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The card's {@code configs} for the whole data: per format and split, as {@link RepoConfigs}.
 *
 * @param yaml the {@code configs} value for the front matter
 * @param patterns every {@code data_files} path pattern, in order
 * @param notViewable extensions of files {@code datasets} does not read, or that are in no split
 */
public record UploadConfigs(List<Map<String, Object>> yaml, List<String> patterns, List<String> notViewable) {
    /**
     * Configs for the files to upload and those already in the repo's data folder: the splits and
     * formats read from their paths, the way {@code datasets} reads them.
     */
    public static UploadConfigs of(List<DataFile> files, List<String> alreadyThere, String pathInRepo) {
        String folder = pathInRepo.endsWith("/") ? pathInRepo : pathInRepo + "/";
        Map<String, Long> sizes = new LinkedHashMap<>();
        files.forEach(f -> sizes.put(f.pathInRepo(), f.size()));
        alreadyThere.forEach(p -> sizes.putIfAbsent(p, 0L));
        List<String> relative = sizes.keySet().stream()
                .map(p -> p.startsWith(folder) ? p.substring(folder.length()) : p)
                .toList();
        List<String> splits = Splits.of(relative);
        List<gov.nersc.huggingnersc.layout.DataFile> listed = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> e : sizes.entrySet()) {
            listed.add(new gov.nersc.huggingnersc.layout.DataFile(
                    e.getKey(),
                    splits.get(i++),
                    DataFormat.of(e.getKey()),
                    e.getValue(),
                    Optional.empty(),
                    Optional.empty(),
                    e.getKey(),
                    0));
        }
        RepoConfigs configs = RepoConfigs.of(listed, gov.nersc.huggingnersc.layout.DataFile::path);
        List<String> notViewable = listed.stream()
                .filter(f -> !f.loadable())
                .map(f -> extension(f.path()))
                .distinct()
                .sorted()
                .toList();
        return new UploadConfigs(configs.yaml(), configs.patterns(), notViewable);
    }

    private static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
