package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HuggingNerscTools;
import gov.nersc.huggingnersc.api.Settings;
import gov.nersc.huggingnersc.api.Version;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code huggingnersc} command. Holds the global options (accepted before or after the command
 * name), the process environment, and maps exceptions to exit codes in one place.
 */
@Command(
        name = "huggingnersc",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"Catalog NERSC datasets on the Hugging Face Hub and link them to where their bytes live.", ""},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  ok",
            "  1  failed (network, Hub, file system); running again may succeed",
            "  2  invalid input (usage, validation); nothing was written",
            "  3  conflict (the entry or the repo holds something else)",
            "",
            "Environment: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HF_TOKEN_PATH, HF_HOME (else XDG_CACHE_HOME/huggingface),",
            "HF_ENDPOINT, HUGGINGNERSC_ORG, HUGGINGNERSC_CATALOG_ROOT, HUGGINGNERSC_HOME, HUGGINGNERSC_CONFIG,",
            "HUGGINGNERSC_JUPYTER_URL_PREFIX, HUGGINGNERSC_PORTAL_URL, HUGGINGNERSC_GLOBUS_COLLECTION,",
            "HUGGINGNERSC_ALLOW_INSECURE_TOKEN=1 (send the token over plain http to another host; off by default)."
        })
public final class Main implements Callable<Integer> {
    /**
     * The commands, in the order {@code --help} lists them. A run builds only the one it names (picocli
     * reads every option of every command it is given, which is most of the start-up time); {@code
     * --help}, {@code help} and an unknown name get them all.
     */
    static final List<Class<?>> COMMANDS = List.of(
            CommandLine.HelpCommand.class,
            ValidateMetadataCommand.class,
            AuthCommand.class,
            LoginCommand.class,
            WhoamiCommand.class,
            CatalogNewDatasetCommand.class,
            UploadDatasetCommand.class,
            InspectDatasetCommand.class,
            UpdateDatasetCommand.class,
            ListDatasetsCommand.class,
            PreviewCommand.class,
            HubCommand.class,
            ScanCommand.class,
            ManifestCommand.class,
            VerifyCommand.class,
            UploadDataCommand.class);

    /** The global options that take a value (the word after them is not a command name). */
    private static final Set<String> VALUE_OPTIONS =
            Set.of("--catalog-root", "--org", "--endpoint", "--config", "--format");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--catalog-root",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "Catalog root (default: HUGGINGNERSC_CATALOG_ROOT, the config file, "
                    + "/global/cfs/cdirs/dasrepo/ai_ready_datasets at NERSC, else $HUGGINGNERSC_HOME/catalog).")
    Path catalogRoot;

    @Option(
            names = "--org",
            paramLabel = "ORG",
            scope = ScopeType.INHERIT,
            description = "Hub organization of the dataset repos (default: HUGGINGNERSC_ORG, else NERSC).")
    String org;

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description =
                    "Hub endpoint: https://huggingface.co, http://HOST:PORT of a hub serve, or file:DIR "
                            + "for the embedded local hub (default: HF_ENDPOINT, the config file, huggingface.co when a "
                            + "token for it is found (a first publish there needs it given), else file:$HUGGINGNERSC_HOME/hub).")
    String endpoint;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Config file (default: HUGGINGNERSC_CONFIG, else ~/.config/huggingnersc/config.toml).")
    Path config;

    @Option(
            names = "--json",
            scope = ScopeType.INHERIT,
            description =
                    "Print JSON for tools instead of text; errors too, as {\"error\": ..., \"exit\": N} on stdout.")
    boolean json;

    /** What {@code --format} takes; {@code json} is {@code --json}. */
    enum Format {
        text,
        json
    }

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            scope = ScopeType.INHERIT,
            description = "Output format: text (the default) or json (the same as --json).")
    Format format;

    @Option(
            names = {"-q", "--quiet"},
            scope = ScopeType.INHERIT,
            description = "Print only errors and the result: the Hub URL, or the path (list-datasets: the names); "
                    + "no progress, notices or warnings.")
    boolean quiet;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Print more detail (each retry of a Hub request), and stack traces on errors.")
    boolean verbose;

    private final Map<String, String> env;
    private final InputStream in;
    private Settings settings;

    Main(Map<String, String> env, InputStream in) {
        this.env = env;
        this.in = in;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(System.getenv(), System.in, out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the CLI in-process, as a test or an embedding program would.
     *
     * @return the exit code
     */
    public static int run(Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err, String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // what picocli prints, without building its model: that is most of a start (BENCHMARKS.md)
            versionLines().forEach(out::println);
            out.flush();
            return 0;
        }
        Main main = new Main(env, in);
        CommandLine cl = commandLine(main, args);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /**
     * The command tree around {@code main} for a run with these arguments: the tool and the commands
     * it may need. Without arguments, every command: the tree as man pages and completion describe it.
     */
    static CommandLine commandLine(Main main, String... args) {
        CommandLine cl = new CommandLine(main);
        Optional<String> named = commandNamed(args);
        boolean versionOnly =
                named.isEmpty() && Arrays.stream(args).anyMatch(a -> a.equals("-V") || a.equals("--version"));
        for (Class<?> command : COMMANDS) {
            if (!versionOnly && (named.isEmpty() || named.get().equals(nameOf(command)))) {
                cl.addSubcommand(command);
            }
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        ErrorReport errors = new ErrorReport(main);
        cl.setParameterExceptionHandler(errors::usageError);
        cl.setExecutionExceptionHandler(errors::failure);
        giveVersion(cl);
        return cl;
    }

    /**
     * The name a command class answers to, from its simple name ({@code InspectDatasetCommand}:
     * {@code inspect-dataset}), so that choosing the command reads no annotation (picocli reads those
     * of the one chosen). {@code MainTest} holds every command's {@code @Command} name to it.
     */
    static String nameOf(Class<?> command) {
        String simple = command.getSimpleName().replaceFirst("Command$", "");
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                name.append('-');
            }
            name.append(Character.toLowerCase(c));
        }
        return name.toString();
    }

    /** The command the arguments name, when it is one of ours other than help; empty otherwise. */
    private static Optional<String> commandNamed(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return Optional.empty();
            }
            if (!a.startsWith("-")) {
                boolean ours = !a.equals("help")
                        && COMMANDS.stream().anyMatch(c -> nameOf(c).equals(a));
                return ours ? Optional.of(a) : Optional.empty();
            }
            if (VALUE_OPTIONS.contains(a)) {
                i++; // its value
            }
        }
        return Optional.empty();
    }

    /** Every command's -V/--version prints the tool's version, not nothing. */
    private static void giveVersion(CommandLine cl) {
        cl.getCommandSpec().versionProvider(new VersionProvider());
        cl.getSubcommands().values().forEach(Main::giveVersion);
    }

    @Option(
            names = "--install-completion",
            paramLabel = "SHELL",
            arity = "0..1",
            fallbackValue = "auto",
            description = "Install tab completion for bash or zsh (default: the shell SHELL names) for this user, "
                    + "under XDG_DATA_HOME (else ~/.local/share), and say what to add to the shell's start-up file.")
    String installCompletion;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (installCompletion == null) {
            spec.commandLine().usage(out);
            return 0;
        }
        Completion.Installed installed = Completion.install(spec.commandLine(), installCompletion, env);
        if (json()) {
            out.println(BaseCommand.jsonText(installed.json()));
        } else {
            out.println("installed " + installed.shell() + " completion in " + installed.file());
            installed.instructions().forEach(out::println);
        }
        return 0;
    }

    /** The settings of this run, resolved once from flags, environment, config file and defaults. */
    public Settings settings() {
        if (settings == null) {
            settings = HuggingNerscTools.resolveSettings(endpoint, org, catalogRoot, config, env);
        }
        return settings;
    }

    public Map<String, String> env() {
        return env;
    }

    public InputStream in() {
        return in;
    }

    /** The organization given with --org on this command line (not from the environment or the config file). */
    Optional<String> orgGiven() {
        return Optional.ofNullable(org);
    }

    /** True with --json or --format json. */
    public boolean json() {
        return json || format == Format.json;
    }

    public boolean quiet() {
        return quiet;
    }

    public boolean verbose() {
        return verbose;
    }

    /** A last line of defence: no token value ever reaches the terminal, even inside a stack trace. */
    String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String name : new String[] {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"}) {
            String v = env.get(name);
            if (v != null && v.strip().length() >= 4) {
                out = out.replace(v.strip(), "<redacted>");
            }
        }
        if (settings != null && settings.token().isPresent()) {
            out = out.replace(settings.token().get().value(), "<redacted>");
        }
        return out;
    }

    /** {@code --version}: the tool's, the commit it was built from, and the JVM running it. */
    static List<String> versionLines() {
        return List.of(
                "huggingnersc " + Version.get(),
                "commit " + Version.commit(),
                "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.home") + ")");
    }

    /** Gives picocli {@link #versionLines()}: for {@code -V} after a command, or beside other options. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return versionLines().toArray(String[]::new);
        }
    }
}
