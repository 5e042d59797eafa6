package gov.nersc.huggingnersc.croissant;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The data file formats a Croissant document can name, by file extension and by metadata tag. */
final class FileFormats {
    static final String OCTET_STREAM = "application/octet-stream";

    /**
     * One format.
     *
     * @param extension the file extension a FileSet's glob matches ({@code *} for any file)
     * @param mediaType the MIME type Croissant's {@code encodingFormat} takes
     */
    record Format(String extension, String mediaType) {}

    // tag or extension → canonical extension and media type (the types mlcroissant reads where it has one)
    private static final Map<String, Format> KNOWN = Map.ofEntries(
            Map.entry("csv", new Format("csv", "text/csv")),
            Map.entry("tsv", new Format("tsv", "text/tab-separated-values")),
            Map.entry("txt", new Format("txt", "text/plain")),
            Map.entry("json", new Format("json", "application/json")),
            Map.entry("jsonl", new Format("jsonl", "application/jsonlines")),
            Map.entry("parquet", new Format("parquet", "application/x-parquet")),
            Map.entry("hdf5", new Format("h5", "application/x-hdf5")),
            Map.entry("h5", new Format("h5", "application/x-hdf5")),
            Map.entry("hdf", new Format("h5", "application/x-hdf5")),
            Map.entry("netcdf", new Format("nc", "application/x-netcdf")),
            Map.entry("nc", new Format("nc", "application/x-netcdf")),
            Map.entry("zarr", new Format("zarr", "application/x-zarr")),
            Map.entry("npy", new Format("npy", "application/x-npy")),
            Map.entry("npz", new Format("npz", "application/x-npz")),
            Map.entry("root", new Format("root", "application/x-root")),
            Map.entry("fits", new Format("fits", "application/fits")),
            Map.entry("tfrecord", new Format("tfrecord", "application/x-tfrecord")),
            Map.entry("png", new Format("png", "image/png")),
            Map.entry("jpeg", new Format("jpg", "image/jpeg")),
            Map.entry("jpg", new Format("jpg", "image/jpeg")),
            Map.entry("tiff", new Format("tif", "image/tiff")),
            Map.entry("tif", new Format("tif", "image/tiff")),
            Map.entry("zip", new Format("zip", "application/zip")),
            Map.entry("tar", new Format("tar", "application/x-tar")),
            Map.entry("gz", new Format("gz", "application/gzip")));

    private FileFormats() {}

    /** The format a metadata tag names ("csv", "HDF5"), if it names one. */
    static Optional<Format> byTag(String tag) {
        return Optional.ofNullable(KNOWN.get(tag.strip().toLowerCase(Locale.ROOT)));
    }

    /** The media type of a file, by its extension. */
    static Optional<String> byExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : byTag(fileName.substring(dot + 1)).map(Format::mediaType);
    }
}
