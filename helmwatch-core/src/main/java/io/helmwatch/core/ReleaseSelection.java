package io.helmwatch.core;

import io.helmwatch.core.internal.Checks;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which releases a watch follows and the ids it gives them: one value that the watcher, the source and the
 * log tailer can share, so that they never disagree on what {@code bp-} means.
 *
 * <pre>{@code
 * ReleaseSelection kit = ReleaseSelection.namePrefix("bp-");   // bp-cilium is followed, as "cilium"
 * Watcher watcher = Watcher.builder(source).selection(kit).build();
 * HelmControllerLogTailer tailer = HelmControllerLogTailer.builder(client, bridge).selection(kit).build();
 * }</pre>
 *
 * <p>Unless a namer is given, the ids follow the source: {@link ComponentNamer#stripPrefix} for a source in
 * one namespace, {@link ComponentNamer#namespaced(String)} for one that {@linkplain
 * ReleaseSource#spansNamespaces() spans namespaces}.
 *
 * @since 0.1
 */
public final class ReleaseSelection {
  private static final ReleaseSelection ALL = new ReleaseSelection(ReleaseFilter.all(), null, "");

  private final ReleaseFilter filter;
  private final @Nullable ComponentNamer namer;
  private final String prefix;

  private ReleaseSelection(ReleaseFilter filter, @Nullable ComponentNamer namer, String prefix) {
    this.filter = filter;
    this.namer = namer;
    this.prefix = prefix;
  }

  /** Every release, ids by name. */
  public static ReleaseSelection all() {
    return ALL;
  }

  /** Releases named {@code prefix…}, ids without the prefix ({@code bp-cilium} is {@code cilium}). */
  public static ReleaseSelection namePrefix(String prefix) {
    Checks.notBlank(prefix, "prefix");
    return new ReleaseSelection(ReleaseFilter.namePrefix(prefix), null, prefix);
  }

  /** The releases {@code filter} accepts, named by {@code namer} whatever the source. */
  public static ReleaseSelection of(ReleaseFilter filter, ComponentNamer namer) {
    return new ReleaseSelection(Objects.requireNonNull(filter, "filter"), Objects.requireNonNull(namer, "namer"),
        "");
  }

  /** Decides which releases are followed. */
  public ReleaseFilter filter() {
    return filter;
  }

  /** The namer for a source that does or does not span namespaces. */
  public ComponentNamer namer(boolean spansNamespaces) {
    if (namer != null) {
      return namer;
    }
    return spansNamespaces ? ComponentNamer.namespaced(prefix) : ComponentNamer.stripPrefix(prefix);
  }

  @Override
  public String toString() {
    if (this == ALL) {
      return "ReleaseSelection[all]";
    }
    return prefix.isEmpty() ? "ReleaseSelection[custom]" : "ReleaseSelection[namePrefix=" + prefix + "]";
  }
}
