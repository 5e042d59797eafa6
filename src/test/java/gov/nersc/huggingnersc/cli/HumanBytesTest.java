package gov.nersc.huggingnersc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class HumanBytesTest {
    @Test
    void sizesReadAsPeopleReadThem() {
        assertThat(HumanBytes.format(0)).isEqualTo("0 B");
        assertThat(HumanBytes.format(1023)).isEqualTo("1023 B");
        assertThat(HumanBytes.format(1024)).isEqualTo("1.00 KiB");
        assertThat(HumanBytes.format(3_862)).isEqualTo("3.77 KiB");
        assertThat(HumanBytes.format(15L << 20)).isEqualTo("15.0 MiB");
        assertThat(HumanBytes.format(1_610_612_736L)).isEqualTo("1.50 GiB");
        assertThat(HumanBytes.format(Long.MAX_VALUE)).isEqualTo("8.00 EiB");
    }

    /** The digits are those String.format gave before, rounding included, at every scale. */
    @Test
    void roundsAsFormatRounds() {
        qt().forAll(longs().between(1024, Long.MAX_VALUE), integers().between(0, 60))
                .checkAssert((n, shift) -> {
                    long bytes = Math.max(1024, n >>> shift);
                    assertThat(HumanBytes.format(bytes)).isEqualTo(formatted(bytes));
                });
    }

    private static String formatted(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String digits = value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, digits + " %s", value, units[unit]);
    }
}
