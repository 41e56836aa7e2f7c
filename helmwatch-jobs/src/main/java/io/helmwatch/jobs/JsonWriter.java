package io.helmwatch.jobs;

import io.helmwatch.core.internal.json.JsonStrings;
import org.jspecify.annotations.Nullable;

/**
 * Writes the jobs store's JSON without a third-party library. Only what the store's fixed schema needs:
 * objects, arrays, strings, integers and null. Callers pair begin/end calls; commas are placed here.
 */
final class JsonWriter {
  private final StringBuilder out;
  /** Whether the next value or name in the current container needs a comma before it. */
  private boolean comma;

  JsonWriter(int capacity) {
    this.out = new StringBuilder(capacity);
  }

  JsonWriter beginObject() {
    separate();
    out.append('{');
    comma = false;
    return this;
  }

  JsonWriter endObject() {
    out.append('}');
    comma = true;
    return this;
  }

  JsonWriter beginArray() {
    separate();
    out.append('[');
    comma = false;
    return this;
  }

  JsonWriter endArray() {
    out.append(']');
    comma = true;
    return this;
  }

  JsonWriter name(String name) {
    separate();
    quote(name);
    out.append(':');
    comma = false;
    return this;
  }

  JsonWriter value(@Nullable String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      quote(value);
    }
    comma = true;
    return this;
  }

  JsonWriter value(long value) {
    separate();
    out.append(value);
    comma = true;
    return this;
  }

  JsonWriter field(String name, @Nullable String value) {
    return name(name).value(value);
  }

  JsonWriter field(String name, long value) {
    return name(name).value(value);
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void separate() {
    if (comma) {
      out.append(',');
    }
  }

  private void quote(String s) {
    JsonStrings.quote(out, s);
  }
}
