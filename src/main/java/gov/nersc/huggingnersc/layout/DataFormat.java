package gov.nersc.huggingnersc.layout;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The data formats that {@code datasets} (4.x, 5.x) reads, each with the packaged builder that
 * reads it: what a repo's configs group files by, and what the card's snippets name. Files of
 * other formats are listed and fingerprinted but never sampled or put in a config.
 */
public enum DataFormat {
    CSV("csv", "csv", "text/csv", true, "csv"),
    TSV("tsv", "csv", "text/tab-separated-values", true, "tsv"),
    JSON("json", "json", "application/json", false, "json"),
    JSONL("jsonl", "json", "application/jsonl", true, "jsonl"),
    PARQUET("parquet", "parquet", "application/vnd.apache.parquet", false, "parquet"),
    ARROW("arrow", "arrow", "application/vnd.apache.arrow.file", false, "arrow"),
    TEXT("text", "text", "text/plain", true, "txt"),
    HDF5("hdf5", "hdf5", "application/x-hdf5", false, "h5", "hdf5", "hdf"),
    IMAGE("image", "imagefolder", "image", false, "png", "jpg", "jpeg", "gif", "tif", "tiff", "bmp", "webp"),
    AUDIO("audio", "audiofolder", "audio", false, "wav", "mp3", "flac", "ogg"),
    WEBDATASET("webdataset", "webdataset", "application/x-tar", false, "tar");

    private final String id;
    private final String builder;
    private final String mime;
    private final boolean lines;
    private final List<String> extensions;

    DataFormat(String id, String builder, String mime, boolean lines, String... extensions) {
        this.id = id;
        this.builder = builder;
        this.mime = mime;
        this.lines = lines;
        this.extensions = List.of(extensions);
    }

    /** The name in the inventory and, for several formats, the config's name: {@code csv}, {@code hdf5}. */
    public String id() {
        return id;
    }

    /** The packaged {@code datasets} builder: {@code load_dataset("<builder>", data_files=...)}. */
    public String builder() {
        return builder;
    }

    /** True when whole lines from the start of a file are a valid smaller file of the format. */
    public boolean cutsAtLines() {
        return lines;
    }

    /** The file's MIME type for Croissant's {@code encodingFormat}. */
    public String mimeType(String path) {
        if (this == IMAGE || this == AUDIO) {
            String ext = extension(path);
            return mime + "/"
                    + switch (ext) {
                        case "jpg" -> "jpeg";
                        case "tif" -> "tiff";
                        case "mp3" -> "mpeg";
                        default -> ext;
                    };
        }
        return mime;
    }

    /** The format a file name says, by its extension (case-insensitive); empty when datasets reads none. */
    public static Optional<DataFormat> of(String path) {
        String ext = extension(path);
        for (DataFormat f : values()) {
            if (f.extensions.contains(ext)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format with this {@link #id()}. */
    public static Optional<DataFormat> byId(String id) {
        for (DataFormat f : values()) {
            if (f.id.equals(id)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The MIME type of any data file, for Croissant: its format's, else a generic one. */
    public static String mimeTypeOf(String path) {
        return of(path).map(f -> f.mimeType(path)).orElseGet(() -> switch (extension(path)) {
            case "nc", "nc4", "netcdf" -> "application/x-netcdf";
            case "npy", "npz" -> "application/x-npy";
            case "fits", "fit" -> "application/fits";
            case "zip" -> "application/zip";
            case "gz" -> "application/gzip";
            case "md" -> "text/markdown";
            default -> "application/octet-stream";
        });
    }

    private static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
