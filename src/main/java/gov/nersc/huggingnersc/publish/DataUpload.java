package gov.nersc.huggingnersc.publish;

import gov.nersc.huggingnersc.publish.DataUploadResult.DataFile;
import gov.nersc.huggingnersc.card.DatasetCard;
import gov.nersc.huggingnersc.catalog.CatalogEntry;
import gov.nersc.huggingnersc.errors.InvalidInputException;
import gov.nersc.huggingnersc.errors.OperationFailedException;
import gov.nersc.huggingnersc.hub.CommitInfo;
import gov.nersc.huggingnersc.hub.CommitOperation;
import gov.nersc.huggingnersc.hub.CommitRequest;
import gov.nersc.huggingnersc.hub.ContentSource;
import gov.nersc.huggingnersc.hub.EntryNotFoundException;
import gov.nersc.huggingnersc.hub.HubClient;
import gov.nersc.huggingnersc.hub.RepoId;
import gov.nersc.huggingnersc.hub.TreeEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

  /** Extensions the Hub's dataset viewer reads, by the name of the config that reads them. */
  private static final Map<String, List<String>> VIEWER = new LinkedHashMap<>();

  static {
    VIEWER.put("csv", List.of("csv", "tsv"));
    VIEWER.put("parquet", List.of("parquet"));
    VIEWER.put("json", List.of("json", "jsonl"));
    VIEWER.put("arrow", List.of("arrow"));
    VIEWER.put("text", List.of("txt"));
    VIEWER.put("image", List.of("png", "jpg", "jpeg", "gif", "tif", "tiff", "bmp", "webp"));
    VIEWER.put("audio", List.of("wav", "mp3", "flac", "ogg"));
    VIEWER.put("webdataset", List.of("tar"));
  }

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
    forEachFile(dataRoot, (relative, size) -> {
      boolean in = include.isEmpty() || include.stream().anyMatch(p -> p.matcher(relative).matches());
      if (in && exclude.stream().noneMatch(p -> p.matcher(relative).matches())) {
        files.add(new DataFile(relative, folder + relative, size));
      }
    });
    files.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
    check(files, request, limits, dataRoot);
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

  private static void check(List<DataFile> files, DataUploadRequest request, Limits limits, Path dataRoot) {
    if (files.isEmpty()) {
      throw new InvalidInputException("upload-data: no file under " + dataRoot + " matches"
          + (request.include().isEmpty() ? "" : " --include " + String.join(", ", request.include()))
          + (request.exclude().isEmpty() ? "" : " (after --exclude " + String.join(", ", request.exclude()) + ")")
          + "; nothing to upload");
    }
    List<String> problems = new ArrayList<>();
    long total = 0;
    Map<String, Integer> perFolder = new HashMap<>();
    for (DataFile f : files) {
      total += f.size();
      if (f.size() > limits.maxFileBytes()) {
        problems.add(dataRoot.resolve(f.relativePath()) + ": " + f.size() + " bytes, above the Hub's limit of "
            + limits.maxFileBytes() + " bytes per file; leave it out with --exclude, or split it");
      }
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

  /**
   * Commits the batches to {@code repo} (one commit per batch that holds something new, each
   * guarded by the one before), then the card's {@code configs} for the viewer.
   */
  public static DataUploadResult send(HubClient hub, CatalogEntry entry, Path dataRoot, List<List<DataFile>> batches,
      DataUploadRequest request, UploadProgress.Listener progress) {
    RepoId repo = entry.repoId();
    List<DataFile> all = batches.stream().flatMap(List::stream).toList();
    long total = all.stream().mapToLong(DataFile::size).sum();
    long start = System.nanoTime();
    AtomicLong lfsSent = new AtomicLong();
    AtomicLong done = new AtomicLong();
    Configs configs = configs(all, existingUnder(hub, repo, request.pathInRepo()), request.pathInRepo());
    List<String> commits = new ArrayList<>();
    String parent = hub.headOf(repo, "main");
    for (int i = 0; i < batches.size(); i++) {
      List<DataFile> batch = batches.get(i);
      List<CommitOperation> ops = new ArrayList<>();
      batch.forEach(f -> ops.add(new CommitOperation.Add(f.pathInRepo(), ContentSource.of(dataRoot.resolve(f.relativePath())))));
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
   * The card's {@code configs}: one config per viewer format, patterns by extension.
   *
   * @param yaml the {@code configs} value for the front matter
   * @param patterns every {@code data_files} path pattern, in order
   * @param notViewable extensions of files the viewer cannot read
   */
  public record Configs(List<Map<String, Object>> yaml, List<String> patterns, List<String> notViewable) {}

  /** Configs for the files to upload and those already in the repo's data folder. */
  public static Configs configs(List<DataFile> files, List<String> alreadyThere, String pathInRepo) {
    String folder = pathInRepo.endsWith("/") ? pathInRepo : pathInRepo + "/";
    Set<String> extensions = new LinkedHashSet<>();
    files.forEach(f -> extensions.add(extension(f.pathInRepo())));
    alreadyThere.forEach(p -> extensions.add(extension(p)));
    Map<String, List<String>> byConfig = new LinkedHashMap<>();
    Set<String> viewable = new LinkedHashSet<>();
    VIEWER.forEach((config, exts) -> exts.stream().filter(extensions::contains).forEach(ext -> {
      byConfig.computeIfAbsent(config, k -> new ArrayList<>()).add(folder + "**/*." + ext);
      viewable.add(ext);
    }));
    List<Map<String, Object>> yaml = new ArrayList<>();
    List<String> patterns = new ArrayList<>();
    byConfig.forEach((config, paths) -> {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("config_name", byConfig.size() == 1 ? "default" : config);
      Map<String, Object> split = new LinkedHashMap<>();
      split.put("split", "train");
      split.put("path", paths.size() == 1 ? paths.get(0) : List.copyOf(paths));
      c.put("data_files", List.of(split));
      if (byConfig.size() > 1 && yaml.isEmpty()) {
        c.put("default", true);
      }
      yaml.add(c);
      patterns.addAll(paths);
    });
    List<String> notViewable = extensions.stream().filter(e -> !viewable.contains(e)).sorted().toList();
    return new Configs(yaml, patterns, notViewable);
  }

  /** The Hub's card with our {@code configs}; empty when there are none or it already has them. */
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
    if (configs.yaml().equals(onHub.frontMatter().get("configs"))) {
      return Optional.empty();
    }
    Map<String, Object> keys = new LinkedHashMap<>(onHub.frontMatter());
    keys.put("configs", configs.yaml());
    return Optional.of(new DatasetCard(keys, onHub.body()).toMarkdown());
  }

  /** Paths of the files already in the repo under {@code folder}. */
  private static List<String> existingUnder(HubClient hub, RepoId repo, String folder) {
    String dir = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
    try {
      return hub.listTree(repo, "main", dir, true).stream().filter(TreeEntry::isFile).map(TreeEntry::path).toList();
    } catch (EntryNotFoundException none) {
      return List.of();
    }
  }

  /** Calls {@code visit} with the path (relative, {@code /}-separated) and size of every regular file. */
  private static void forEachFile(Path root, FileVisit visit) {
    try {
      BasicFileAttributes rootAttrs = Files.readAttributes(root, BasicFileAttributes.class);
      if (rootAttrs.isRegularFile()) {
        visit.file(root.getFileName().toString(), rootAttrs.size());
        return;
      }
      // links are not followed: a link out of the tree would upload what the steward did not choose
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          if (a.isRegularFile()) {
            visit.file(root.relativize(p).toString().replace('\\', '/'), a.size());
          }
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new InvalidInputException("upload-data: the data path " + root + " does not exist");
    } catch (IOException | UncheckedIOException e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      throw new OperationFailedException("upload-data: cannot list " + root + ": " + cause.getMessage(), cause);
    }
  }

  private interface FileVisit {
    void file(String relativePath, long size);
  }

  /**
   * A shell-style glob as {@code fnmatch} reads it (as {@code hf upload --include} does): {@code *}
   * matches anything, {@code /} included; {@code ?} one character; {@code [...]} a class.
   */
  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '[' -> {
          int end = glob.indexOf(']', i + 2);
          if (end < 0) {
            re.append("\\[");
          } else {
            String body = glob.substring(i + 1, end);
            re.append('[').append(body.startsWith("!") ? "^" + body.substring(1) : body).append(']');
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
