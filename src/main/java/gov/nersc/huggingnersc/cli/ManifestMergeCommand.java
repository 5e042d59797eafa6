package gov.nersc.huggingnersc.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code manifest merge NICKNAME}: joins the part files of a sharded run and records the digest. */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Join the part files that 'manifest NICKNAME --shard K/N' wrote (every K of one N) into the "
                    + "entry's manifest, record its root digest in the info JSON, and remove the parts.",
            ""
        })
public final class ManifestMergeCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "NICKNAME", description = "The entry's nickname.")
    String nickname;

    @Override
    public Integer call() {
        return ManifestCommand.report(this, api().mergeManifest(nickname), nickname);
    }
}
