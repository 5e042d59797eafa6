package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user meets it ({@code ./mvnw verify} runs this after {@code package}): unpacked
 * into a fresh folder made read-only, its {@code bin/huggingnersc} is run from another directory and
 * through a symlink, catalogs the bundled iris example against the embedded local hub with a fresh
 * {@code HUGGINGNERSC_HOME}, and its completion script and man pages load. The install folder is
 * compared before and after: nothing may be written beside the jars (this matters as root, whom
 * permissions do not stop).
 */
class InstalledArchiveIT {
    @TempDir
    static Path tmp;

    private static Path install;
    private static Path elsewhere;
    private static Map<String, Long> before;

    @BeforeAll
    static void unpackReadOnly() throws Exception {
        Path archive = Path.of(System.getProperty("dist.archive", "target/huggingnersc-unknown.tar.gz"));
        assertThat(archive).as("the release archive ./mvnw package makes").isRegularFile();
        Path prefix = Files.createDirectories(tmp.resolve("prefix"));
        Result untar =
                run(prefix, Map.of(), "tar", "xzf", archive.toAbsolutePath().toString());
        assertThat(untar.code()).as(untar.toString()).isZero();
        try (Stream<Path> top = Files.list(prefix)) {
            install = top.findFirst().orElseThrow();
        }
        assertThat(install.getFileName().toString()).startsWith("huggingnersc-");
        readOnly(install);
        before = snapshot(install);
        elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    }

    @Test
    void versionRunsFromAnotherDirectoryAndThroughASymlinkAndCachesOnlyInTheUserCache() throws Exception {
        Path link = Files.createDirectories(tmp.resolve("links")).resolve("huggingnersc");
        Files.createSymbolicLink(link, install.resolve("bin/huggingnersc"));
        Result r = run(elsewhere, userEnv("version"), link.toString(), "--version");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out())
                .startsWith(
                        "huggingnersc " + install.getFileName().toString().substring("huggingnersc-".length()) + "\n")
                .containsPattern("(?m)^commit \\S+$")
                .contains("java " + System.getProperty("java.version"));
        try (Stream<Path> cache = Files.list(tmp.resolve("version/cache/huggingnersc"))) {
            assertThat(cache.map(p -> p.getFileName().toString()))
                    .as("the class-data-sharing archive")
                    .anyMatch(n -> n.startsWith("cds-") && n.endsWith(".jsa"));
        }
        assertThat(snapshot(install)).as("nothing written into the install").isEqualTo(before);
    }

    @Test
    void theNextRunMapsItsClassesFromTheArchiveTheFirstMade() throws Exception {
        Map<String, String> env = userEnv("shared");
        Result first = run(elsewhere, env, install.resolve("bin/huggingnersc").toString(), "--version");
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(classesLoadedBy(env, "shared", "--help"))
                .contains("gov.nersc.huggingnersc.cli.Main source: shared objects file")
                .as("picocli's classes, rewritten as Java 8 class files (Java 5's are never archived)")
                .contains("picocli.CommandLine source: shared objects file");
    }

    @Test
    void onJava24OrNewerTheLauncherMakesAnAotCacheInTheUserCacheAndTheNextRunUsesIt() throws Exception {
        Path jdk = newJdk();
        Map<String, String> env = userEnv("aot");
        env.put("HUGGINGNERSC_JAVA_HOME", jdk.toString());
        Result first = run(elsewhere, env, install.resolve("bin/huggingnersc").toString(), "--version");
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).contains("java ", jdk.toString());
        Path cache = Path.of(env.get("XDG_CACHE_HOME"), "huggingnersc");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("one AOT cache, no temporary files left")
                    .singleElement(InstanceOfAssertFactories.STRING)
                    .startsWith("aot-_")
                    .endsWith(".aot")
                    .contains(jdk.toString().replace('/', '_'));
        }
        assertThat(classesLoadedBy(env, "aot", "--help"))
                .contains("gov.nersc.huggingnersc.cli.Main source: shared objects file");
        assertThat(snapshot(install)).as("nothing written into the install").isEqualTo(before);
    }

    @Test
    void aDamagedAotCacheIsIgnoredAndAStaleOneRemade() throws Exception {
        Path jdk = newJdk();
        Map<String, String> env = userEnv("stale");
        env.put("HUGGINGNERSC_JAVA_HOME", jdk.toString());
        String launcher = install.resolve("bin/huggingnersc").toString();
        assertThat(run(elsewhere, env, launcher, "--version").code()).isZero();
        Path aot;
        try (Stream<Path> files = Files.list(Path.of(env.get("XDG_CACHE_HOME"), "huggingnersc"))) {
            aot = files.filter(p -> p.toString().endsWith(".aot")).findFirst().orElseThrow();
        }
        byte[] garbage = new byte[4096];
        new Random(14).nextBytes(garbage);
        Files.write(aot, garbage); // newer than the jar: kept, and the JVM refuses it
        Result damaged = run(elsewhere, env, launcher, "--version");
        assertThat(damaged.code()).as(damaged.toString()).isZero();
        assertThat(damaged.out()).startsWith("huggingnersc ").contains(jdk.toString());

        Files.setLastModifiedTime(aot, FileTime.fromMillis(0)); // older than the jar
        Result stale = run(elsewhere, env, launcher, "validate-metadata", iris("iris_metadata.json"));
        assertThat(stale.code()).as(stale.toString()).isZero();
        assertThat(Files.size(aot)).as("made again").isGreaterThan(garbage.length);
        assertThat(classesLoadedBy(env, "stale", "--help"))
                .contains("gov.nersc.huggingnersc.cli.Main source: shared objects file");
        assertThat(snapshot(install)).as("nothing written into the install").isEqualTo(before);
    }

    /** A JDK 24 or newer on this machine (the launcher's AOT-cache path); the test is skipped without one. */
    private static Path newJdk() throws IOException {
        Path jvms = Path.of(System.getProperty("it.jvm.dir", "/usr/lib/jvm"));
        assumeTrue(Files.isDirectory(jvms), "no " + jvms);
        try (Stream<Path> homes = Files.list(jvms)) {
            Optional<Path> jdk = homes.filter(h -> Files.isExecutable(h.resolve("bin/java")))
                    .filter(h -> feature(h) >= 24)
                    .sorted()
                    .findFirst();
            assumeTrue(jdk.isPresent(), "no JDK 24 or newer in " + jvms);
            return jdk.get();
        }
    }

    private static int feature(Path home) {
        try {
            Matcher m =
                    Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The class-loading log of one more run in this user's environment ({@code --version} by default). */
    private static String classesLoadedBy(Map<String, String> env, String name, String... args) throws Exception {
        Path log = tmp.resolve(name + "-class-load.log");
        Map<String, String> logging = new HashMap<>(env);
        logging.put("HUGGINGNERSC_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        List<String> command =
                new ArrayList<>(List.of(install.resolve("bin/huggingnersc").toString()));
        command.addAll(args.length == 0 ? List.of("--version") : List.of(args));
        Result r = run(elsewhere, logging, command.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isZero();
        return Files.readString(log);
    }

    private static String iris(String file) {
        return install.resolve("share/huggingnersc/examples/iris").resolve(file).toString();
    }

    @Test
    void catalogsTheIrisExampleAgainstTheEmbeddedHub() throws Exception {
        Path iris = install.resolve("share/huggingnersc/examples/iris");
        Map<String, String> env = userEnv("iris");
        List<String> command =
                new ArrayList<>(List.of(install.resolve("bin/huggingnersc").toString()));
        command.addAll(Training.catalogIris(iris));
        Result r = run(elsewhere, env, command.toArray(String[]::new));
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("/datasets/NERSC/iris");
        Path home = Path.of(env.get("HUGGINGNERSC_HOME"));
        assertThat(home.resolve("catalog/iris/iris_info.json")).isRegularFile();
        assertThat(home.resolve("hub")).isDirectory();
        assertThat(snapshot(install)).as("nothing written into the install").isEqualTo(before);
    }

    @Test
    void theCompletionScriptLoadsInBash() throws Exception {
        Path script = install.resolve("share/bash-completion/completions/huggingnersc");
        Result r = run(
                elsewhere,
                userEnv("bash"),
                "bash",
                "-c",
                "source \"$1\" && complete -p huggingnersc",
                "bash",
                script.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("-F _complete_huggingnersc").contains("huggingnersc");
    }

    @Test
    void everyCommandHasAManPageThatManRenders() throws Exception {
        Path man1 = install.resolve("share/man/man1");
        assertThat(man1.resolve("huggingnersc.1")).isRegularFile();
        assertThat(man1.resolve("huggingnersc-catalog-new-dataset.1")).isRegularFile();
        assertThat(man1.resolve("huggingnersc-auth-login.1")).isRegularFile();
        assumeTrue(onPath("man"), "man is not installed (CI installs man-db)");
        Map<String, String> env = userEnv("man");
        env.put("MANPAGER", "cat");
        env.put("MANWIDTH", "100");
        Result r = run(
                elsewhere,
                env,
                "man",
                "-l",
                man1.resolve("huggingnersc-catalog-new-dataset.1").toString());
        assertThat(r.code()).as(r.toString()).isZero();
        String text = r.out().replaceAll(".\b", "");
        assertThat(text)
                .contains("NAME", "SYNOPSIS", "OPTIONS", "NICKNAME", "--data-path", "huggingnersc-catalog-new-dataset");
        assertThat(r.err()).as("troff warnings").doesNotContain("warning");
    }

    @Test
    void everyBundledLibraryIsInTheThirdPartyList() throws IOException {
        String list = Files.readString(install.resolve("share/licenses/THIRD-PARTY.md"));
        assertThat(install.resolve("LICENSE")).content().contains("Apache License");
        List<String> missing = new ArrayList<>();
        try (Stream<Path> jars = Files.list(install.resolve("lib"))) {
            for (Path jar : jars.toList()) {
                String name = jar.getFileName()
                        .toString()
                        .replaceFirst("-\\d[^-]*(-r)?\\.jar$", "")
                        .replaceFirst("\\.jar$", "");
                if (!name.equals("huggingnersc") && !list.contains(name)) {
                    missing.add(jar.getFileName() + " (as '" + name + "')");
                }
            }
        }
        assertThat(missing)
                .as("add them, with their licence, to src/main/dist/share/licenses/THIRD-PARTY.md")
                .isEmpty();
    }

    @Test
    void withoutJava17TheLauncherSaysWhatItFoundAndWhatToDo() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("nojava-bin"));
        for (String tool : List.of("dirname", "readlink", "sed", "cksum", "cut", "mkdir", "mv", "rm", "cat")) {
            executable(bin.resolve(tool), "#!/bin/sh\nexec " + which(tool) + " \"$@\"\n");
        }
        Map<String, String> env = userEnv("nojava");
        env.put("PATH", bin.toString());
        env.remove("JAVA_HOME");
        Result none = run(
                elsewhere, env, "/bin/sh", install.resolve("bin/huggingnersc").toString(), "--version");
        assertThat(none.code()).as(none.toString()).isEqualTo(1);
        assertThat(none.err()).contains("needs Java 17 or newer", "no java is on PATH", "JAVA_HOME");

        Path old = executable(bin.resolve("java"), "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
        env.put("JAVA_HOME", tmp.resolve("no-such-jdk").toString());
        Result tooOld = run(
                elsewhere, env, "/bin/sh", install.resolve("bin/huggingnersc").toString(), "--version");
        assertThat(tooOld.code()).as(tooOld.toString()).isEqualTo(1);
        assertThat(tooOld.err()).contains("Java 11 at " + old + " (PATH)", "has no bin/java", "JAVA_HOME");
    }

    private static Path executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private Map<String, String> userEnv(String name) throws IOException {
        Path user = Files.createDirectories(tmp.resolve(name));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", user.resolve("home").toString());
        env.put("XDG_CACHE_HOME", user.resolve("cache").toString());
        env.put("HUGGINGNERSC_HOME", user.resolve("huggingnersc").toString());
        env.put("HF_HOME", user.resolve("hf").toString());
        return env;
    }

    private static void readOnly(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                boolean exec = Files.isDirectory(p) || Files.isExecutable(p);
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(exec ? "r-xr-xr-x" : "r--r--r--"));
            }
        }
    }

    /** Every path under {@code root} with its size and modification time folded into one number. */
    private static Map<String, Long> snapshot(Path root) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                files.put(
                        root.relativize(p).toString(),
                        Files.size(p) * 31 + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return files;
    }

    private static boolean onPath(String tool) {
        return which(tool) != null;
    }

    private static Path which(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private record Result(int code, String out, String err) {}

    private static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        int code = pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start()
                .waitFor();
        return new Result(
                code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
