/**
 * helmwatch jobs: the {@link io.helmwatch.jobs.Bridge} contract and the CI jobs table, {@link
 * io.helmwatch.jobs.JobsBridge} over a {@link io.helmwatch.jobs.JobStore} (in memory or in files).
 */
module io.helmwatch.jobs {
  requires transitive io.helmwatch.core;
  requires org.slf4j;
  // The file store's JSON; no jackson type appears in the API.
  requires com.fasterxml.jackson.core;

  exports io.helmwatch.jobs;
}
