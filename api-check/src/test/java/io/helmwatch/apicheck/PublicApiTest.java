package io.helmwatch.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The public API of each published module, listed one type and member a line, sorted, and compared with the
 * listing checked in at {@code <module>/api/<module>.api}. A change to the API is then a change to that
 * file, visible in review. Rewrite the listings with {@code -Dhelmwatch.api.update=true}.
 */
class PublicApiTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "helmwatch-core, io.helmwatch.core.Watcher",
      "helmwatch-jobs, io.helmwatch.jobs.JobsBridge",
      "helmwatch-testing, io.helmwatch.testing.HelmReleases",
      "helmwatch-testing-fabric8, io.helmwatch.testing.fabric8.FakeCluster",
      "helmwatch-testing-junit5, io.helmwatch.testing.junit5.EventSinkContract",
      "helmwatch-fabric8, io.helmwatch.fabric8.Fabric8ReleaseSource",
      "helmwatch-micrometer, io.helmwatch.micrometer.MicrometerSink",
      "helmwatch-kafka, io.helmwatch.kafka.KafkaSink",
      "helmwatch-cloudevents, io.helmwatch.cloudevents.CloudEventsFormat"})
  void thePublicApiIsTheCheckedInListing(String module, String anchor) throws Exception {
    String actual = listing(Class.forName(anchor));
    Path file = Path.of(System.getProperty("helmwatch.root", "..")).resolve(module).resolve("api")
        .resolve(module + ".api");
    if (Boolean.getBoolean("helmwatch.api.update")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file).as("checked-in API listing; rewrite with -Dhelmwatch.api.update=true").exists();
    assertThat(actual)
        .as("the public API of %s differs from %s; if the change is meant, rewrite the listing with"
            + " -Dhelmwatch.api.update=true and commit it", module, file)
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Every public type of the jar or directory {@code anchor} was loaded from, with its public members. */
  private static String listing(Class<?> anchor) throws IOException, URISyntaxException {
    Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, String> types = new TreeMap<>();
    if (Files.isDirectory(location)) {
      collect(location, anchor.getClassLoader(), types);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(location)) {
        collect(jar.getPath("/"), anchor.getClassLoader(), types);
      }
    }
    return String.join("", types.values());
  }

  /** Fills {@code types} with type name to its listing: the header line, then a line per member. */
  private static void collect(Path root, ClassLoader loader, Map<String, String> types) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String relative = root.relativize(p).toString();
        if (!relative.endsWith(".class") || relative.endsWith("module-info.class")
            || relative.endsWith("package-info.class")) {
          continue;
        }
        String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
        Class<?> type;
        try {
          type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          throw new IllegalStateException("cannot load " + name, e);
        }
        if (isApi(type)) {
          StringBuilder entry = new StringBuilder(header(type)).append('\n');
          members(type).forEach(m -> entry.append("  ").append(m).append('\n'));
          types.put(type.getName(), entry.toString());
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Public, and every enclosing type public too; anonymous and local classes, and {@code .internal.}
   * packages (which module-info exports to helmwatch's own modules at most), are never API.
   */
  private static boolean isApi(Class<?> type) {
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()
        || type.getPackageName().contains(".internal")) {
      return false;
    }
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static String header(Class<?> type) {
    String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : type.isEnum() ? "enum"
        : type.isRecord() ? "record" : "class";
    int modifiers = type.getModifiers() & ~(Modifier.INTERFACE | Modifier.ABSTRACT | Modifier.STATIC);
    if (type.isInterface() || type.isEnum() || type.isRecord()) {
      modifiers &= ~Modifier.FINAL;
    }
    StringBuilder h = new StringBuilder(Modifier.toString(modifiers)).append(' ').append(kind).append(' ')
        .append(type.getName());
    if (type.isSealed()) {
      h.append(" sealed");
    }
    if (type.getGenericSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum()
        && !type.isRecord()) {
      h.append(" extends ").append(type.getGenericSuperclass().getTypeName());
    }
    var interfaces = type.getGenericInterfaces();
    for (int i = 0; i < interfaces.length; i++) {
      h.append(i == 0 ? (type.isInterface() ? " extends " : " implements ") : ", ")
          .append(interfaces[i].getTypeName());
    }
    return h.toString();
  }

  private static List<String> members(Class<?> type) {
    List<String> out = new ArrayList<>();
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c.getModifiers()) && !c.isSynthetic()) {
        out.add(c.toGenericString());
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        out.add(m.toGenericString());
      }
    }
    for (Field f : type.getDeclaredFields()) {
      if (visible(f.getModifiers()) && !f.isSynthetic()) {
        out.add(f.toGenericString());
      }
    }
    out.sort(null);
    return out;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }
}
