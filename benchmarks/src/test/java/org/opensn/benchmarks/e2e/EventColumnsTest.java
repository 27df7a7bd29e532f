package org.opensn.benchmarks.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.schemas.avro.DetectionEvent;

class EventColumnsTest {

    @Test
    void everyDetectionComesBackEqualToTheOneAdded() {
        FleetSimulator fleet = FleetSimulator.builder().devices(200).seed(7).build();
        List<DetectionEvent> made = new ArrayList<>();
        EventColumns columns = new EventColumns(20_000);
        for (int i = 0; i < 20_000; i++) {
            DetectionEvent e = fleet.nextDetection();
            made.add(e);
            columns.add(e);
        }
        // a user name with letters beyond ASCII, in the path, and the last detection without a path
        DetectionEvent accented = fleet.nextDetection();
        accented.setObjectPath("C:\\Users\\Zoë Łukasz 山田\\x.exe");
        DetectionEvent pathless = fleet.nextDetection();
        pathless.setObjectPath(null);
        pathless.setLocalIp(null);
        EventColumns more = new EventColumns(2);
        more.add(accented);
        more.add(pathless);

        assertThat(columns).hasSize(20_000).containsExactlyElementsOf(made);
        assertThat(made).as("the simulator's detections include ones without a path and without an address")
                .anyMatch(e -> e.getObjectPath() == null).anyMatch(e -> e.getLocalIp() == null);
        assertThat(columns.subList(5_000, 5_010)).containsExactlyElementsOf(made.subList(5_000, 5_010));
        assertThat(more).containsExactly(accented, pathless);
        assertThat(columns.get(3)).as("a new object each time, so no run shares one with another").isNotSameAs(columns.get(3));
    }

    @Test
    void refusesWhatItCannotKeepAndCountsItsRoom() {
        FleetSimulator fleet = FleetSimulator.builder().devices(10).seed(1).build();
        DetectionEvent e = fleet.nextDetection();
        String id = e.getEventId();
        EventColumns columns = new EventColumns(1);

        e.setEventId("evt-1");
        assertThatThrownBy(() -> columns.add(e))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'evt-1'").hasMessageContaining("canonical form");
        e.setEventId(id.toUpperCase(Locale.ROOT));
        assertThatThrownBy(() -> columns.add(e)).isInstanceOf(IllegalArgumentException.class);
        assertThat(columns).isEmpty();
        e.setEventId(id);
        e.setEventTime(Instant.parse("2026-12-07T02:00:00.123Z"));
        columns.add(e);
        assertThat(columns.get(0).getEventTime()).isEqualTo(Instant.parse("2026-12-07T02:00:00.123Z"));
        assertThatThrownBy(() -> columns.add(fleet.nextDetection())).isInstanceOf(IllegalStateException.class).hasMessageContaining("hold 1 detections");
        assertThatThrownBy(() -> columns.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
