package io.helmwatch.core.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JobStore} in files, one directory per deployment under a root:
 *
 * <pre>
 * &lt;root&gt;/&lt;deployment&gt;/index.json                                   jobs and executions
 * &lt;root&gt;/&lt;deployment&gt;/executions/&lt;job&gt;/&lt;number&gt;.ndjson   one execution's log lines
 * </pre>
 *
 * <p>Directory and file names are the deployment id and job name with every character outside {@code
 * [A-Za-z0-9._-]} percent-encoded ({@code install-sin-2:reloader} is stored as {@code
 * install-sin-2%3Areloader}).
 *
 * <p><b>index.json</b> holds {@code {"format":1,"deployment":..,"jobs":[{"name","component","status",
 * "state","updatedAt","dependsOn":[..],"executions":[{"number","status","startedAt","finishedAt"}]}]}}. It is
 * replaced atomically on every {@link #putJob}: written to {@code index.json.tmp}, fsynced, renamed over
 * {@code index.json}, and the directory fsynced. A reader therefore sees the previous or the next index,
 * never a mix. A leftover {@code index.json.tmp} is an interrupted write and is discarded on open.
 *
 * <p><b>Log files</b> hold one JSON object per line, {@code {"time","level","message"}}, appended and never
 * rewritten; each append is one write, flushed to the operating system; the file is fsynced when its
 * execution is finished, before the index records the finish. A last line without its newline (a crash in
 * the middle of an append) is skipped with a warning when read, and cut off before the next append.
 *
 * <p>A corrupt {@code index.json} fails every call for that deployment with a {@link JobStoreException}
 * naming the file; the store never starts such a deployment empty. Reopening a store over the same root
 * recovers every job, execution and running execution (the cursor), so a new {@link JobsBridge} continues
 * where the previous process stopped. Thread-safe; one writer process per root.
 */
public final class FileJobStore implements JobStore {
  private static final Logger log = LoggerFactory.getLogger(FileJobStore.class);

  static final String INDEX = "index.json";
  static final String INDEX_TEMP = "index.json.tmp";
  static final String EXECUTIONS = "executions";

  /** The steps of an index write, for tests that simulate a crash between them. */
  enum Step {
    TEMP_WRITTEN,
    RENAMED
  }

  /** Called after each step of an index write; a test makes it throw to simulate a crash there. */
  @FunctionalInterface
  interface Faults {
    void after(Step step) throws IOException;
  }

  private final Path root;
  private final Faults faults;
  private final ConcurrentHashMap<String, Deployment> deployments = new ConcurrentHashMap<>();

  /** One lock per deployment; the table loads on first use so one bad deployment does not block others. */
  private static final class Deployment {
    final String id;
    final Path dir;
    @Nullable JobTable table;
    /** Log files whose tail was checked for a partial line since this store opened. */
    final Set<Path> tailChecked = new HashSet<>();
    /** Log files already warned about, so a damaged file warns once, not on every page read. */
    final Set<Path> warned = new HashSet<>();

    Deployment(String id, Path dir) {
      this.id = id;
      this.dir = dir;
    }
  }

  private FileJobStore(Path root, Faults faults) {
    this.root = root;
    this.faults = faults;
  }

  /**
   * A store under {@code root}, created if missing.
   *
   * @throws JobStoreException when the directory cannot be created
   */
  public static FileJobStore open(Path root) {
    return open(root, step -> {});
  }

  static FileJobStore open(Path root, Faults faults) {
    Objects.requireNonNull(root, "root");
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new JobStoreException("Cannot create the jobs store directory " + root + ": " + e, e);
    }
    return new FileJobStore(root, faults);
  }

  /** The root directory. */
  public Path root() {
    return root;
  }

  /** The directory of {@code deployment}. */
  public Path directory(String deployment) {
    return root.resolve(StoreNames.fileName(StoreNames.check(deployment, "deployment id")));
  }

  @Override
  public void putJob(String deployment, Job job) {
    Deployment d = deployment(deployment);
    synchronized (d) {
      JobTable table = load(d);
      table.check(d.id, job);
      Job previous = table.get(job.name());
      List<Execution> before = previous == null ? List.of() : previous.executions();
      try {
        for (int i = 0; i < job.executions().size(); i++) {
          Execution e = job.executions().get(i);
          Path file = logFile(d, e.job(), e.number());
          if (i >= before.size()) {
            discardOrphan(d, file);
          } else if (before.get(i).isRunning() && !e.isRunning()) {
            force(file);
          }
        }
        writeIndex(d, table.allWith(job));
      } catch (IOException e) {
        throw new JobStoreException("Cannot write " + d.dir.resolve(INDEX) + ": " + e, e);
      }
      table.put(job);
    }
  }

  @Override
  public void appendLine(String deployment, String job, int execution, LogLine line) {
    Deployment d = deployment(deployment);
    byte[] bytes = (JobCodec.line(line) + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (d) {
      load(d).running(d.id, job, execution);
      Path file = logFile(d, job, execution);
      try {
        if (d.tailChecked.add(file)) {
          cutPartialTail(file);
        }
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
          writeFully(ch, ByteBuffer.wrap(bytes));
        }
      } catch (IOException e) {
        d.tailChecked.remove(file);
        throw new JobStoreException("Cannot append to " + file + ": " + e, e);
      }
    }
  }

  @Override
  public Optional<Job> job(String deployment, String name) {
    Deployment d = deployment(deployment);
    synchronized (d) {
      return load(d).find(name);
    }
  }

  @Override
  public List<Job> jobs(String deployment) {
    Deployment d = deployment(deployment);
    synchronized (d) {
      return load(d).all();
    }
  }

  @Override
  public LogPage lines(String deployment, String job, int execution, long offset, int limit) {
    JobTable.checkPage(offset, limit);
    Deployment d = deployment(deployment);
    synchronized (d) {
      load(d);
      Path file = logFile(d, job, execution);
      List<LogLine> page = new ArrayList<>(Math.min(limit, 256));
      long total = scan(d, file, offset, limit, page);
      return new LogPage(page, offset, total);
    }
  }

  @Override
  public List<String> deployments() {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        if (Files.isRegularFile(dir.resolve(INDEX))) {
          out.add(StoreNames.decode(dir.getFileName().toString()));
        }
      }
    } catch (IOException e) {
      throw new JobStoreException("Cannot list the jobs store directory " + root + ": " + e, e);
    }
    out.sort(null);
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- index

  private Deployment deployment(String deployment) {
    String id = StoreNames.check(deployment, "deployment id");
    return deployments.computeIfAbsent(id, k -> new Deployment(k, root.resolve(StoreNames.fileName(k))));
  }

  /** The deployment's table, read from disk on first use. A failed read is not cached: it fails again. */
  private JobTable load(Deployment d) {
    JobTable table = d.table;
    if (table != null) {
      return table;
    }
    Path index = d.dir.resolve(INDEX);
    Path temp = d.dir.resolve(INDEX_TEMP);
    table = new JobTable();
    try {
      if (Files.deleteIfExists(temp)) {
        log.warn("Discarded {} left by an interrupted write; {} holds the last complete state", temp, INDEX);
      }
      byte[] bytes = Files.readAllBytes(index);
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      for (Job job : JobCodec.readIndex(text, d.id)) {
        StoreNames.checkJobName(job.name(), "job name");
        table.put(job);
      }
    } catch (NoSuchFileException e) {
      // A deployment without an index has no jobs yet.
    } catch (CharacterCodingException | RuntimeException e) {
      throw new JobStoreException("Corrupt jobs index " + index + ": " + e.getMessage()
          + ". Refusing to continue with an empty table; restore the file from a backup, or delete it to"
          + " start this deployment over.", e);
    } catch (IOException e) {
      throw new JobStoreException("Cannot read jobs index " + index + ": " + e, e);
    }
    d.table = table;
    return table;
  }

  private void writeIndex(Deployment d, List<Job> jobs) throws IOException {
    boolean created = !Files.isDirectory(d.dir);
    Files.createDirectories(d.dir);
    if (created) {
      fsyncDirectory(root);
    }
    Path temp = d.dir.resolve(INDEX_TEMP);
    byte[] bytes = JobCodec.index(d.id, jobs).getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(ch, ByteBuffer.wrap(bytes));
      ch.force(true);
    }
    faults.after(Step.TEMP_WRITTEN);
    Files.move(temp, d.dir.resolve(INDEX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    faults.after(Step.RENAMED);
    fsyncDirectory(d.dir);
  }

  /** Makes a rename durable. Some platforms cannot open a directory; there the rename is still atomic. */
  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      log.debug("Cannot fsync directory {}: {}", dir, e.toString());
    }
  }

  // ---------------------------------------------------------------- logs

  private static Path logFile(Deployment d, String job, int execution) {
    return d.dir.resolve(EXECUTIONS).resolve(StoreNames.fileName(StoreNames.checkJobName(job, "job name")))
        .resolve(execution + ".ndjson");
  }

  /** A log file for an execution the index does not list yet can only be left by a crash; it is not ours. */
  private static void discardOrphan(Deployment d, Path file) throws IOException {
    if (Files.deleteIfExists(file)) {
      log.warn("Discarded {}: its execution was never recorded in {}", file, d.dir.resolve(INDEX));
    }
    d.tailChecked.remove(file);
  }

  private static void force(Path file) throws IOException {
    if (Files.exists(file)) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }
  }

  /** Cuts a last line that lacks its newline, so the next append starts on a line of its own. */
  private static void cutPartialTail(Path file) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long end = size;
      ByteBuffer one = ByteBuffer.allocate(1);
      while (end > 0) {
        one.clear();
        ch.read(one, end - 1);
        if (one.get(0) == '\n') {
          break;
        }
        end--;
      }
      if (end < size) {
        log.warn("{} ended with a partial line ({} bytes) from an interrupted append; cut it off", file,
            size - end);
        ch.truncate(end);
        ch.force(true);
      }
    }
  }

  /**
   * Reads {@code file}, adding the valid lines from {@code offset} (up to {@code limit}) to {@code page};
   * returns the number of valid lines. Unreadable lines and a partial last line are skipped with a warning.
   */
  private static long scan(Deployment d, Path file, long offset, int limit, List<LogLine> page) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new JobStoreException("Cannot read " + file + ": " + e, e);
    }
    long valid = 0;
    int start = 0;
    int lineNo = 0;
    while (start < bytes.length) {
      int nl = start;
      while (nl < bytes.length && bytes[nl] != '\n') {
        nl++;
      }
      lineNo++;
      if (nl == bytes.length) {
        if (d.warned.add(file)) {
          log.warn("Skipped the last line of {}: it is incomplete ({} bytes without a newline), left by an"
              + " interrupted append", file, nl - start);
        }
        break;
      }
      try {
        LogLine line = JobCodec.readLine(new String(bytes, start, nl - start, StandardCharsets.UTF_8));
        if (valid >= offset && page.size() < limit) {
          page.add(line);
        }
        valid++;
      } catch (RuntimeException e) {
        if (d.warned.add(file)) {
          log.warn("Skipped unreadable line {} of {}: {}", lineNo, file, e.getMessage());
        }
      }
      start = nl + 1;
    }
    return valid;
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }
}
