package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's training run still runs every command it names, so their classes get archived. */
class TrainingTest {
    @TempDir
    Path home;

    @Test
    void everyCommandOfTheTrainingRunSucceedsInItsOwnHome() {
        assertThat(Training.train(Path.of("examples/iris").toAbsolutePath(), home))
                .as("commands of the training run that failed")
                .isZero();
        assertThat(home.resolve("huggingnersc/catalog/iris/iris_info.json"))
                .as("cataloged in the training's own home")
                .isRegularFile();
    }
}
