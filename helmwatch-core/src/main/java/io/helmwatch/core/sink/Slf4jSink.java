package io.helmwatch.core.sink;

import io.helmwatch.core.ComponentEvent;
import io.helmwatch.core.ComponentSnapshot;
import io.helmwatch.core.ComponentState;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.EventSink;
import io.helmwatch.core.WatchNotice;
import io.helmwatch.core.WatchOutcome;
import io.helmwatch.core.WatchResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Logs one line per event, notice, snapshot and outcome through SLF4J, at the level of the event ({@code
 * info}, {@code warn}, {@code error}); a snapshot is one summary line at INFO. Line breaks in messages are
 * shown as {@code \n} so that a message cannot forge log lines, and messages longer than {@value
 * #MAX_MESSAGE} characters are cut.
 *
 * <pre>{@code
 * cilium pending -> installed (transition): Helm install succeeded for release kube-system/cilium.v1
 * }</pre>
 *
 * @since 0.1
 */
public final class Slf4jSink implements EventSink {
  /** Longest message logged whole. */
  public static final int MAX_MESSAGE = 4096;
  /** The logger used unless another is named. */
  public static final String DEFAULT_LOGGER = "helmwatch.events";

  private final Logger logger;

  private Slf4jSink(Logger logger) {
    this.logger = logger;
  }

  /** Logs to {@value #DEFAULT_LOGGER}. */
  public static Slf4jSink create() {
    return named(DEFAULT_LOGGER);
  }

  /** Logs to the logger {@code loggerName}. */
  public static Slf4jSink named(String loggerName) {
    Objects.requireNonNull(loggerName, "loggerName");
    if (loggerName.isBlank()) {
      throw new IllegalArgumentException("logger name must not be blank");
    }
    return new Slf4jSink(LoggerFactory.getLogger(loggerName));
  }

  @Override
  public String name() {
    return "log:" + logger.getName();
  }

  @Override
  public void onEvent(ComponentEvent e) {
    ComponentState previous = e.previous();
    logger.atLevel(level(e.level())).log("{} {} -> {} ({}): {}", e.component(),
        previous == null ? "-" : previous.wireName(), e.state().wireName(), e.cause().name().toLowerCase(Locale.ROOT), printable(e.message()));
  }

  @Override
  public void onNotice(WatchNotice n) {
    logger.atLevel(level(n.level())).log("notice {}{}: {}", n.kind().name().toLowerCase(Locale.ROOT),
        n.cluster() == null ? "" : " [" + n.cluster() + "]", printable(n.message()));
  }

  @Override
  public void onSnapshot(List<ComponentSnapshot> snapshot) {
    Map<ComponentState, Integer> counts = new EnumMap<>(ComponentState.class);
    for (ComponentSnapshot s : snapshot) {
      counts.merge(s.state(), 1, Integer::sum);
    }
    StringBuilder b = new StringBuilder();
    counts.forEach((state, n) -> b.append(b.length() == 0 ? "" : ", ").append(state.wireName()).append('=')
        .append(n));
    logger.info("snapshot of {} components: {}", snapshot.size(), b);
  }

  @Override
  public void onOutcome(WatchResult result) {
    Level level = result.outcome() == WatchOutcome.READY || result.outcome() == WatchOutcome.CANCELLED
        ? Level.INFO : Level.WARN;
    logger.atLevel(level).log("watch ended: {} with {} components", result.outcome().wireName(),
        result.states().size());
  }

  private static Level level(EventLevel level) {
    return switch (level) {
      case INFO -> Level.INFO;
      case WARN -> Level.WARN;
      case ERROR -> Level.ERROR;
    };
  }

  /** One line, bounded: what a log line may show of a message from a cluster. */
  static String printable(String message) {
    String cut = message.length() > MAX_MESSAGE
        ? message.substring(0, MAX_MESSAGE) + "... (" + (message.length() - MAX_MESSAGE) + " more characters)"
        : message;
    if (cut.indexOf('\n') < 0 && cut.indexOf('\r') < 0) {
      return cut;
    }
    return cut.replace("\r", "\\r").replace("\n", "\\n");
  }
}
