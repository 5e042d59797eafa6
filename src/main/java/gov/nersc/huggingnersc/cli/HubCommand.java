package gov.nersc.huggingnersc.cli;

import picocli.CommandLine.Command;

/** {@code huggingnersc hub}: run a Hub-compatible server of your own. */
@Command(
        name = "hub",
        mixinStandardHelpOptions = true,
        description = "Run the local hub, a Hugging Face Hub-compatible server for dataset repos.",
        subcommands = {HubServeCommand.class})
public final class HubCommand extends BaseCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ExitCodes.OK;
    }
}
