package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nersc.huggingnersc.DatasetFixtures;
import gov.nersc.huggingnersc.HubConnection;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.config.SettingsResolver;
import gov.nersc.huggingnersc.localhub.HubIntegrity;
import gov.nersc.huggingnersc.localhub.LocalHub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A recognisable token, given in HF_TOKEN or in the token file, never appears in what any command
 * prints (stdout, stderr, {@code -v} stack traces, what reaches System.out and System.err), in the
 * catalog, or anywhere in a hub's folder, git objects included; it goes only over https or to this
 * machine unless the user allows otherwise; and {@code login} keeps it private on disk.
 */
class SecretsTest {
    static final String TOKEN = "hf_SECRETsecretSECRET1234567890";

    @TempDir
    Path home;
    // shared by the tests: a hub takes a second to stop
    @TempDir
    static Path hubs;

    static LocalHub remote;
    static LocalHub refusing;
    static com.sun.net.httpserver.HttpServer notAHub;
    static String wrong;
    static DatasetFixtures.Inputs iris;

    @BeforeAll
    static void start() throws IOException {
        remote = LocalHub.start(
                hubs.resolve("remote"), LocalHub.Options.defaults().withToken(TOKEN));
        refusing = LocalHub.start(
                hubs.resolve("refusing"), LocalHub.Options.defaults().withToken("hf_someoneElsesToken"));
        // a wrong endpoint: a web server that is no hub (a closed port would be retried for half a minute)
        notAHub = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 8);
        notAHub.createContext("/", ex -> {
            byte[] page = "<html>Not Found</html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(404, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        notAHub.start();
        wrong = "http://127.0.0.1:" + notAHub.getAddress().getPort();
        iris = DatasetFixtures.iris(hubs.resolve("inputs"));
    }

    @AfterAll
    static void stop() {
        remote.stop();
        refusing.stop();
        notAHub.stop(0);
    }

    /** Every command, succeeding and failing, against every kind of endpoint. */
    private List<String[]> commands() {
        String m = iris.metadata().toString();
        String[] catalog = {
            "catalog-new-dataset", "Iris", "iris", iris.loader().toString(), iris.data() + "/", "none", m
        };
        List<String[]> out = new ArrayList<>();
        // the embedded hub takes a second to stop, so it gets one command; it never sees the user's token
        out.add(new String[] {"--endpoint", "file:" + home.resolve("embedded"), "whoami"});
        for (String endpoint : List.of(remote.url(), wrong, refusing.url(), "http://192.0.2.1:9")) {
            out.add(new String[] {"--endpoint", endpoint, "whoami"});
            out.add(new String[] {"--endpoint", endpoint, "--json", "whoami"});
            out.add(new String[] {"--endpoint", endpoint, "login", "--token-stdin"});
            out.add(concat(new String[] {"--endpoint", endpoint}, catalog));
            out.add(concat(new String[] {"--endpoint", endpoint, "--json"}, catalog));
        }
        out.add(new String[] {"validate-metadata", m});
        out.add(new String[] {"validate-metadata", iris.loader().toString()});
        out.add(concat(catalog, new String[] {"--dry-run"}));
        out.add(new String[] {"catalog-new-dataset", "Iris", "iris", "/none.py", "/none/", "ftp://x", m});
        out.add(new String[] {"inspect-dataset", "iris"});
        out.add(new String[] {"--json", "inspect-dataset", "iris"});
        out.add(new String[] {"inspect-dataset", "irsi"});
        out.add(new String[] {"--config", home.resolve("none.toml").toString(), "whoami"});
        out.add(new String[] {"--version"});
        out.add(new String[] {"--help"});
        out.add(new String[] {"no-such-command"});
        return out;
    }

    @ParameterizedTest(name = "token in {0}")
    @ValueSource(strings = {"HF_TOKEN", "the token file", "HF_TOKEN_PATH"})
    void theTokenAppearsNowhere(String source) throws Exception {
        CliRunner cli = new CliRunner(home)
                .env("HUGGINGNERSC_CATALOG_ROOT", home.resolve("catalog").toString())
                .stdin(TOKEN + "\n");
        Path tokenFile = switch (source) {
            case "HF_TOKEN" -> {
                cli.env("HF_TOKEN", TOKEN);
                yield home.resolve(".hf/token");
            }
            case "HF_TOKEN_PATH" -> {
                cli.env("HF_TOKEN_PATH", home.resolve("secret/hf-token").toString());
                yield home.resolve("secret/hf-token");
            }
            default -> home.resolve(".hf/token");
        };
        if (!source.equals("HF_TOKEN")) {
            Files.createDirectories(tokenFile.getParent());
            Files.writeString(tokenFile, TOKEN + "\n");
        }
        List<String> leaks = new ArrayList<>();
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream stray = new ByteArrayOutputStream();
        System.setOut(new PrintStream(stray, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stray, true, StandardCharsets.UTF_8));
        int runs = 0;
        int failures = 0;
        try {
            for (String[] args : commands()) {
                for (boolean verbose : new boolean[] {false, true}) {
                    String[] all = verbose ? concat(new String[] {"-v"}, args) : args;
                    CliRunner.Result r = cli.run(all);
                    runs++;
                    failures += r.exitCode() == 0 ? 0 : 1;
                    if ((r.out() + r.err()).contains(TOKEN)) {
                        leaks.add(String.join(" ", all) + "\n" + r);
                    }
                }
            }
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        assertThat(leaks).as("runs that printed the token").isEmpty();
        assertThat(stray.toString(StandardCharsets.UTF_8))
                .as("what reached System.out and System.err")
                .doesNotContain(TOKEN);
        assertThat(failures)
                .as("failing runs were searched too")
                .isGreaterThan(10)
                .isLessThan(runs);
        // login saves the token for these hubs in HuggingNERSC's own store, never in huggingface.co's token file
        assertThat(filesHolding(home, tokenFile, home.resolve(".huggingnersc/tokens.json")))
                .as("files under HOME other than the token files")
                .isEmpty();
        for (Path hub : List.of(hubs.resolve("remote"), hubs.resolve("refusing"), home.resolve("embedded"))) {
            assertThat(filesHolding(hub)).as("files of %s", hub).isEmpty();
            assertThat(gitObjectsHolding(hub)).as("git objects of %s", hub).isEmpty();
        }
    }

    @Test
    void plainHttpToAnotherHostIsRefusedBeforeAnythingIsSent() {
        CliRunner.Result r =
                new CliRunner(home).env("HF_TOKEN", TOKEN).run("--endpoint", "http://192.0.2.1:9", "whoami");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .contains("refusing to send the token from HF_TOKEN over plain http")
                .contains(SettingsResolver.ALLOW_INSECURE_TOKEN + "=1")
                .doesNotContain(TOKEN);
    }

    @Test
    void theUserCanAllowPlainHttpExplicitly() {
        Map<String, String> env =
                Map.of("HOME", home.toString(), "HF_TOKEN", TOKEN, SettingsResolver.ALLOW_INSECURE_TOKEN, "1");
        Settings settings =
                SettingsResolver.resolve(new SettingsResolver.Flags("http://192.0.2.1:9", null, null, null), env);

        assertThat(settings.allowInsecureToken()).isTrue();
        // building the connection is where the refusal happens; nothing is sent here
        try (HubConnection hub = HubConnection.open(settings)) {
            assertThat(hub.client().endpoint().toString()).isEqualTo("http://192.0.2.1:9");
        }
        CliRunner.Result typo = new CliRunner(home)
                .env("HF_TOKEN", TOKEN)
                .env(SettingsResolver.ALLOW_INSECURE_TOKEN, "yess")
                .run("--endpoint", "http://192.0.2.1:9", "whoami");
        assertThat(typo.exitCode()).as(typo.toString()).isEqualTo(2);
        assertThat(typo.err()).contains(SettingsResolver.ALLOW_INSECURE_TOKEN + "='yess'");
    }

    @Test
    void loginWritesTheTokenStore0600InAFolderItMakes0700() throws Exception {
        Path own = home.resolve("fresh/huggingnersc");
        CliRunner.Result r = new CliRunner(home)
                .env("HUGGINGNERSC_HOME", own.toString())
                .stdin(TOKEN + "\n")
                .run("--endpoint", remote.url(), "login", "--token-stdin");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readString(own.resolve("tokens.json"))).contains(TOKEN);
        assertThat(Files.getPosixFilePermissions(own.resolve("tokens.json")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(own)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    }

    @Test
    void loginReplacesAReadableTokenStoreInAnExistingFolderWithA0600OneAndKeepsOtherHubsTokens() throws Exception {
        Path own = Files.createDirectories(home.resolve("existing"));
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path store = Files.writeString(
                own.resolve("tokens.json"),
                "{\"http://127.0.0.1:1\": {\"active\": \"old\", \"tokens\": {\"old\": \"hf_oldToken\"}}}");
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rw-r--r--"));

        CliRunner.Result r = new CliRunner(home)
                .env("HUGGINGNERSC_HOME", own.toString())
                .stdin(TOKEN + "\n")
                .run("--endpoint", remote.url(), "login", "--token-stdin");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readString(store)).contains(TOKEN).contains("hf_oldToken");
        assertThat(Files.getPosixFilePermissions(store)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Stream<Path> files = Files.list(own)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary file is left")
                    .containsExactly("tokens.json");
        }
    }

    @Test
    void aRefusedTokenIsNotSaved() throws Exception {
        Path own = home.resolve("refused");
        CliRunner.Result r = new CliRunner(home)
                .env("HUGGINGNERSC_HOME", own.toString())
                .stdin(TOKEN + "\n")
                .run("--endpoint", refusing.url(), "login", "--token-stdin");

        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.err())
                .contains("refused this token")
                .contains("nothing was saved")
                .doesNotContain(TOKEN);
        assertThat(own.resolve("tokens.json")).doesNotExist();
        assertThat(home.resolve(".hf/token")).doesNotExist();
    }

    /** Files under {@code dir} whose bytes hold the token, except {@code allowed}. */
    private static List<Path> filesHolding(Path dir, Path... allowed) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        byte[] token = TOKEN.getBytes(StandardCharsets.UTF_8);
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                if (!List.of(allowed).contains(f) && indexOf(Files.readAllBytes(f), token) >= 0) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    /**
     * Git objects of every repo under a hub folder that hold the token: all objects with {@code git
     * cat-file --batch-all-objects} when git is installed (unreachable ones too), else every object
     * reachable from a ref, through JGit. Objects are compressed on disk, so the file search alone
     * would miss them.
     */
    private static List<String> gitObjectsHolding(Path hub) throws Exception {
        List<String> out = new ArrayList<>();
        byte[] token = TOKEN.getBytes(StandardCharsets.UTF_8);
        for (Path repo : HubIntegrity.repos(hub)) {
            if (HubIntegrity.hasGit()) {
                Process p = new ProcessBuilder("git", "cat-file", "--batch-all-objects", "--batch")
                        .directory(repo.toFile())
                        .redirectErrorStream(true)
                        .start();
                byte[] all = p.getInputStream().readAllBytes();
                assertThat(p.waitFor()).as("git cat-file in %s", repo).isZero();
                if (indexOf(all, token) >= 0) {
                    out.add(repo.toString());
                }
                continue;
            }
            try (Repository git =
                            new FileRepositoryBuilder().setGitDir(repo.toFile()).build();
                    ObjectWalk walk = new ObjectWalk(git)) {
                for (Ref ref : git.getRefDatabase().getRefs()) {
                    walk.markStart(walk.parseAny(ref.getObjectId()));
                }
                List<RevObject> objects = new ArrayList<>();
                for (RevObject o = walk.next(); o != null; o = walk.next()) {
                    objects.add(o);
                }
                for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
                    objects.add(o);
                }
                for (RevObject o : objects) {
                    ObjectLoader loader = git.open(o);
                    if (indexOf(loader.getCachedBytes(Integer.MAX_VALUE), token) >= 0) {
                        out.add(repo + " " + o.name());
                    }
                }
            }
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
