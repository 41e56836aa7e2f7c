package io.helmwatch.core;

/** A sink's registration with a {@link Watcher}. Closing it stops delivery and closes the sink. */
public interface Subscription extends AutoCloseable {

  /** The subscribed sink. */
  EventSink sink();

  /** {@code false} once closed. */
  boolean isActive();

  /** Stops delivery, delivers what was already accepted, then closes the sink. Idempotent. */
  @Override
  void close();
}
