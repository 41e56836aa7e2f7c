package io.helmwatch.fabric8.internal;

import io.helmwatch.core.ComponentId;
import io.helmwatch.core.ComponentLog;
import io.helmwatch.core.EventLevel;
import io.helmwatch.core.ReleaseKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A helm-controller log line that names a HelmRelease, read by {@link #parse}. The release is found in
 * each shape helm-controller has written (JSON, or the JSON context of {@code --log-encoding=console}):
 *
 * <ul>
 *   <li>{@code "HelmRelease":{"name":..,"namespace":..}} (controller-runtime v0.15+, with {@code
 *       "controllerKind":"HelmRelease"}), or {@code "helmRelease":{..}} (controller-runtime v0.12);
 *   <li>top-level {@code name} and {@code namespace} on a line from the HelmRelease controller: {@code
 *       "controllerKind":"HelmRelease"}, {@code "reconciler kind":"HelmRelease"} (event echoes at trace level,
 *       and every line of helm-controller v0.5 to v0.23 with {@code "logger":"controller.helmrelease"});
 *   <li>{@code "request":"ns/name"} from {@code "logger":"controllers.HelmRelease"} (helm-controller v0.4).
 * </ul>
 *
 * <p>A line whose {@code controllerKind} or {@code reconciler kind} is another kind names no release.
 * {@code level} maps to an {@link EventLevel} (error, dpanic, panic, fatal &rarr; error; warn &rarr; warn;
 * info, debug, trace &rarr; info; in any case); the message is {@code msg}, followed by {@code ": "} and
 * {@code error} when the line has one, else the whole line; the time is {@code ts}.
 *
 * @param namespace the HelmRelease's namespace
 * @param name the HelmRelease's name
 * @param level the line's level
 * @param message the line's message, at most {@value #MAX_MESSAGE} characters (longer ones are cut and
 *     marked)
 * @param time the line's timestamp, or {@code null} when it has none that can be read
 */
record HelmControllerLogLine(
    String namespace, String name, EventLevel level, String message, @Nullable Instant time) {

  /** Longer messages are cut: a runaway line (a dumped manifest) must not flood a jobs table. */
  static final int MAX_MESSAGE = 16 * 1024;

  private static final String KIND = "HelmRelease";

  HelmControllerLogLine {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The release {@code line} is about, with its level, message and time; empty when the line names no
   * release or is not well-formed (a truncated line included). Never throws.
   */
  static Optional<HelmControllerLogLine> parse(@Nullable CharSequence line) {
    if (line == null || line.length() == 0) {
      return Optional.empty();
    }
    try {
      String text = line.toString();
      ZapLogEntry entry = ZapLogEntry.read(text);
      return entry == null ? Optional.empty() : Optional.ofNullable(route(entry, text));
    } catch (RuntimeException e) {
      // A bug here must not reach the tailer's thread; the line is just not routed.
      return Optional.empty();
    }
  }

  /** The key of the release in {@code cluster}. */
  ReleaseKey release(String cluster) {
    return new ReleaseKey(cluster, namespace, name);
  }

  /** This line as a {@link ComponentLog} of {@code component}, stamped {@code fallback} when it has no time. */
  ComponentLog toComponentLog(ComponentId component, Instant fallback) {
    return new ComponentLog(component, time != null ? time : fallback, level, message);
  }

  private static @Nullable HelmControllerLogLine route(ZapLogEntry e, String line) {
    if (namesAnotherKind(e)) {
      return null;
    }
    String namespace;
    String name;
    if (e.refNamespace != null && e.refName != null) {
      namespace = e.refNamespace;
      name = e.refName;
    } else if (!fromHelmReleaseController(e)) {
      return null;
    } else if (e.namespace != null && e.name != null) {
      namespace = e.namespace;
      name = e.name;
    } else if (e.request != null && e.request.indexOf('/') >= 0) {
      namespace = e.request.substring(0, e.request.indexOf('/'));
      name = e.request.substring(e.request.indexOf('/') + 1);
    } else {
      return null;
    }
    if (namespace.isBlank() || name.isBlank() || name.indexOf('/') >= 0) {
      return null;
    }
    return new HelmControllerLogLine(namespace, name, level(e.level), message(e, line), e.time);
  }

  private static boolean namesAnotherKind(ZapLogEntry e) {
    return e.controllerKind != null && !e.controllerKind.equals(KIND)
        || e.reconcilerKind != null && !e.reconcilerKind.equals(KIND);
  }

  /** Whether the line says it comes from the HelmRelease controller, in any version's words. */
  private static boolean fromHelmReleaseController(ZapLogEntry e) {
    return KIND.equals(e.controllerKind)
        || KIND.equals(e.reconcilerKind)
        || "helmrelease".equals(e.controller)
        || "controller.helmrelease".equals(e.logger)
        || "controllers.HelmRelease".equals(e.logger);
  }

  /** {@code msg: error}, so a Reconciler error line says what failed; the whole line when there is no msg. */
  private static String message(ZapLogEntry e, String line) {
    String message = e.message == null ? line.strip()
        : e.error == null || e.error.isEmpty() ? e.message
        : e.message + ": " + e.error;
    if (message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE) + "... [" + (message.length() - MAX_MESSAGE)
        + " more characters cut]";
  }

  /** Maps a zap level word to an {@link EventLevel}. */
  static EventLevel level(@Nullable String word) {
    if (word == null) {
      return EventLevel.INFO;
    }
    if (word.equalsIgnoreCase("error") || word.equalsIgnoreCase("dpanic") || word.equalsIgnoreCase("panic")
        || word.equalsIgnoreCase("fatal")) {
      return EventLevel.ERROR;
    }
    if (word.equalsIgnoreCase("warn")) {
      return EventLevel.WARN;
    }
    return EventLevel.INFO;
  }
}
