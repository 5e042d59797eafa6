package gov.nersc.huggingnersc.layout;

import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.nersc.NerscPaths;
import gov.nersc.huggingnersc.scan.DataFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a dataset's {@link Inventory} from a listing of its data path: each file's split, format,
 * public URL and path at NERSC, and which files (or heads of files) go into the repo's sample.
 *
 * <p>The sample stays within a byte budget. Data smaller than the budget goes up whole. Otherwise
 * every (format, split) pair gets an equal share; within a share whole files are taken in path
 * order while they fit; a share that no whole file fits takes the whole lines from the start of its
 * first file when the format allows it (CSV, TSV, JSON Lines, text), and nothing otherwise.
 */
public final class SamplePlan {
    /** The default budget: 10 MiB. */
    public static final long DEFAULT_BUDGET = 10L << 20;
    /** At most this many files in a sample: one commit stays small. */
    public static final int MAX_FILES = 1000;

    private SamplePlan() {}

    /**
     * The inventory of {@code listed}, the files of {@code root}.
     *
     * @param root where the files are on this machine (a folder, or the one file)
     * @param nerscPath the data path as the entry records it (normalised)
     * @param downloadLink the data's public URL (the folder's, or the one file's), if public
     * @param budget the sample's byte budget; 0 for no sample
     */
    public static Inventory inventory(
            DataFiles.Listed listed, Path root, String nerscPath, Optional<String> downloadLink, long budget) {
        boolean oneFile = !Files.isDirectory(root);
        List<DataFiles.File> files = listed.files();
        List<String> splits = Splits.of(files.stream().map(DataFiles.File::path).toList());
        List<DataFile> planned = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            DataFiles.File f = files.get(i);
            Optional<String> url = downloadLink.map(link ->
                    oneFile ? link : (link.endsWith("/") ? link : link + "/") + NerscPaths.encodePath(f.path()));
            String at = oneFile ? nerscPath : (nerscPath.endsWith("/") ? nerscPath : nerscPath + "/") + f.path();
            planned.add(
                    new DataFile(f.path(), splits.get(i), DataFormat.of(f.path()), f.size(), f.sha256(), url, at, 0));
        }
        return new Inventory(sample(planned, oneFile ? root.getParent() : root, budget));
    }

    private static List<DataFile> sample(List<DataFile> files, Path base, long budget) {
        List<DataFile> out = new ArrayList<>(files);
        if (budget <= 0) {
            return out;
        }
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        long loadableBytes = 0;
        for (int i = 0; i < out.size(); i++) {
            DataFile f = out.get(i);
            if (f.loadable() && f.size() > 0 && fitsInRepo(f.samplePath())) {
                groups.computeIfAbsent(f.format().orElseThrow().id() + "/" + f.split(), k -> new ArrayList<>())
                        .add(i);
                loadableBytes += f.size();
            }
        }
        if (groups.isEmpty()) {
            return out;
        }
        int count = groups.values().stream().mapToInt(List::size).sum();
        if (loadableBytes <= budget && count <= MAX_FILES) {
            groups.values()
                    .forEach(g -> g.forEach(
                            i -> out.set(i, out.get(i).withSample(out.get(i).size()))));
            return out;
        }
        long share = budget / groups.size();
        int filesPerGroup = Math.max(1, MAX_FILES / groups.size());
        for (List<Integer> group : groups.values()) {
            long left = share;
            int taken = 0;
            for (int i : group) {
                DataFile f = out.get(i);
                if (taken < filesPerGroup && f.size() <= left) {
                    out.set(i, f.withSample(f.size()));
                    left -= f.size();
                    taken++;
                }
            }
            if (taken == 0) {
                DataFile first = out.get(group.get(0));
                long head = first.format().orElseThrow().cutsAtLines()
                        ? head(
                                base.resolve(first.path()),
                                share,
                                first.format().get() == DataFormat.CSV
                                                || first.format().get() == DataFormat.TSV
                                        ? 2
                                        : 1)
                        : 0;
                if (head > 0) {
                    out.set(group.get(0), first.withSample(head));
                }
            }
        }
        return out;
    }

    /**
     * True when the Hub takes the path: no control characters or backslashes, no {@code .git}
     * component (a file the Hub would refuse is left out of the sample, not published half).
     */
    static boolean fitsInRepo(String path) {
        if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1000 || path.indexOf('\\') >= 0) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            if (Character.isISOControl(path.charAt(i))) {
                return false;
            }
        }
        for (String part : path.split("/")) {
            if (part.isEmpty()
                    || part.equals(".")
                    || part.equals("..")
                    || part.toLowerCase(java.util.Locale.ROOT).startsWith(".git")) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many bytes from the start of {@code file} are whole lines within {@code limit}: at least
     * {@code minLines} of them (a CSV's header and one row), else 0.
     */
    private static long head(Path file, long limit, int minLines) {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw new OperationFailedException(
                    "cannot read data file " + file + " for the sample: " + e.getMessage(), e);
        }
        int lines = 0;
        int end = 0;
        for (int i = 0; i < start.length; i++) {
            if (start[i] == '\n') {
                lines++;
                end = i + 1;
            }
        }
        return lines >= minLines ? end : 0;
    }
}
