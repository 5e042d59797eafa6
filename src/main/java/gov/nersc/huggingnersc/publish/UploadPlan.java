package gov.nersc.huggingnersc.publish;

import gov.nersc.huggingnersc.api.DataUploadRequest;
import gov.nersc.huggingnersc.api.DataUploadResult.DataFile;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.DataRoot;
import gov.nersc.huggingnersc.hub.RepoPaths;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What {@code upload-data} sends: the files of the data path that the request selects, checked against
 * the Hub's limits before anything is sent, in path order and split into commits of bounded count and
 * size. {@link UploadExecutor} sends it.
 *
 * @param dataRoot the data path (a folder, or one file)
 * @param request what was asked
 * @param batches the files, one list per commit
 */
public record UploadPlan(Path dataRoot, DataUploadRequest request, List<List<DataFile>> batches) {
    /**
     * The Hub's limits that apply before anything is sent.
     *
     * @param maxFileBytes largest file
     * @param maxFiles most files in one upload
     * @param maxFilesPerFolder most files in one folder of the repo
     */
    public record Limits(long maxFileBytes, int maxFiles, int maxFilesPerFolder) {
        /** Files under 50 GB, at most 100,000 files in a repo and 10,000 in one folder. */
        public static final Limits HUB = new Limits(50_000_000_000L, 100_000, 10_000);
    }

    /** Problems with single files listed in full; more are counted. */
    private static final int LISTED = 20;

    public UploadPlan {
        batches = batches.stream().map(List::copyOf).toList();
    }

    /**
     * The plan for the files of {@code dataRoot} (a folder, or one file) that the request selects, in
     * path order, split into commits.
     *
     * @throws InvalidInputException when a file, the number of files (in all or in one folder) or the
     *     total is above the limits, or nothing is selected; nothing has been sent
     */
    public static UploadPlan of(Path dataRoot, DataUploadRequest request, Limits limits) {
        List<Pattern> include = request.include().stream().map(UploadPlan::glob).toList();
        List<Pattern> exclude = request.exclude().stream().map(UploadPlan::glob).toList();
        String folder = request.pathInRepo().endsWith("/") ? request.pathInRepo() : request.pathInRepo() + "/";
        List<DataFile> files = new ArrayList<>();
        List<String> unlisted = forEachFile(dataRoot, (relative, size) -> {
            boolean in = include.isEmpty()
                    || include.stream().anyMatch(p -> p.matcher(relative).matches());
            if (in && exclude.stream().noneMatch(p -> p.matcher(relative).matches())) {
                files.add(new DataFile(relative, folder + relative, size));
            }
        });
        files.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
        check(files, unlisted, request, limits, dataRoot);
        List<List<DataFile>> batches = new ArrayList<>();
        List<DataFile> batch = new ArrayList<>();
        long batchBytes = 0;
        for (DataFile f : files) {
            if (!batch.isEmpty()
                    && (batch.size() >= request.filesPerCommit() || batchBytes + f.size() > request.bytesPerCommit())) {
                batches.add(batch);
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(f);
            batchBytes += f.size();
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return new UploadPlan(dataRoot, request, batches);
    }

    private static void check(
            List<DataFile> files, List<String> unlisted, DataUploadRequest request, Limits limits, Path dataRoot) {
        List<String> fileProblems = new ArrayList<>();
        Function<String, Path> local = localFiles(dataRoot);
        unlisted.forEach(dir -> fileProblems.add(
                dir.isEmpty()
                        ? "data path " + dataRoot
                                + ": permission denied (the folder cannot be listed); give a folder this user "
                                + "can read"
                        : local.apply(dir)
                                + ": permission denied (the folder cannot be listed); make it readable, or move it "
                                + "out of the data path"));
        for (DataFile f : files) {
            Path file = local.apply(f.relativePath());
            RepoPaths.problem(f.pathInRepo())
                    .ifPresent(p -> fileProblems.add(
                            MessageText.quoted(file.toString()) + ": the name cannot be a path in the repo: " + p
                                    + "; rename it, or leave it out with --exclude"));
            if (!Files.isReadable(file)) {
                fileProblems.add(file + ": permission denied; make it readable, or leave it out with --exclude");
            }
            if (f.size() > limits.maxFileBytes()) {
                fileProblems.add(file + ": " + f.size() + " bytes, above the Hub's limit of " + limits.maxFileBytes()
                        + " bytes per file; leave it out with --exclude, or split it");
            }
        }
        if (files.isEmpty() && fileProblems.isEmpty()) {
            throw new InvalidInputException("upload-data: no file under " + dataRoot + " matches"
                    + (request.include().isEmpty() ? "" : " --include " + shown(request.include()))
                    + (request.exclude().isEmpty() ? "" : " (after --exclude " + shown(request.exclude()) + ")")
                    + "; nothing to upload");
        }
        List<String> problems = new ArrayList<>(fileProblems.subList(0, Math.min(fileProblems.size(), LISTED)));
        if (fileProblems.size() > LISTED) {
            problems.add("upload-data: and " + (fileProblems.size() - LISTED) + " more files or folders like these");
        }
        long total = 0;
        Map<String, Integer> perFolder = new HashMap<>();
        for (DataFile f : files) {
            total += f.size();
            int slash = f.pathInRepo().lastIndexOf('/');
            perFolder.merge(slash < 0 ? "" : f.pathInRepo().substring(0, slash), 1, Integer::sum);
        }
        if (files.size() > limits.maxFiles()) {
            problems.add(
                    "upload-data: " + files.size() + " files selected, above the Hub's limit of " + limits.maxFiles()
                            + " files in a repo; select fewer with --include/--exclude, or pack them (tar, parquet)");
        }
        new TreeMap<>(perFolder).forEach((dir, n) -> {
            if (n > limits.maxFilesPerFolder()) {
                problems.add("upload-data: " + n + " files in the repo folder " + dir + "/, above the Hub's limit of "
                        + limits.maxFilesPerFolder() + " per folder; spread them over subfolders, or pack them");
            }
        });
        if (request.maxTotalBytes().isPresent()
                && total > request.maxTotalBytes().getAsLong()) {
            problems.add("upload-data: the selected files hold " + total + " bytes, above --max-total-bytes "
                    + request.maxTotalBytes().getAsLong() + "; select fewer with --include/--exclude");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static String shown(List<String> globs) {
        return String.join(", ", globs.stream().map(MessageText::quoted).toList());
    }

    /** Every file, in path order. */
    public List<DataFile> files() {
        return batches.stream().flatMap(List::stream).toList();
    }

    /** The bytes of every file. */
    public long totalBytes() {
        return files().stream().mapToLong(DataFile::size).sum();
    }

    /** The card's configs for these files and {@code alreadyThere}, the repo's files in the folder. */
    public UploadConfigs configs(List<String> alreadyThere) {
        return UploadConfigs.of(files(), alreadyThere, request.pathInRepo());
    }

    /** Where the file of {@code relativePath} is on this machine. */
    Path local(DataFile file) {
        return localFiles(dataRoot).apply(file.relativePath());
    }

    /**
     * Calls {@code visit} with the path (relative, {@code /}-separated) and size of every regular file
     * of {@code root}; returns the folders (relative) that could not be listed.
     */
    private static List<String> forEachFile(Path root, FileVisit visit) {
        Path real = DataRoot.resolve(root); // missing, a link loop, not reachable: one message each
        List<String> unlisted = new ArrayList<>();
        try {
            BasicFileAttributes rootAttrs = Files.readAttributes(real, BasicFileAttributes.class);
            if (rootAttrs.isRegularFile()) {
                visit.file(root.getFileName().toString(), rootAttrs.size());
                return unlisted;
            }
            // below the root, links are not followed: a link out of the tree would upload what the steward did not
            // choose
            Files.walkFileTree(real, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
                    if (a.isRegularFile()) {
                        visit.file(relative(real, p), a.size());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                    return unlisted(p, e);
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    return e == null ? FileVisitResult.CONTINUE : unlisted(dir, e);
                }

                private FileVisitResult unlisted(Path p, IOException e) throws IOException {
                    if (!(e instanceof AccessDeniedException)) {
                        throw e;
                    }
                    unlisted.add(relative(real, p));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new OperationFailedException("upload-data: cannot list " + root + ": " + e.getMessage(), e);
        }
        return unlisted;
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /**
     * Where each file of the data path is on this machine, by its relative path; the data path may be
     * that one file. Asks the file system once, not once per file.
     */
    private static Function<String, Path> localFiles(Path dataRoot) {
        return Files.isDirectory(dataRoot) ? dataRoot::resolve : relative -> dataRoot;
    }

    private interface FileVisit {
        void file(String relativePath, long size);
    }

    /**
     * A shell-style glob as {@code fnmatch} reads it (as {@code hf upload --include} does): {@code *}
     * matches anything, {@code /} included; {@code ?} one character; {@code [...]} one of a set,
     * {@code [!...]} none of it, a {@code ]} right after the opening bracket belongs to the set, and a
     * {@code [} that is never closed is itself.
     *
     * @throws java.util.regex.PatternSyntaxException when a set is not one, e.g. the range {@code [z-a]}
     */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int j = i + 1;
                    j += j < glob.length() && glob.charAt(j) == '!' ? 1 : 0;
                    j += j < glob.length() && glob.charAt(j) == ']' ? 1 : 0;
                    int end = glob.indexOf(']', j);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String body = glob.substring(i + 1, end);
                        boolean none = body.startsWith("!");
                        re.append('[').append(none ? "^" : "");
                        for (char b : (none ? body.substring(1) : body).toCharArray()) {
                            // only '-' keeps a meaning inside a set; Java's own set syntax ([a[b]], &&, \\d, ^) does
                            // not apply
                            re.append("\\[]&^".indexOf(b) >= 0 ? "\\" + b : String.valueOf(b));
                        }
                        re.append(']');
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
