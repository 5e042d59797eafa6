package gov.nersc.huggingnersc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TextDiffTest {
    @Test
    void equalTextsHaveNoDiff() {
        assertThat(TextDiff.unified("README.md", Optional.of("a\nb\n"), Optional.of("a\nb\n")))
                .isEmpty();
    }

    @Test
    void aChangedLineIsOneHunkWithThreeLinesOfContext() {
        String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        String after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assertThat(TextDiff.unified("x.txt", Optional.of(before), Optional.of(after)))
                .isEqualTo("""
        --- a/x.txt
        +++ b/x.txt
        @@ -2,7 +2,7 @@
         2
         3
         4
        -5
        +five
         6
         7
         8
        """);
    }

    @Test
    void anAddedFileComesFromDevNullAndADeletedOneGoesThere() {
        assertThat(TextDiff.unified("new.py", Optional.empty(), Optional.of("a\nb\n")))
                .isEqualTo("""
        --- /dev/null
        +++ b/new.py
        @@ -0,0 +1,2 @@
        +a
        +b
        """);
        assertThat(TextDiff.unified("old.py", Optional.of("a\n"), Optional.empty()))
                .isEqualTo("""
        --- a/old.py
        +++ /dev/null
        @@ -1,1 +0,0 @@
        -a
        """);
    }

    @Test
    void aMissingFinalLineBreakIsShownAsGitDoes() {
        assertThat(TextDiff.unified("x", Optional.of("a"), Optional.of("a\n"))).isEqualTo("""
        --- a/x
        +++ b/x
        @@ -1,1 +1,1 @@
        -a
        \\ No newline at end of file
        +a
        """);
    }
}
