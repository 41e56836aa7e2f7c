package io.helmwatch.reliability;

import io.helmwatch.testing.HelmRelease;
import io.helmwatch.testing.HelmReleases;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generated kits: {@code size} releases, each depending on up to two earlier ones. */
final class Kits {
  private Kits() {}

  static String name(int i) {
    return String.format("rel-%04d", i);
  }

  static List<HelmRelease> generate(int size, Random random) {
    List<HelmRelease> kit = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      // Half the kit keeps Flux's default of no retries, half retries: both ways of failing are played.
      HelmRelease r = HelmReleases.named(name(i)).remediationRetries(i % 2 == 0 ? 0 : 2);
      if (i > 0) {
        int deps = random.nextInt(3);
        List<String> on = new ArrayList<>();
        for (int d = 0; d < deps; d++) {
          String dep = name(random.nextInt(i));
          if (!on.contains(dep)) {
            on.add(dep);
          }
        }
        if (!on.isEmpty()) {
          r = r.dependsOn(on.toArray(String[]::new));
        }
      }
      kit.add(r);
    }
    return kit;
  }
}
