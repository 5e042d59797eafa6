package gov.nersc.huggingnersc.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class MessageTextTest {
    @Test
    void countsNameTheirNounAndGroupTheirDigits() {
        assertThat(MessageText.count(1, "file")).isEqualTo("1 file");
        assertThat(MessageText.count(0, "file")).isEqualTo("0 files");
        assertThat(MessageText.count(12_345, "data file")).isEqualTo("12,345 data files");
        assertThat(MessageText.count(1_000_000, "file")).isEqualTo("1,000,000 files");
        assertThat(MessageText.count(-1234, "byte")).isEqualTo("-1,234 bytes");
    }

    /** The grouping is what {@code %,d} gives in the root locale, for every long. */
    @Test
    void groupsAsFormatGroups() {
        qt().forAll(longs().all()).checkAssert(n -> {
            assertThat(MessageText.grouped(n)).isEqualTo(String.format(Locale.ROOT, "%,d", n));
            assertThat(MessageText.grouped(n / 1000)).isEqualTo(String.format(Locale.ROOT, "%,d", n / 1000));
        });
        for (long n : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -999, -1000, 999, 1000, 100_000}) {
            assertThat(MessageText.grouped(n)).isEqualTo(String.format(Locale.ROOT, "%,d", n));
        }
    }
}
