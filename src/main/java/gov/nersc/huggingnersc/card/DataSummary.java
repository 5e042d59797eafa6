package gov.nersc.huggingnersc.card;

import java.util.List;

/**
 * What a scan of the data found.
 *
 * @param files how many files
 * @param bytes their total size
 * @param formats file formats seen (e.g. {@code csv}, {@code hdf5}), in the order to show
 */
public record DataSummary(long files, long bytes, List<String> formats) {
    public DataSummary {
        formats = List.copyOf(formats);
    }

    /** The size for people: {@code 4.4 KiB}, {@code 1.2 TiB}; exact bytes below 1 KiB. */
    public String humanSize() {
        return human(bytes);
    }

    /** Bytes in binary units: {@code 3.8 KiB}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
