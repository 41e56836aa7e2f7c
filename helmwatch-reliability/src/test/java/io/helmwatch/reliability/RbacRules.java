package io.helmwatch.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules of the roles in {@code deploy/rbac.yaml}, read without a YAML library: the file keeps one
 * object per document and flow lists ({@code ["get", "list"]}) in its rules.
 */
final class RbacRules {

  record Rule(List<String> apiGroups, List<String> resources, List<String> verbs) {
    boolean allows(String group, String resource, String verb) {
      return apiGroups.contains(group) && resources.contains(resource) && verbs.contains(verb);
    }
  }

  private RbacRules() {}

  /** Rules by {@code Kind/name} of every Role and ClusterRole in {@code file}. */
  static Map<String, List<Rule>> read(Path file) throws IOException {
    Map<String, List<Rule>> roles = new TreeMap<>();
    for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
      String kind = null;
      String name = null;
      List<Rule> rules = new ArrayList<>();
      List<String> groups = null;
      List<String> resources = null;
      for (String raw : doc.split("\n")) {
        String line = raw.replaceFirst("#.*$", "").stripTrailing();
        String t = line.strip().replaceFirst("^- ", "");
        if (line.startsWith("kind: ")) {
          kind = t.substring("kind: ".length());
        } else if (line.startsWith("  name: ") && name == null) {
          name = t.substring("name: ".length());
        } else if (t.startsWith("apiGroups: ")) {
          groups = flowList(t);
        } else if (t.startsWith("resources: ")) {
          resources = flowList(t);
        } else if (t.startsWith("verbs: ")) {
          if (groups == null || resources == null) {
            throw new IllegalStateException("rule without apiGroups and resources before verbs in " + file);
          }
          rules.add(new Rule(groups, resources, flowList(t)));
          groups = null;
          resources = null;
        }
      }
      if ("Role".equals(kind) || "ClusterRole".equals(kind)) {
        roles.put(kind + "/" + name, rules);
      }
    }
    return roles;
  }

  private static List<String> flowList(String entry) {
    String list = entry.substring(entry.indexOf('[') + 1, entry.lastIndexOf(']'));
    return Arrays.stream(list.split(",")).map(s -> s.strip().replace("\"", "")).toList();
  }
}
