package gov.nersc.huggingnersc.scan;

import gov.nersc.huggingnersc.api.SlurmJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlurmArrayScriptTest {

  @Test
  void aJobArrayOfShardsThatSubmitsItsOwnMerge() {
    String s = Manifest.slurmScript("cosmo-flow", 16, SlurmJob.defaults());

    assertThat(s).startsWith("#!/bin/bash\n");
    assertThat(s.lines()).contains(
        "#SBATCH -A <account>   # replace with your NERSC project, e.g. m1234",
        "#SBATCH -q regular",
        "#SBATCH -C cpu",
        "#SBATCH -N 1",
        "#SBATCH -t 02:00:00",
        "#SBATCH --array=0-15",
        "#SBATCH -o manifest-cosmo-flow-%A_%a.out",
        "huggingnersc manifest cosmo-flow --shard $((SLURM_ARRAY_TASK_ID+1))/16 --quiet",
        "    --dependency=afterok:${SLURM_ARRAY_JOB_ID} -o manifest-cosmo-flow-merge-%j.out \\",
        "    --wrap \"huggingnersc manifest merge cosmo-flow --quiet\"");
    // the merge is submitted once, by task 0, and every #SBATCH line precedes the first command
    assertThat(s).containsOnlyOnce("if [[ \"${SLURM_ARRAY_TASK_ID}\" == 0 ]]; then");
    int lastDirective = s.lastIndexOf("#SBATCH");
    assertThat(s.indexOf("set -euo pipefail")).isGreaterThan(lastDirective);
  }

  @Test
  void optionsReachTheDirectivesAndEveryCommand() {
    SlurmJob o = SlurmJob.defaults().withAccount("m1234").withQos("debug")
        .withTimeLimit("00:30:00").withCommand("/global/common/software/m1234/huggingnersc")
        .withGlobalArgs(List.of("--catalog-root", "/global/cfs/cdirs/m1234/my catalog"));
    String s = Manifest.slurmScript("iris", 1, o);

    assertThat(s.lines()).contains("#SBATCH -A m1234", "#SBATCH -q debug", "#SBATCH -t 00:30:00",
        "#SBATCH --array=0-0",
        "/global/common/software/m1234/huggingnersc --catalog-root '/global/cfs/cdirs/m1234/my catalog'"
            + " manifest iris --shard $((SLURM_ARRAY_TASK_ID+1))/1 --quiet");
    assertThat(s).contains("--wrap \"/global/common/software/m1234/huggingnersc --catalog-root "
        + "'/global/cfs/cdirs/m1234/my catalog' manifest merge iris --quiet\"");
  }

  @Test
  void refusesWhatCannotGoSafelyIntoAScript() {
    assertThatThrownBy(() -> Manifest.slurmScript("x; rm -rf ~", 4, SlurmJob.defaults()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("nickname 'x; rm -rf ~'");
    assertThatThrownBy(() -> Manifest.slurmScript("iris", 0, SlurmJob.defaults()))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("--tasks: 0");
    assertThatThrownBy(() -> Manifest.slurmScript("iris", 2,
        SlurmJob.defaults().withTimeLimit("two hours")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("--time: 'two hours'");
  }
}
