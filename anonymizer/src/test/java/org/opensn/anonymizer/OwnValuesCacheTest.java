package org.opensn.anonymizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OwnValuesCacheTest {

    private static final String USER = "alice";
    private static final String HOST = "alice-pc";
    private static final String IP = "10.1.2.3";

    @Test
    void twoDevicesOfOneSetBothStayAndAThirdReplacesTheOlder() {
        List<String> devices = threeDevicesOfOneSet();
        OwnValuesCache cache = new OwnValuesCache();
        OwnValues a = cache.get(USER, HOST, devices.get(0), IP);
        OwnValues b = cache.get(USER, HOST, devices.get(1), IP);
        assertThat(cache.get(USER, HOST, devices.get(0), IP)).as("the first device, after the second came into its set").isSameAs(a);
        assertThat(cache.get(USER, HOST, devices.get(1), IP)).isSameAs(b);

        cache.get(USER, HOST, devices.get(2), IP);
        assertThat(cache.get(USER, HOST, devices.get(1), IP)).as("the newer of the two stays").isSameAs(b);
        assertThat(cache.get(USER, HOST, devices.get(0), IP)).as("the older one went").isNotSameAs(a);
    }

    @Test
    void aHitIsWhatOwnValuesBuildsAndEveryFieldIsPartOfTheKey() {
        OwnValuesCache cache = new OwnValuesCache();
        OwnValues withIp = cache.get(USER, HOST, "dev-1", IP);
        OwnValues withoutIp = cache.get(USER, HOST, "dev-1", null);
        assertThat(withoutIp).isNotSameAs(withIp);
        String text = "C:\\Users\\alice\\x " + IP;
        assertThat(cache.get(USER, HOST, "dev-1", IP).occursIn(text)).isEqualTo(OwnValues.of(USER, HOST, "dev-1", IP).occursIn(text)).isTrue();
        assertThat(cache.get(USER, HOST, "dev-1", null).occursIn(IP)).isFalse();
        assertThat(cache.get("bob", HOST, "dev-1", IP)).isNotSameAs(withIp);
    }

    /** Three device ids whose keys (with {@link #USER}, {@link #HOST}, {@link #IP}) fall into the same set. */
    private static List<String> threeDevicesOfOneSet() {
        Map<Integer, List<String>> bySet = new HashMap<>();
        for (int i = 0; ; i++) {
            String device = "dev-" + i;
            List<String> same = bySet.computeIfAbsent(OwnValuesCache.set(USER, HOST, device, IP), k -> new ArrayList<>());
            same.add(device);
            if (same.size() == 3) {
                return same;
            }
        }
    }
}
