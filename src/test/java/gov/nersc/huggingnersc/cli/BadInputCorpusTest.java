package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.TreeSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Runs every case of the bad-input corpus ({@code src/test/resources/badinput/cases.json}) through
 * the CLI in-process. A refused case must end with its exit code, say its message fragment on one
 * line of stderr, and leave the catalog, the embedded hub and the HOME folder exactly as they were.
 * A hostile but valid case (YAML or Markdown in a title) must succeed and its card must read back
 * exactly, as YAML 1.2 (the Hub's JavaScript) and YAML 1.1 (huggingface_hub's PyYAML) read it.
 *
 * <p>Each case: {@code name}; {@code args} with placeholders {@code {in}} (the case's input
 * folder), {@code {loader} {data} {metadata}} (a valid iris input), {@code {catalog}}, {@code
 * {hub}} and {@code {home}}; {@code files} to create under {@code {in}}, in order ({@code text},
 * {@code json}, {@code parts} (strings and [string, times]), {@code base64}, {@code sparse} size in
 * bytes, {@code symlink} target, or {@code dir} with an optional {@code fill}: that many empty files
 * in it, for the Hub's files-per-folder limit; and an optional {@code mode}, which skips the case
 * where it does not bind, as for root: list a folder's files before the folder's mode); optional
 * {@code setup} commands run first (after the files), {@code stdin} and {@code env};
 * {@code exit} and {@code message}; for exit 0, {@code front_matter} and {@code info} values that
 * must read back exactly.
 */
class BadInputCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CORPUS = "/badinput/cases.json";

    @TempDir
    Path home;

    @TempDir
    Path inputs;

    static Stream<JsonNode> corpus() throws IOException {
        try (InputStream in = BadInputCorpusTest.class.getResourceAsStream(CORPUS)) {
            JsonNode all = JSON.readTree(in).get("cases");
            return StreamSupport.stream(all.spliterator(), false).toList().stream();
        }
    }

    static Stream<Arguments> cases() throws IOException {
        return corpus().map(c -> Arguments.of(c.get("name").asText(), c));
    }

    @Test
    void theCorpusHasAtLeastSixtyCasesWithUniqueNames() throws IOException {
        List<String> names = corpus().map(c -> c.get("name").asText()).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(60).doesNotHaveDuplicates();
        assertThat(corpus().filter(c -> c.get("exit").asInt() == 0))
                .as("hostile but valid cases")
                .isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void caseEndsAsExpectedAndRefusalsWriteNothing(String name, JsonNode c) throws Exception {
        Path in = Files.createDirectories(inputs.resolve("in"));
        DatasetFixtures.Inputs iris = DatasetFixtures.iris(inputs);
        Map<String, String> places = Map.of(
                "{in}",
                in.toString(),
                "{loader}",
                iris.loader().toString(),
                "{data}",
                iris.data().toString() + "/",
                "{metadata}",
                iris.metadata().toString(),
                "{catalog}",
                home.resolve("catalog").toString(),
                "{hub}",
                home.resolve("hub").toString(),
                "{home}",
                home.toString());
        createFiles(c.path("files"), in, places);
        CliRunner cli = new CliRunner(home)
                .env("HUGGINGNERSC_CATALOG_ROOT", home.resolve("catalog").toString())
                .env("HF_ENDPOINT", "file:" + home.resolve("hub"));
        c.path("env")
                .fields()
                .forEachRemaining(e -> cli.env(e.getKey(), fill(e.getValue().asText(), places)));
        for (JsonNode setup : c.path("setup")) {
            CliRunner.Result r = cli.run(args(setup, places));
            assertThat(r.exitCode()).as("setup " + setup + "\n" + r).isZero();
        }
        cli.stdin(c.path("stdin").asText(""));
        Map<String, String> homeBefore = TreeSnapshot.of(home);
        Map<String, String> inputsBefore = sizesAndTimes(inputs);

        CliRunner.Result r = cli.run(args(c.get("args"), places));

        int expected = c.get("exit").asInt();
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(expected);
        assertThat(sizesAndTimes(inputs)).as("the inputs are never changed").isEqualTo(inputsBefore);
        if (expected == 0) {
            checkRenderedEntry(c, places);
            return;
        }
        String fragment = fill(c.get("message").asText(), places);
        assertThat(r.err().lines().filter(line -> line.contains(fragment)).findFirst())
                .as("one line of stderr says '%s'\n%s", fragment, r)
                .isPresent();
        assertThat(r.err().lines().findFirst().orElse(""))
                .as("the first line is the error")
                .startsWith("error: ");
        assertThat(r.err()).as("no stack trace without -v").doesNotContain("\tat ");
        assertThat(TreeSnapshot.of(home))
                .as("nothing was written: catalog, hub and HOME unchanged")
                .isEqualTo(homeBefore);
    }

    /** The entry of a valid case: its card's front matter and info JSON hold exactly the given values. */
    private void checkRenderedEntry(JsonNode c, Map<String, String> places) throws IOException {
        Path entry = home.resolve("catalog").resolve(c.get("nickname").asText());
        String card = Files.readString(entry.resolve("README.md"), StandardCharsets.UTF_8);
        assertThat(card).startsWith("---\n");
        int end = card.indexOf("\n---\n", 3);
        assertThat(end).as("the front matter ends").isPositive();
        String yaml = card.substring(4, end + 1);
        Map<?, ?> yaml12 = (Map<?, ?>)
                new Load(LoadSettings.builder().setSchema(new CoreSchema()).build()).loadFromString(yaml);
        Map<?, ?> yaml11 = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("front_matter").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Object want = JSON.convertValue(e.getValue(), Object.class);
            assertThat(yaml12.get(e.getKey()))
                    .as("YAML 1.2 reads %s back\n%s", e.getKey(), yaml)
                    .isEqualTo(want);
            assertThat(yaml11.get(e.getKey()))
                    .as("YAML 1.1 reads %s back\n%s", e.getKey(), yaml)
                    .isEqualTo(want);
        }
        String body = card.substring(end + 5);
        assertThat(body)
                .as("no raw HTML reaches the card's body")
                .doesNotContainIgnoringCase("<script")
                .doesNotContainIgnoringCase("<img");
        assertThat(body.lines()
                        .filter(l -> l.startsWith("---") || l.startsWith("# "))
                        .count())
                .as("the title stays one heading line and opens no second front matter")
                .isEqualTo(1);
        try (Stream<Path> files = Files.list(entry)) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f, StandardCharsets.UTF_8))
                        .as(
                                "%s holds no raw NUL: git and the Hub " + "would take it for a binary file",
                                f.getFileName())
                        .doesNotContain("\u0000");
            }
        }
        JsonNode info = JSON.readTree(
                entry.resolve(c.get("nickname").asText() + "_info.json").toFile());
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("info").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertThat(info.at(e.getKey())).as("info JSON %s", e.getKey()).isEqualTo(e.getValue());
        }
    }

    /**
     * Sizes and times only: the inputs hold huge sparse files, not to be read. Links are not followed;
     * a folder a case made unreadable counts with its own size and time.
     */
    private static Map<String, String> sizesAndTimes(Path dir) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path p, BasicFileAttributes a) {
                return visitFile(p, a);
            }

            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
                out.put(dir.relativize(p).toString(), a.size() + " " + a.lastModifiedTime());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                return visitFile(p, Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            }
        });
        return out;
    }

    private static String[] args(JsonNode args, Map<String, String> places) {
        List<String> out = new ArrayList<>();
        args.forEach(a -> out.add(fill(a.asText(), places)));
        return out.toArray(String[]::new);
    }

    private static String fill(String text, Map<String, String> places) {
        String out = text;
        for (Map.Entry<String, String> p : places.entrySet()) {
            out = out.replace(p.getKey(), p.getValue());
        }
        return out;
    }

    private static void createFiles(JsonNode files, Path in, Map<String, String> places) throws IOException {
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            Path p = in.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            JsonNode spec = f.getValue();
            if (spec.has("text")) {
                Files.writeString(p, spec.get("text").asText(), StandardCharsets.UTF_8);
            } else if (spec.has("json")) {
                Files.write(p, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(spec.get("json")));
            } else if (spec.has("parts")) {
                StringBuilder text = new StringBuilder();
                for (JsonNode part : spec.get("parts")) {
                    text.append(
                            part.isArray()
                                    ? part.get(0).asText().repeat(part.get(1).asInt())
                                    : part.asText());
                }
                Files.writeString(p, text, StandardCharsets.UTF_8);
            } else if (spec.has("base64")) {
                Files.write(p, Base64.getDecoder().decode(spec.get("base64").asText()));
            } else if (spec.has("sparse")) {
                try (RandomAccessFile file = new RandomAccessFile(p.toFile(), "rw")) {
                    file.setLength(spec.get("sparse").asLong());
                }
            } else if (spec.has("symlink")) {
                Files.createSymbolicLink(p, Path.of(fill(spec.get("symlink").asText(), places)));
            } else if (spec.path("dir").asBoolean()) {
                Files.createDirectories(p);
                for (int i = 0; i < spec.path("fill").asInt(0); i++) {
                    Files.createFile(p.resolve(String.format("f%06d", i)));
                }
            } else {
                throw new IllegalArgumentException("case file " + f.getKey() + ": unknown kind " + spec);
            }
            if (spec.has("mode")) {
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(spec.get("mode").asText()));
                assumeTrue(
                        Files.isReadable(p) == spec.get("mode").asText().startsWith("r"),
                        "file modes do not bind this user (root?)");
            }
        }
    }
}
