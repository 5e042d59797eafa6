package gov.nersc.huggingnersc.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Sizes as people read them: binary units, three significant digits ("1.50 GiB", "512 B"). */
final class HumanBytes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private HumanBytes() {}

    static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        int decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
        // what String.format's %.Nf gives, without its Formatter and locale data (a short command's start)
        return BigDecimal.valueOf(value)
                        .setScale(decimals, RoundingMode.HALF_UP)
                        .toPlainString() + " " + UNITS[unit];
    }
}
