package gov.nersc.huggingnersc.layout;

import java.util.Objects;
import java.util.Optional;

/**
 * One file of a dataset's data, as its inventory ({@code nersc_files.csv}) lists it.
 *
 * @param path relative to the data path, {@code /}-separated (the file's name for a one-file data path)
 * @param split the split it belongs to ({@code train}, {@code validation}, {@code test}), or {@code ""}
 * @param format the format {@code datasets} reads it as, if any
 * @param size bytes
 * @param sha256 its SHA-256, when known (from the manifest, or hashed for small data)
 * @param url its public URL, when the data is public
 * @param nerscPath its absolute path at NERSC
 * @param sampleBytes how many of its bytes the repo's sample holds: 0 (none), {@code size} (whole),
 *     or fewer (the whole lines from its start)
 */
public record DataFile(
        String path,
        String split,
        Optional<DataFormat> format,
        long size,
        Optional<String> sha256,
        Optional<String> url,
        String nerscPath,
        long sampleBytes) {

    /** The path of the one row of an inventory whose files were not listed: the data as a whole. */
    public static final String WHOLE = ".";

    /** Where the repo's sample keeps its copy. */
    public static final String SAMPLE_FOLDER = "sample/";

    public DataFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(nerscPath, "nerscPath");
        if (sampleBytes < 0 || sampleBytes > size) {
            throw new IllegalArgumentException("sample bytes " + sampleBytes + " of a file of " + size);
        }
    }

    /** True when {@code datasets} reads it and it belongs to a split: it goes into a config. */
    public boolean loadable() {
        return format.isPresent() && !split.isEmpty();
    }

    /** True when the sample holds (part of) it. */
    public boolean sampled() {
        return sampleBytes > 0;
    }

    /** The path of its copy in the repo's sample. */
    public String samplePath() {
        return SAMPLE_FOLDER + path;
    }

    /** This file with {@code bytes} of it in the sample. */
    public DataFile withSample(long bytes) {
        return new DataFile(path, split, format, size, sha256, url, nerscPath, bytes);
    }
}
