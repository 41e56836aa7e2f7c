package io.helmwatch.reliability;

import io.helmwatch.jobs.Job;
import io.helmwatch.jobs.JobStore;
import io.helmwatch.jobs.JobStoreException;
import io.helmwatch.jobs.LogLine;
import io.helmwatch.jobs.LogPage;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store whose process dies at its {@code crashAt}-th write: that write and every later one fail, as if
 * the process had been killed between two writes. Reads still work (they are not what crashes).
 */
final class CrashingJobStore implements JobStore {
  private final JobStore delegate;
  private final int crashAt;
  private final AtomicInteger writes = new AtomicInteger();
  private final CountDownLatch crashed = new CountDownLatch(1);

  CrashingJobStore(JobStore delegate, int crashAt) {
    this.delegate = delegate;
    this.crashAt = crashAt;
  }

  private void write() {
    if (writes.incrementAndGet() >= crashAt) {
      crashed.countDown();
      throw new JobStoreException("simulated crash at write " + crashAt);
    }
  }

  boolean hasCrashed() {
    return crashed.getCount() == 0;
  }

  @Override
  public void putJob(String deployment, Job job) {
    write();
    delegate.putJob(deployment, job);
  }

  @Override
  public void appendLine(String deployment, String job, int execution, LogLine line) {
    write();
    delegate.appendLine(deployment, job, execution, line);
  }

  @Override
  public Optional<Job> job(String deployment, String name) {
    return delegate.job(deployment, name);
  }

  @Override
  public List<Job> jobs(String deployment) {
    return delegate.jobs(deployment);
  }

  @Override
  public LogPage lines(String deployment, String job, int execution, long offset, int limit) {
    return delegate.lines(deployment, job, execution, offset, limit);
  }

  @Override
  public List<String> deployments() {
    return delegate.deployments();
  }
}
