package gov.nersc.huggingnersc.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The floors of a command's start (bench/startup): {@code plain} prints a line from {@code main}, on
 * the tool's class path and class-data-sharing archive, so it costs the JVM and the class path alone;
 * any other arguments go to a picocli command with two options, which adds picocli's least: its model
 * built from annotations, a parse and a call. Nothing of HuggingNERSC runs.
 */
@Command(name = "start-floor", mixinStandardHelpOptions = true)
public final class StartFloor implements Callable<Integer> {
    @Option(names = "--name", description = "A name to print.")
    String name = "world";

    @Option(names = "--loud", description = "Print in capitals.")
    boolean loud;

    @Override
    public Integer call() {
        String line = "hello " + name;
        System.out.println(loud ? line.toUpperCase(java.util.Locale.ROOT) : line);
        return 0;
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("plain")) {
            System.out.println("hello world");
            return;
        }
        System.exit(new CommandLine(new StartFloor()).execute(args));
    }
}
