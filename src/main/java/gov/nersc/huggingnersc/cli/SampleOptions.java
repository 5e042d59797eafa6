package gov.nersc.huggingnersc.cli;

import gov.nersc.huggingnersc.HuggingNersc;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code --sample-size} and {@code --no-sample}: how much of the data goes into the repo's sample. */
final class SampleOptions {
    /** The largest sample: past it, put the data itself on the Hub with upload-data. */
    static final long MAX_BYTES = 1L << 30;

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]*)");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L),
            Map.entry("b", 1L),
            Map.entry("k", 1_000L),
            Map.entry("kb", 1_000L),
            Map.entry("kib", 1L << 10),
            Map.entry("m", 1_000_000L),
            Map.entry("mb", 1_000_000L),
            Map.entry("mib", 1L << 20),
            Map.entry("g", 1_000_000_000L),
            Map.entry("gb", 1_000_000_000L),
            Map.entry("gib", 1L << 30));

    @Option(
            names = "--sample-size",
            paramLabel = "SIZE",
            description = "Put at most SIZE of the data into the Hub repo as a sample, its default config, so "
                    + "load_dataset and the viewer show real rows (default: 10MiB; e.g. 500KB, 50MiB; at most 1GiB).")
    String sampleSize;

    @Option(names = "--no-sample", description = "Put no data into the Hub repo (the card still loads it from NERSC).")
    boolean noSample;

    /** The API with the sample budget asked for, or as it is when none was. */
    HuggingNersc apply(HuggingNersc api) {
        if (noSample && sampleSize != null) {
            throw new InvalidInputException("--sample-size " + sampleSize + " and --no-sample: give one of them");
        }
        return noSample ? api.withSampleBudget(0) : sampleSize == null ? api : api.withSampleBudget(bytes(sampleSize));
    }

    static long bytes(String text) {
        Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        Long unit = m.matches() ? UNITS.get(m.group(2)) : null;
        if (unit == null) {
            throw new InvalidInputException("--sample-size '" + text + "': not a size; allowed: a number of bytes with "
                    + "an optional unit (KB, MB, GB, KiB, MiB, GiB), e.g. 10MiB");
        }
        double bytes = Double.parseDouble(m.group(1)) * unit;
        if (bytes > MAX_BYTES) {
            throw new InvalidInputException("--sample-size '" + text + "': over 1GiB, the largest sample; put the data "
                    + "itself on the Hub with 'huggingnersc upload-data'");
        }
        return (long) bytes;
    }
}
