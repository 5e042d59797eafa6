package gov.nersc.huggingnersc.publish;

import gov.nersc.huggingnersc.api.DataUploadRequest;
import gov.nersc.huggingnersc.api.DataUploadResult;
import gov.nersc.huggingnersc.api.UploadProgress;
import gov.nersc.huggingnersc.api.DataUploadResult.DataFile;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.api.CatalogEntry;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.MessageText;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.files.DataRoot;
import gov.nersc.huggingnersc.hub.CommitInfo;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.EntryNotFoundException;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.api.RepoId;
import gov.nersc.huggingnersc.hub.RepoPaths;
import gov.nersc.huggingnersc.api.TreeEntry;
import gov.nersc.huggingnersc.layout.DataFormat;
import gov.nersc.huggingnersc.layout.DataLayout;
import gov.nersc.huggingnersc.layout.RepoConfigs;
import gov.nersc.huggingnersc.layout.Splits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Pushes an entry's data files into its Hub repo. {@link #plan} selects the files and checks them
 * against the Hub's limits before anything is sent; {@link #send} commits them in bounded batches,
 * each guarded by the commit before it, through {@link HubClient#commit}, which uploads LFS objects
 * in parallel parts and skips what the Hub already has (so running again after an interruption
 * sends only what is missing), then adds {@code configs} to the card so the Hub's dataset viewer
 * finds the files.
 */
public final class DataUpload {
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

  private DataUpload() {}

  /**
   * The files of {@code dataRoot} (a folder, or one file) that the request selects, in path order,
   * split into commits.
   *
   * @throws InvalidInputException when a file, the number of files (in all or in one folder) or the
   *     total is above the limits, or nothing is selected; nothing has been sent
   */
  public static List<List<DataFile>> plan(Path dataRoot, DataUploadRequest request, Limits limits) {
    List<Pattern> include = request.include().stream().map(DataUpload::glob).toList();
    List<Pattern> exclude = request.exclude().stream().map(DataUpload::glob).toList();
    String folder = request.pathInRepo().endsWith("/") ? request.pathInRepo() : request.pathInRepo() + "/";
    List<DataFile> files = new ArrayList<>();
    List<String> unlisted = forEachFile(dataRoot, (relative, size) -> {
      boolean in = include.isEmpty() || include.stream().anyMatch(p -> p.matcher(relative).matches());
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
      if (!batch.isEmpty() && (batch.size() >= request.filesPerCommit() || batchBytes + f.size() > request.bytesPerCommit())) {
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
    return batches;
  }

  private static void check(List<DataFile> files, List<String> unlisted, DataUploadRequest request, Limits limits,
      Path dataRoot) {
    List<String> fileProblems = new ArrayList<>();
    Function<String, Path> local = localFiles(dataRoot);
    unlisted.forEach(dir -> fileProblems.add(dir.isEmpty()
        ? "data path " + dataRoot + ": permission denied (the folder cannot be listed); give a folder this user "
            + "can read"
        : local.apply(dir) + ": permission denied (the folder cannot be listed); make it readable, or move it "
            + "out of the data path"));
    for (DataFile f : files) {
      Path file = local.apply(f.relativePath());
      RepoPaths.problem(f.pathInRepo()).ifPresent(p -> fileProblems.add(MessageText.quoted(file.toString())
          + ": the name cannot be a path in the repo: " + p + "; rename it, or leave it out with --exclude"));
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
      problems.add("upload-data: " + files.size() + " files selected, above the Hub's limit of " + limits.maxFiles()
          + " files in a repo; select fewer with --include/--exclude, or pack them (tar, parquet)");
    }
    new TreeMap<>(perFolder).forEach((dir, n) -> {
      if (n > limits.maxFilesPerFolder()) {
        problems.add("upload-data: " + n + " files in the repo folder " + dir + "/, above the Hub's limit of "
            + limits.maxFilesPerFolder() + " per folder; spread them over subfolders, or pack them");
      }
    });
    if (request.maxTotalBytes().isPresent() && total > request.maxTotalBytes().getAsLong()) {
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

  /**
   * Commits the batches to {@code repo} (one commit per batch that holds something new, each
   * guarded by the one before), then the card's {@code configs} for the viewer. {@code
   * beforeWriting} runs once the request is checked against the repo, before the first write.
   */
  public static DataUploadResult send(HubClient hub, CatalogEntry entry, Path dataRoot, List<List<DataFile>> batches,
      DataUploadRequest request, UploadProgress.Listener progress, Runnable beforeWriting) {
    RepoId repo = entry.repoId();
    List<DataFile> all = batches.stream().flatMap(List::stream).toList();
    long total = all.stream().mapToLong(DataFile::size).sum();
    long start = System.nanoTime();
    AtomicLong lfsSent = new AtomicLong();
    AtomicLong done = new AtomicLong();
    requireFolder(hub, repo, request);
    beforeWriting.run();
    Configs configs = configs(all, existingUnder(hub, repo, request.folder()), request.pathInRepo());
    List<String> commits = new ArrayList<>();
    String parent = hub.headOf(repo, "main");
    Function<String, Path> local = localFiles(dataRoot);
    for (int i = 0; i < batches.size(); i++) {
      List<DataFile> batch = batches.get(i);
      List<CommitOperation> ops = new ArrayList<>();
      batch.forEach(f -> ops.add(new CommitOperation.Add(f.pathInRepo(),
          ContentSource.of(local.apply(f.relativePath())))));
      if (i == batches.size() - 1) {
        cardWithConfigs(hub, repo, configs).ifPresent(card -> ops.add(new CommitOperation.Add("README.md",
            ContentSource.of(card))));
      }
      long before = done.get();
      String summary = "Upload " + batch.size() + " data file" + (batch.size() == 1 ? "" : "s") + " to "
          + request.pathInRepo() + (batches.size() > 1 ? " (part " + (i + 1) + " of " + batches.size() + ")" : "");
      CommitInfo c = hub.commit(repo, new CommitRequest("main", summary, "huggingnersc upload-data " + entry.nickname(),
          Optional.of(parent), false, ops), n -> {
            lfsSent.addAndGet(n);
            progress.progress(new UploadProgress(Math.min(total, done.addAndGet(n)), total, since(start), false));
          });
      if (!c.oid().equals(parent)) {
        commits.add(c.oid());
        parent = c.oid();
      }
      done.set(before + batch.stream().mapToLong(DataFile::size).sum());
      progress.progress(new UploadProgress(done.get(), total, since(start), i == batches.size() - 1));
    }
    return new DataUploadResult(entry, all, total, batches.size(), commits, lfsSent.get(), configs.patterns(),
        configs.notViewable(), false);
  }

  /**
   * The card's {@code configs} for the whole data: per format and split, as {@link RepoConfigs}.
   *
   * @param yaml the {@code configs} value for the front matter
   * @param patterns every {@code data_files} path pattern, in order
   * @param notViewable extensions of files {@code datasets} does not read, or that are in no split
   */
  public record Configs(List<Map<String, Object>> yaml, List<String> patterns, List<String> notViewable) {}

  /**
   * Configs for the files to upload and those already in the repo's data folder: the splits and
   * formats read from their paths, the way {@code datasets} reads them.
   */
  public static Configs configs(List<DataFile> files, List<String> alreadyThere, String pathInRepo) {
    String folder = pathInRepo.endsWith("/") ? pathInRepo : pathInRepo + "/";
    Map<String, Long> sizes = new LinkedHashMap<>();
    files.forEach(f -> sizes.put(f.pathInRepo(), f.size()));
    alreadyThere.forEach(p -> sizes.putIfAbsent(p, 0L));
    List<String> relative = sizes.keySet().stream().map(p -> p.startsWith(folder) ? p.substring(folder.length()) : p)
        .toList();
    List<String> splits = Splits.of(relative);
    List<gov.nersc.huggingnersc.layout.DataFile> listed = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, Long> e : sizes.entrySet()) {
      listed.add(new gov.nersc.huggingnersc.layout.DataFile(e.getKey(), splits.get(i++), DataFormat.of(e.getKey()),
          e.getValue(), Optional.empty(), Optional.empty(), e.getKey(), 0));
    }
    RepoConfigs configs = RepoConfigs.of(listed, gov.nersc.huggingnersc.layout.DataFile::path);
    List<String> notViewable = listed.stream().filter(f -> !f.loadable()).map(f -> extension(f.path())).distinct()
        .sorted().toList();
    return new Configs(configs.yaml(), configs.patterns(), notViewable);
  }

  /**
   * The Hub's card with the whole data's {@code configs} (the inventory's config kept, {@code
   * viewer: false} dropped); empty when there are none or it already has them.
   */
  private static Optional<String> cardWithConfigs(HubClient hub, RepoId repo, Configs configs) {
    if (configs.yaml().isEmpty()) {
      return Optional.empty();
    }
    DatasetCard onHub;
    try {
      onHub = DatasetCard.parse(new String(hub.readFile(repo, "main", "README.md"), StandardCharsets.UTF_8));
    } catch (EntryNotFoundException none) {
      onHub = new DatasetCard(Map.of(), "");
    }
    List<Object> wanted = new ArrayList<>(configs.yaml());
    if (onHub.frontMatter().get("configs") instanceof List<?> before) {
      before.stream().filter(c -> c instanceof Map<?, ?> m && DataLayout.FILES_CONFIG.equals(m.get("config_name")))
          .forEach(wanted::add);
    }
    if (wanted.equals(onHub.frontMatter().get("configs")) && !Boolean.FALSE.equals(onHub.frontMatter().get("viewer"))) {
      return Optional.empty();
    }
    Map<String, Object> keys = new LinkedHashMap<>(onHub.frontMatter());
    keys.put("configs", wanted);
    if (Boolean.FALSE.equals(keys.get("viewer"))) {
      keys.remove("viewer");
    }
    return Optional.of(new DatasetCard(keys, onHub.body()).toMarkdown());
  }

  /**
   * Refuses a folder that the repo has as a file, or under one (say {@code README.md/}): the Hub
   * would refuse the commit only after the objects were sent.
   */
  private static void requireFolder(HubClient hub, RepoId repo, DataUploadRequest request) {
    String dir = request.folder();
    List<String> prefixes = new ArrayList<>();
    for (int slash = dir.indexOf('/'); slash > 0; slash = dir.indexOf('/', slash + 1)) {
      prefixes.add(dir.substring(0, slash));
    }
    prefixes.add(dir);
    hub.pathsInfo(repo, "main", prefixes).stream().filter(TreeEntry::isFile).findFirst().ifPresent(file -> {
      throw new InvalidInputException("--path-in-repo " + MessageText.quoted(request.pathInRepo()) + ": the repo " + repo
          + " has a file " + file.path() + ", so it cannot be a folder; give another folder, e.g. data/");
    });
  }

  /** Paths of the files already in the repo under {@code dir} (no trailing slash). */
  private static List<String> existingUnder(HubClient hub, RepoId repo, String dir) {
    try {
      return hub.listTree(repo, "main", dir, true).stream().filter(TreeEntry::isFile).map(TreeEntry::path).toList();
    } catch (EntryNotFoundException none) {
      return List.of();
    }
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
      // below the root, links are not followed: a link out of the tree would upload what the steward did not choose
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
              // only '-' keeps a meaning inside a set; Java's own set syntax ([a[b]], &&, \\d, ^) does not apply
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

  private static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
