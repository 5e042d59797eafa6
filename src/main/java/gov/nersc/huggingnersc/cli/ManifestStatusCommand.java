package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.api.ShardProgress;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code manifest status NICKNAME}: which shards of a sharded run are done, and how to run the rest. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
            "Show which shards of a sharded manifest run are done, saved part-way (a stopped task) or missing, "
                    + "and the sbatch line that runs only those left. Exit 0 when every shard is done or the "
                    + "manifest is merged, 1 otherwise.",
            "With --json: {nickname, shards, done, partial, missing, merged, tasks_left}.",
            ""
        })
public final class ManifestStatusCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "NICKNAME", description = "The entry's nickname.")
    String nickname;

    @Override
    public Integer call() {
        ShardProgress p = api().manifestProgress(nickname);
        boolean finished = p.tasksLeft().isEmpty() && (p.count() > 0 || p.merged());
        if (root().json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nickname", nickname);
            m.put("shards", p.count());
            m.put("done", p.done());
            m.put("partial", p.partial());
            m.put("missing", p.missing());
            m.put("merged", p.merged());
            m.put("tasks_left", p.tasksLeft());
            printJson(m);
            out().flush();
            return finished ? 0 : 1;
        }
        if (p.count() == 0) {
            out().println(
                            p.merged()
                                    ? nickname + ": merged; no shards left over"
                                    : nickname + ": no part files; run 'manifest " + nickname
                                            + " --shard K/N' or a slurm-script");
            out().flush();
            return finished ? 0 : 1;
        }
        out().println(nickname + ": " + p.count() + " shards: " + p.done().size() + " done, "
                + p.partial().size() + " partial " + p.partial() + ", "
                + p.missing().size() + " missing " + p.missing());
        if (!p.tasksLeft().isEmpty()) {
            out().println("run the rest: sbatch --array=" + p.tasksLeft() + " manifest-" + nickname + ".sh");
        } else {
            out().println("all done: huggingnersc manifest merge " + nickname);
        }
        out().flush();
        return finished ? 0 : 1;
    }
}
