package gov.nersc.huggingnersc.cli;

import java.util.Locale;

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
        String digits = value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, digits + " %s", value, UNITS[unit]);
    }
}
