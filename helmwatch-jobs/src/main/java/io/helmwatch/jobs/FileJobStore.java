package io.helmwatch.jobs;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * &lt;root&gt;/&lt;deployment&gt;/index.json                                   jobs and executions, compacted
 * &lt;root&gt;/&lt;deployment&gt;/index.journal                                puts since the last compaction
 * &lt;root&gt;/&lt;deployment&gt;/executions/&lt;job&gt;/&lt;number&gt;.ndjson   one execution's log lines
 * </pre>
 *
 * <p>Directory and file names are the deployment id and job name with every character outside {@code
 * [A-Za-z0-9._-]} percent-encoded ({@code install-sin-2:reloader} is stored as {@code
 * install-sin-2%3Areloader}).
 *
 * <p><b>Sequence numbers.</b> Every put of a deployment takes the next number of one sequence (1, 2, ...;
 * a failed put may leave a gap). The index records the number of the put that wrote it, so it holds every
 * put up to that number; each journal record carries its put's number.
 *
 * <p><b>index.json</b> holds {@code {"format":1,"deployment":..,"sequence":..,"jobs":[{"name","component",
 * "status","state","updatedAt","dependsOn":[..],"executions":[{"number","status","startedAt",
 * "finishedAt"}]}]}}. It is replaced atomically when the store compacts: written to {@code index.json.tmp},
 * fsynced, renamed over {@code index.json}, and the directory fsynced. A reader therefore sees the previous
 * or the next index, never a mix. A leftover {@code index.json.tmp} is an interrupted write and is
 * discarded on open.
 *
 * <p><b>index.journal</b> makes a {@link #putJob} cost one append instead of a rewrite of every job: each
 * put of a job the index already lists appends one line, {@code {"format":1,"deployment":..,"sequence":..,
 * "job":{<the job's whole row>}}}, and fsyncs it before it returns. Reading the table is the index with the
 * journal's records numbered above the index's replayed in order, each replacing its job's row; records
 * the index already holds are skipped. The store compacts (writes the whole table as a new index, then
 * empties the journal) when a put adds a job, which also creates the index of a new deployment, and after
 * every {@value #COMPACT_EVERY} journal records; a store that only reads never writes the journal. A
 * journal that cannot be emptied (an I/O error) is left as it is, with a warning: the put that compacted
 * still returns, since the index holds it, and later puts append after the skipped records.
 *
 * <p>Files of the first writer carry no sequence numbers and stay readable: an index without one is older
 * than every record, so the whole journal is replayed over it; a record without one is older than every
 * index with one, so it is skipped there.
 *
 * <p><b>Log files</b> hold one JSON object per line, {@code {"time","level","message"}}, appended and never
 * rewritten; each append is one write, flushed to the operating system; the file is fsynced when its
 * execution is finished, before the index or journal records the finish. A last line without its newline
 * (a crash in the middle of an append) is skipped with a warning when read, and cut off before the next
 * append. A page is read by seeking to its first line through a {@link LogFileIndex}, built by one pass over
 * the file on first read and extended over what was appended since, not by reading the file.
 *
 * <p><b>Crashes.</b> What a crash at each step leaves, and what reopening makes of it:
 *
 * <table>
 *   <caption>crash table</caption>
 *   <tr><th>crash during</th><th>left on disk</th><th>after reopening</th></tr>
 *   <tr><td>a journal append, before its fsync returned</td><td>the record whole, torn (no newline) or
 *       absent</td><td>whole: the put took effect (its number is above the index's); torn: skipped with a
 *       warning and cut off before the next append; absent or torn: the put, which never returned, did not
 *       take effect</td></tr>
 *   <tr><td>compaction, before the rename</td><td>{@code index.json.tmp}, the previous index and the
 *       journal</td><td>the temp file is discarded; the previous index plus the journal is the last
 *       state</td></tr>
 *   <tr><td>compaction, after the rename, before the journal is emptied</td><td>the new index and the
 *       journal records it already holds</td><td>the records, numbered no higher than the index, are
 *       skipped: the new index is the last state, the compacting put included</td></tr>
 *   <tr><td>any later step, after a compaction that could not empty the journal</td><td>the index, the
 *       records it holds, and the records of later puts after them</td><td>the records it holds are skipped
 *       with a warning, the later ones replayed: every put that returned is in effect</td></tr>
 *   <tr><td>a log append</td><td>a last line without its newline</td><td>skipped with a warning, cut off
 *       before the next append</td></tr>
 *   <tr><td>a finish, after the log's fsync, before the put</td><td>the execution still running in the
 *       table</td><td>the re-delivered event finishes it; its line is not written twice (see {@link
 *       JobsBridge})</td></tr>
 *   <tr><td>opening an execution, before its put</td><td>no record of it; perhaps a log file</td><td>the
 *       file is an orphan, discarded when the execution is opened again</td></tr>
 * </table>
 *
 * <p>A failed put (an I/O error) leaves the table in memory and on disk as before it: a half-written
 * journal record is cut off again, and if that fails too the table is read again from disk on next use.
 *
 * <p>A corrupt {@code index.json}, or a journal record that cannot be read and is not the torn last one,
 * fails every call for that deployment with a {@link JobStoreException} naming the file; the store never
 * starts such a deployment empty. Reopening a store over the same root recovers every job, execution and
 * running execution (the cursor), so a new {@link JobsBridge} continues where the previous process
 * stopped. Thread-safe; one writer process per root.
 *
 * @since 0.1
 */
public final class FileJobStore implements JobStore {
  private static final Logger log = LoggerFactory.getLogger(FileJobStore.class);

  static final String INDEX = "index.json";
  static final String INDEX_TEMP = "index.json.tmp";
  static final String JOURNAL = "index.journal";
  /** Journal records after which the next put compacts: bounds the journal and the replay on open. */
  static final int COMPACT_EVERY = 1024;
  /** Log files per deployment whose line index is kept; others are indexed again when read. */
  private static final int INDEXED_LOG_FILES = 64;
  static final String EXECUTIONS = "executions";

  /** The steps of an index write, for tests that simulate a crash between them. */
  enum Step {
    TEMP_WRITTEN,
    RENAMED,
    /** The journal is open to be emptied after a compaction; a fault here is a truncation that fails. */
    JOURNAL_EMPTYING,
    JOURNAL_APPENDED
  }

  /** Called after each step of an index write; a test makes it throw to simulate a crash there. */
  @FunctionalInterface
  interface Faults {
    void after(Step step) throws IOException;
  }

  private final Path root;
  private final Faults faults;
  private final int compactEvery;
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
    /** Line indexes of recently read log files, least recently read first. */
    final Map<Path, LogFileIndex> logIndexes = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Path, LogFileIndex> eldest) {
        return size() > INDEXED_LOG_FILES;
      }
    };
    /** Journal records appended since the last compaction. */
    int journalRecords;
    /**
     * The sequence number last given to a put, on disk in the index or journal or lost with a failed put;
     * the next put takes the one after it, so numbers only grow.
     */
    long sequence;
    /** The journal's length up to its last whole record; bytes after it are a torn append to cut off. */
    long journalEnd;
    boolean journalTorn;

    Deployment(String id, Path dir) {
      this.id = id;
      this.dir = dir;
    }
  }

  private FileJobStore(Path root, Faults faults, int compactEvery) {
    this.root = root;
    this.faults = faults;
    this.compactEvery = compactEvery;
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
    return open(root, faults, COMPACT_EVERY);
  }

  /** A store that compacts after {@code compactEvery} journal records, for tests of compaction. */
  static FileJobStore open(Path root, Faults faults, int compactEvery) {
    Objects.requireNonNull(root, "root");
    if (compactEvery < 1) {
      throw new IllegalArgumentException("compactEvery must be >= 1, was " + compactEvery);
    }
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new JobStoreException("Cannot create the jobs store directory " + root + ": " + e, e);
    }
    return new FileJobStore(root, faults, compactEvery);
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
      } catch (IOException e) {
        throw new JobStoreException("Cannot write " + d.dir.resolve(INDEX) + ": " + e, e);
      }
      // Taken before the write: a put that fails after its number reached the disk never reuses it.
      long sequence = ++d.sequence;
      if (previous == null || d.journalRecords >= compactEvery) {
        compact(d, sequence, table.allWith(job));
      } else {
        appendJournal(d, sequence, job);
      }
      table.put(job);
    }
  }

  @Override
  public void appendLine(String deployment, String job, int execution, LogLine line) {
    Deployment d = deployment(deployment);
    byte[] bytes = JobCodec.line(line);
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
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        LogFileIndex index = d.logIndexes.get(file);
        if (index == null) {
          index = new LogFileIndex(file, d.warned::add);
          d.logIndexes.put(file, index);
        }
        long total = index.refresh(ch);
        return new LogPage(index.read(ch, offset, limit), offset, total);
      } catch (NoSuchFileException e) {
        return new LogPage(List.of(), offset, 0);
      } catch (IOException e) {
        d.logIndexes.remove(file);
        throw new JobStoreException("Cannot read " + file + ": " + e, e);
      }
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
    long indexSequence = JobCodec.UNSEQUENCED;
    try {
      if (Files.deleteIfExists(temp)) {
        log.warn("Discarded {} left by an interrupted write; {} holds the last complete state", temp, INDEX);
      }
      byte[] bytes = Files.readAllBytes(index);
      String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      JobCodec.Index read = JobCodec.readIndex(text, d.id);
      indexSequence = read.sequence();
      for (Job job : read.jobs()) {
        StoreNames.checkJobName(job.name(), "job name");
        table.put(job);
      }
    } catch (NoSuchFileException e) {
      // A deployment without an index has no jobs yet, and its journal is empty: the first put compacts.
    } catch (CharacterCodingException | RuntimeException e) {
      throw new JobStoreException("Corrupt jobs index " + index + ": " + e.getMessage()
          + ". Refusing to continue with an empty table; restore the file from a backup, or delete it to"
          + " start this deployment over.", e);
    } catch (IOException e) {
      throw new JobStoreException("Cannot read jobs index " + index + ": " + e, e);
    }
    replayJournal(d, table, indexSequence);
    d.table = table;
    return table;
  }

  /**
   * Applies the journal's records newer than the index to {@code table} in order; notes a torn last record
   * to cut off later. A record is newer when its sequence number is above the index's; a record without
   * one (written before records were numbered) is newer only than an index without one, since a numbered
   * index was written by a compaction that already held every record then in the journal.
   */
  private static void replayJournal(Deployment d, JobTable table, long indexSequence) {
    Path journal = d.dir.resolve(JOURNAL);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(journal);
    } catch (NoSuchFileException e) {
      bytes = new byte[0];
    } catch (IOException e) {
      throw new JobStoreException("Cannot read jobs journal " + journal + ": " + e, e);
    }
    int records = 0;
    int skipped = 0;
    long sequence = indexSequence;
    int start = 0;
    for (int nl = indexOf(bytes, start); nl >= 0; nl = indexOf(bytes, start)) {
      records++;
      try {
        String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, start, nl - start))
            .toString();
        JobCodec.JournalRecord record = JobCodec.readJournalRecord(text, d.id);
        Job job = record.job();
        StoreNames.checkJobName(job.name(), "job name");
        boolean newer = record.sequence() == JobCodec.UNSEQUENCED
            ? indexSequence == JobCodec.UNSEQUENCED
            : record.sequence() > indexSequence;
        if (newer) {
          table.put(job);
        } else {
          skipped++;
        }
        sequence = Math.max(sequence, record.sequence());
      } catch (CharacterCodingException | RuntimeException e) {
        throw new JobStoreException("Corrupt jobs journal " + journal + ", record " + records + ": "
            + e.getMessage() + ". Refusing to continue with a partial table; restore the deployment's directory"
            + " from a backup, or delete it to start this deployment over.", e);
      }
      start = nl + 1;
    }
    if (skipped > 0) {
      log.warn("Skipped {} of the {} records of {}: {} already holds them (the journal was not emptied after"
          + " the compaction that wrote it)", skipped, records, journal, INDEX);
    }
    d.journalRecords = records - skipped;
    d.sequence = sequence;
    d.journalEnd = start;
    d.journalTorn = start < bytes.length;
    if (d.journalTorn) {
      log.warn("Skipped the last record of {}: it is incomplete ({} bytes without a newline), left by an"
          + " interrupted put that never returned", journal, bytes.length - start);
    }
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Writes the whole table as the new index, numbered {@code sequence}, then empties the journal, whose
   * records it now holds. A journal that cannot be emptied is left as it is: its records are numbered below
   * the index's and are skipped when read, and later puts append after them.
   */
  private void compact(Deployment d, long sequence, List<Job> jobs) {
    Path journal = d.dir.resolve(JOURNAL);
    try {
      writeIndex(d, sequence, jobs);
    } catch (IOException e) {
      throw new JobStoreException("Cannot write " + d.dir.resolve(INDEX) + ": " + e, e);
    }
    d.journalRecords = 0;
    try {
      if (Files.exists(journal)) {
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE)) {
          faults.after(Step.JOURNAL_EMPTYING);
          ch.truncate(0);
          ch.force(true);
        }
      }
    } catch (IOException e) {
      log.warn("Cannot empty {} after writing {}: {}; its records are older than the index and are skipped"
          + " when it is read", journal, INDEX, e.toString());
      if (!emptied(journal)) {
        return;
      }
    }
    d.journalEnd = 0;
    d.journalTorn = false;
  }

  /**
   * Whether a journal whose truncation reported a failure is empty all the same (cut, but not fsynced): the
   * next append then starts at its beginning rather than past its end.
   */
  private static boolean emptied(Path journal) {
    try {
      return Files.size(journal) == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Appends {@code job}'s row, numbered {@code sequence}, to the journal and fsyncs it; on failure the
   * journal is as it was.
   */
  private void appendJournal(Deployment d, long sequence, Job job) {
    Path journal = d.dir.resolve(JOURNAL);
    byte[] bytes = JobCodec.journalRecord(d.id, sequence, job);
    boolean created = !Files.exists(journal);
    try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      if (d.journalTorn || ch.size() != d.journalEnd) {
        ch.truncate(d.journalEnd);
        d.journalTorn = false;
      }
      try {
        writeFully(ch, ByteBuffer.wrap(bytes), d.journalEnd);
        ch.force(true);
        faults.after(Step.JOURNAL_APPENDED);
      } catch (IOException e) {
        rollBack(d, ch, journal);
        throw e;
      }
    } catch (IOException e) {
      throw new JobStoreException("Cannot write " + journal + ": " + e, e);
    }
    if (created) {
      fsyncDirectory(d.dir);
    }
    d.journalEnd += bytes.length;
    d.journalRecords++;
  }

  /** Cuts a failed append off again; if even that fails, the table is read from disk on next use. */
  private static void rollBack(Deployment d, FileChannel ch, Path journal) {
    try {
      ch.truncate(d.journalEnd);
      ch.force(true);
    } catch (IOException e) {
      log.warn("Cannot cut a failed put off {}: {}; reading the table from disk again", journal, e.toString());
      d.table = null;
      d.journalTorn = true;
    }
  }

  private void writeIndex(Deployment d, long sequence, List<Job> jobs) throws IOException {
    boolean created = !Files.isDirectory(d.dir);
    Files.createDirectories(d.dir);
    if (created) {
      fsyncDirectory(root);
    }
    Path temp = d.dir.resolve(INDEX_TEMP);
    byte[] bytes = JobCodec.index(d.id, sequence, jobs);
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
    d.logIndexes.remove(file);
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

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long at = position;
    while (buf.hasRemaining()) {
      at += ch.write(buf, at);
    }
  }
}
