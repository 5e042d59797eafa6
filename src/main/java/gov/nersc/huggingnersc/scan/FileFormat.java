package gov.nersc.huggingnersc.scan;

import java.util.Locale;
import java.util.Optional;

/**
 * The formats a scan recognises, with the Hub tag each suggests. Binary formats are recognised by
 * their signature (magic bytes), whatever the file is called; text formats, which have no signature,
 * by their extension.
 */
public enum FileFormat {
    HDF5("hdf5", "hdf5"),
    /** NetCDF classic, 64-bit offset and CDF-5: {@code CDF\x01}, {@code \x02} or {@code \x05}. */
    NETCDF3("netcdf3", "netcdf"),
    /** NetCDF-4: an HDF5 file named {@code .nc} (or {@code .nc4}, {@code .netcdf}). */
    NETCDF4("netcdf4", "netcdf"),
    PARQUET("parquet", "parquet"),
    /** A Zarr store: a directory with {@code .zgroup}, {@code .zarray} or {@code zarr.json}; counted once. */
    ZARR("zarr", "zarr"),
    CSV("csv", "csv"),
    TSV("tsv", "tsv"),
    JSON("json", "json"),
    JSONL("jsonl", "json"),
    NUMPY("numpy", "numpy"),
    PNG("png", "image"),
    JPEG("jpeg", "image"),
    TIFF("tiff", "image"),
    GIF("gif", "image"),
    FITS("fits", "fits"),
    ROOT("root", "root"),
    TAR("tar", null),
    ZIP("zip", null),
    GZIP("gzip", null),
    /** Text and documentation: README, licences, notes, code. Not data for the size category. */
    TEXT("text", null),
    OTHER("other", null);

    private final String id;
    private final String tag;

    FileFormat(String id, String tag) {
        this.id = id;
        this.tag = tag;
    }

    /** The name used in summaries and JSON output, e.g. {@code "netcdf4"}. */
    public String id() {
        return id;
    }

    /** The Hub tag this format suggests, e.g. {@code "netcdf"}; empty for archives, text and others. */
    public Optional<String> hubTag() {
        return Optional.ofNullable(tag);
    }

    /** True for formats whose rows a scan can count exactly and cheaply. */
    boolean tabular() {
        return this == CSV || this == TSV || this == JSONL || this == PARQUET;
    }

    /** The lower-case extension of a file name ("" when it has none); {@code a.tar.gz} gives "gz". */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1
                ? ""
                : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** What the extension alone claims; {@link #OTHER} when it claims nothing known. */
    static FileFormat byExtension(String ext) {
        return switch (ext) {
            case "h5", "hdf5", "he5", "hdf", "h5ad" -> HDF5;
            case "nc", "nc4", "netcdf" -> NETCDF4;
            case "parquet", "pq" -> PARQUET;
            case "csv" -> CSV;
            case "tsv", "tab" -> TSV;
            case "json", "geojson" -> JSON;
            case "jsonl", "ndjson" -> JSONL;
            case "npy", "npz" -> NUMPY;
            case "png" -> PNG;
            case "jpg", "jpeg" -> JPEG;
            case "tif", "tiff" -> TIFF;
            case "gif" -> GIF;
            case "fits", "fit", "fts" -> FITS;
            case "root" -> ROOT;
            case "tar" -> TAR;
            case "zip" -> ZIP;
            case "gz", "tgz" -> GZIP;
            case "txt",
                    "md",
                    "rst",
                    "pdf",
                    "html",
                    "htm",
                    "py",
                    "ipynb",
                    "yaml",
                    "yml",
                    "toml",
                    "cfg",
                    "ini",
                    "sh",
                    "log",
                    "xml",
                    "license" -> TEXT;
            default -> OTHER;
        };
    }

    /** Formats that are only ever recognised by their extension, because they have no signature. */
    boolean textual() {
        return this == CSV || this == TSV || this == JSON || this == JSONL || this == TEXT;
    }
}
