package io.helmwatch.core.sink;

import io.helmwatch.core.EventSink;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Creates sinks from specs such as {@code log}, {@code jsonl:path=events.jsonl} or {@code
 * webhook:url=https://hooks.example.com/x,headerEnv.Authorization=HOOK_AUTH}, through the {@link
 * EventSinkProvider}s that {@link ServiceLoader} finds (helmwatch's own and any on the class or module
 * path).
 *
 * <p>Sinks that need an object rather than strings (the Micrometer sink needs a {@code MeterRegistry}) have
 * no provider: create them in code.
 *
 * @since 0.1
 */
public final class EventSinks {
  private EventSinks() {}

  /** Every provider found by the context class loader (or this module), by name. */
  public static Map<String, EventSinkProvider> providers() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    ServiceLoader<EventSinkProvider> found = loader == null
        ? ServiceLoader.load(EventSinkProvider.class)
        : ServiceLoader.load(EventSinkProvider.class, loader);
    return byName(found.stream().map(ServiceLoader.Provider::get).toList());
  }

  /**
   * A sink for {@code spec}.
   *
   * @throws IllegalArgumentException for a malformed spec, an unknown sink name (the message lists the known
   *     ones) or options the provider rejects
   */
  public static EventSink fromSpec(String spec) {
    return fromSpec(spec, providers());
  }

  /** A sink for {@code spec} from the given providers, by name. */
  public static EventSink fromSpec(String spec, Map<String, EventSinkProvider> providers) {
    SinkSpec parsed = SinkSpec.parse(spec);
    EventSinkProvider provider = providers.get(parsed.name());
    if (provider == null) {
      throw new IllegalArgumentException("Unknown sink '" + parsed.name() + "'; known sinks: "
          + (providers.isEmpty() ? "(none found)" : String.join(", ", new TreeMap<>(providers).keySet())));
    }
    EventSink sink = provider.create(parsed.config());
    return Objects.requireNonNull(sink, () -> "Sink provider '" + parsed.name() + "' returned no sink");
  }

  /**
   * Indexes {@code providers} by name.
   *
   * @throws IllegalStateException when two providers share a name
   */
  public static Map<String, EventSinkProvider> byName(List<EventSinkProvider> providers) {
    Map<String, EventSinkProvider> out = new TreeMap<>();
    for (EventSinkProvider p : providers) {
      EventSinkProvider clash = out.putIfAbsent(p.name(), p);
      if (clash != null && clash.getClass() != p.getClass()) {
        throw new IllegalStateException("Two sink providers are named '" + p.name() + "': "
            + clash.getClass().getName() + " and " + p.getClass().getName());
      }
    }
    return out;
  }
}
