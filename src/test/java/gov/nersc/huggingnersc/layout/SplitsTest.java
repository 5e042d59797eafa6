package gov.nersc.huggingnersc.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplitsTest {
    @Test
    void splitFoldersNameTheSplitAndFilesOutsideThemBelongToNone() {
        assertThat(Splits.of(List.of(
                        "train/a.h5",
                        "valid/b.h5",
                        "dev/c.h5",
                        "test/d.h5",
                        "README.txt",
                        "v1/training-2/e.h5",
                        "x/eval_set/f.h5")))
                .containsExactly("train", "validation", "validation", "test", "", "train", "test");
    }

    @Test
    void fileNamesNameTheSplitWhenNoFolderDoes() {
        assertThat(Splits.of(List.of("train.csv", "iris_test.csv", "data-val-00.csv", "notes.csv")))
                .containsExactly("train", "test", "validation", "");
    }

    @Test
    void keywordsInsideWordsDoNotCountAndDataThatNamesNoSplitIsTrain() {
        assertThat(Splits.of(List.of("contest/a.csv", "trainers.csv", "latest.csv")))
                .containsExactly("train", "train", "train");
    }
}
