package io.helmwatch.core.internal.lane;

import org.jspecify.annotations.Nullable;

/**
 * The wakes one producer owes the lanes it just fed ({@link DeliveryLane#onEventDeferringWake}), paid as a
 * relay: {@link #start} wakes the first lane, and each woken lane wakes the next before it delivers, so the
 * producer pays one wake however many lanes. Used by one thread for one event, then dropped.
 */
public final class WakeRelay {
  private @Nullable DeliveryLane first;
  private @Nullable DeliveryLane last;

  /** Adds {@code lane}, whose wake the caller owes, to the end of the relay. */
  public void owe(DeliveryLane lane) {
    if (first == null) {
      first = lane;
    } else if (!last.relayWakeTo(lane)) {
      lane.wake(); // the previous lane's thread runs already and will not relay
    }
    last = lane;
  }

  /** Wakes the first lane owed, which starts the relay. */
  public void start() {
    if (first != null) {
      first.wake();
    }
  }
}
