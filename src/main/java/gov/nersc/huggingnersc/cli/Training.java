package gov.nersc.huggingnersc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The launcher's training run for class-data sharing (the CDS archive, the AOT cache): in one JVM, the
 * commands a user starts most, so that the classes they load are archived. Runs {@code --help}, {@code
 * validate-metadata}, {@code catalog-new-dataset --no-push} and {@code inspect-dataset} on the iris
 * example as a user of its own (a temporary {@code HOME} and {@code HUGGINGNERSC_HOME}, no token, no
 * config file, nothing sent anywhere), prints nothing and deletes what it wrote.
 */
public final class Training {
    private Training() {}

    /**
     * Usage: {@code Training EXAMPLES_IRIS_DIR}. Exits 0 when every command did, else 1 (the launcher
     * keeps an archive made either way).
     */
    public static void main(String[] args) throws IOException {
        Path iris = Path.of(args[0]);
        Path home = Files.createTempDirectory("huggingnersc-training");
        int failed;
        try {
            failed = train(iris, home);
        } finally {
            delete(home);
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /** Runs the commands in {@code home}; returns how many failed. */
    static int train(Path iris, Path home) {
        Map<String, String> env = Map.of(
                "HOME", home.toString(),
                "HUGGINGNERSC_HOME", home.resolve("huggingnersc").toString(),
                "HF_HOME", home.resolve("hf").toString(),
                "XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_CACHE_HOME", home.resolve("cache").toString());
        String metadata = iris.resolve("iris_metadata.json").toString();
        List<String[]> commands = List.of(
                new String[] {"--help"},
                new String[] {"validate-metadata", metadata},
                Stream.concat(catalogIris(iris).stream(), Stream.of("--no-push"))
                        .toArray(String[]::new),
                new String[] {"inspect-dataset", "iris"});
        int failed = 0;
        for (String[] command : commands) {
            PrintWriter nowhere = new PrintWriter(PrintWriter.nullWriter());
            if (Main.run(env, InputStream.nullInputStream(), nowhere, nowhere, command) != 0) {
                failed++;
            }
        }
        return failed;
    }

    /** The arguments that catalog the iris example in the folder {@code iris} (its short form). */
    static List<String> catalogIris(Path iris) {
        return List.of(
                "catalog-new-dataset",
                "Iris",
                "iris",
                iris.resolve("iris_loader.py").toString(),
                iris.resolve("data").toString(),
                "none",
                iris.resolve("iris_metadata.json").toString());
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
