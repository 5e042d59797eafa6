package gov.nersc.huggingnersc.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gov.nersc.huggingnersc.api.SlurmJob;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmArrayScriptTest {

    @Test
    void aJobArrayOfShardsThatSubmitsItsOwnMerge() {
        String s = Manifest.slurmScript("cosmo-flow", 16, SlurmJob.defaults());

        assertThat(s).startsWith("#!/bin/bash\n");
        assertThat(s.lines())
                .contains(
                        "#SBATCH -A <account>   # replace with your NERSC project, e.g. m1234",
                        "#SBATCH -q regular",
                        "#SBATCH -C cpu",
                        "#SBATCH -N 1",
                        "#SBATCH -t 02:00:00",
                        "#SBATCH --signal=B:TERM@120",
                        "#SBATCH --array=0-15",
                        "#SBATCH -o manifest-cosmo-flow-%A_%a.out",
                        "huggingnersc manifest cosmo-flow --shard $((SLURM_ARRAY_TASK_ID+1))/16 --quiet &",
                        "  if ! sbatch --parsable -J manifest-cosmo-flow-merge -A \"${SLURM_JOB_ACCOUNT}\" -q shared -C cpu -c 1 "
                                + "-t 00:10:00 \\",
                        "    --dependency=afterok:${SLURM_ARRAY_JOB_ID} --kill-on-invalid-dep=yes "
                                + "-o manifest-cosmo-flow-merge-%j.out \\",
                        "    --wrap \"huggingnersc manifest merge cosmo-flow --quiet\"; then");
        // task 0 submits the merge only once its own shard is saved: after waiting for it
        assertThat(s.indexOf("if ! sbatch")).isGreaterThan(s.indexOf("wait \"$pid\""));
        // the merge is submitted once, by task 0, and every #SBATCH line precedes the first command
        assertThat(s)
                .containsOnlyOnce(
                        "if [[ \"${SLURM_ARRAY_TASK_ID}\" == 0 && -z \"${HUGGINGNERSC_MERGE_SUBMITTED:-}\" ]]; then");
        int lastDirective = s.lastIndexOf("#SBATCH");
        assertThat(s.indexOf("set -euo pipefail")).isGreaterThan(lastDirective);
    }

    @Test
    void optionsReachTheDirectivesAndEveryCommand() {
        SlurmJob o = SlurmJob.defaults()
                .withAccount("m1234")
                .withQos("debug")
                .withTimeLimit("00:30:00")
                .withCommand("/global/common/software/m1234/huggingnersc")
                .withGlobalArgs(List.of("--catalog-root", "/global/cfs/cdirs/m1234/my catalog"));
        String s = Manifest.slurmScript("iris", 1, o);

        assertThat(s.lines())
                .contains(
                        "#SBATCH -A m1234",
                        "#SBATCH -q debug",
                        "#SBATCH -t 00:30:00",
                        "#SBATCH --array=0-0",
                        "/global/common/software/m1234/huggingnersc --catalog-root '/global/cfs/cdirs/m1234/my catalog'"
                                + " manifest iris --shard $((SLURM_ARRAY_TASK_ID+1))/1 --quiet &");
        assertThat(s)
                .contains("--wrap \"/global/common/software/m1234/huggingnersc --catalog-root "
                        + "'/global/cfs/cdirs/m1234/my catalog' manifest merge iris --quiet\"");
    }

    @Test
    void theSharedQueueGetsCpusMemoryThreadsAndAHeapThatMatch() {
        String s = SlurmArrayScript.render("iris", 4, SlurmJob.defaults().withQos("shared"), 1001);

        assertThat(s.lines())
                .contains(
                        "#SBATCH -q shared",
                        "#SBATCH -c 8",
                        "#SBATCH --mem=14G",
                        "export JAVA_TOOL_OPTIONS=\"-Xmx8g ${JAVA_TOOL_OPTIONS:-}\"",
                        "huggingnersc manifest iris --shard $((SLURM_ARRAY_TASK_ID+1))/4 --threads 8 --quiet &");
        assertThat(s.lines()).doesNotContain("#SBATCH -N 1");
    }

    @Test
    void queueLimitsAreCheckedBeforeSbatchSeesTheScript() {
        SlurmJob debug = SlurmJob.defaults().withQos("debug");
        assertThat(SlurmArrayScript.render("iris", 2, debug.withTimeLimit("30:00"), 1001))
                .contains("#SBATCH -t 30:00");
        for (String over : new String[] {"00:30:01", "31", "1-00", "02:00:00"}) {
            assertThatThrownBy(() -> SlurmArrayScript.render("iris", 2, debug.withTimeLimit(over), 1001))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("--time: " + over + " is over the debug QOS limit of 00:30:00");
        }
        assertThat(SlurmArrayScript.render("iris", 1001, SlurmJob.defaults(), 1001))
                .contains("#SBATCH --array=0-1000");
        assertThatThrownBy(() -> SlurmArrayScript.render("iris", 1002, SlurmJob.defaults(), 1001))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--tasks: 1002 is not allowed; give 1 to 1001")
                .hasMessageContaining("MaxArraySize is 1001");
        assertThat(SlurmArrayScript.render("iris", 1500, SlurmJob.defaults(), 5000))
                .contains("#SBATCH --array=0-1499");
    }

    /** A task runs a fixed jar, checked first: a missing jar fails the task at once, in one line. */
    @Test
    void aFixedJarIsCheckedBeforeAnythingRuns(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("gone/huggingnersc.jar");
        SlurmJob o = SlurmJob.defaults().withCommand("java").withGlobalArgs(List.of("-jar", jar.toString()));
        String s = SlurmArrayScript.render("iris", 2, o, 1001);
        assertThat(s).contains("java -jar " + jar + " manifest iris --shard").contains("-ge 17 ]]");
        Path script = Files.writeString(tmp.resolve("job.sh"), s);

        ProcessBuilder pb = new ProcessBuilder("bash", script.toString())
                .redirectOutput(tmp.resolve("out").toFile())
                .redirectError(tmp.resolve("err").toFile());
        pb.environment().put("SLURM_ARRAY_TASK_ID", "0");
        int rc = pb.start().waitFor();

        assertThat(rc).isEqualTo(1);
        assertThat(Files.readAllLines(tmp.resolve("err")))
                .singleElement()
                .asString()
                .endsWith(": " + jar + " is missing; build or install the tool on a login node, then resubmit");
    }

    @Test
    void aModuleIsLoadedAndItsCommandChecked() {
        String s = SlurmArrayScript.render("iris", 2, SlurmJob.defaults().withModule("huggingnersc/1.4.0"), 1001);
        assertThat(s.lines()).contains("module load huggingnersc/1.4.0");
        assertThat(s).contains("command -v huggingnersc >/dev/null || ");
        assertThatThrownBy(() ->
                        SlurmArrayScript.render("iris", 2, SlurmJob.defaults().withModule("a b"), 1001))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--module: 'a b'");
    }

    @Test
    void refusesWhatCannotGoSafelyIntoAScript() {
        assertThatThrownBy(() -> Manifest.slurmScript("x; rm -rf ~", 4, SlurmJob.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nickname 'x; rm -rf ~'");
        assertThatThrownBy(() -> Manifest.slurmScript("iris", 0, SlurmJob.defaults()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--tasks: 0");
        assertThatThrownBy(() ->
                        Manifest.slurmScript("iris", 2, SlurmJob.defaults().withTimeLimit("two hours")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--time: 'two hours'");
    }
}
