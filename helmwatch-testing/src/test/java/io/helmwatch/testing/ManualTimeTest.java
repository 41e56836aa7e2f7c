package io.helmwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTimeTest {

  @Test
  void tasksRunInDueOrderWithTheClockAtTheirDueTime() {
    ManualTime time = ManualTime.at(Instant.EPOCH);
    List<String> ran = new ArrayList<>();
    time.schedule(() -> ran.add("b@" + time.now().getEpochSecond()), Duration.ofSeconds(20));
    time.schedule(() -> ran.add("a@" + time.now().getEpochSecond()), Duration.ofSeconds(10));
    time.schedule(() -> ran.add("late"), Duration.ofSeconds(99));

    time.advance(Duration.ofSeconds(30));

    assertThat(ran).containsExactly("a@10", "b@20");
    assertThat(time.clock().instant()).isEqualTo(Instant.EPOCH.plusSeconds(30));
    assertThat(time.pendingTasks()).isEqualTo(1);
  }

  @Test
  void cancelledTasksDoNotRunAndFixedRateTasksRepeat() {
    ManualTime time = ManualTime.at(Instant.EPOCH);
    List<String> ran = new ArrayList<>();
    time.schedule(() -> ran.add("cancelled"), Duration.ofSeconds(1)).cancel();
    var ticking = time.scheduleAtFixedRate(() -> ran.add("tick"), Duration.ofSeconds(10));
    time.advance(Duration.ofSeconds(35));
    ticking.cancel();
    time.advance(Duration.ofSeconds(100));
    assertThat(ran).containsExactly("tick", "tick", "tick");
  }
}
