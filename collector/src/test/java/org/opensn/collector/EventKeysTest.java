package org.opensn.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.avro.ThreatSourceEvent;

class EventKeysTest {

    private final FleetSimulator fleet = FleetSimulator.builder().seed(9).build();

    private ThreatSourceEvent source(String url, String address, String file) {
        ThreatSourceEvent e = fleet.nextThreatSource();
        e.setUrl(url);
        e.setRemoteAddress(address);
        e.setRelatedFileSha256(file);
        return e;
    }

    @Test
    void detectionsAreKeyedByTheirFileHash() {
        var d = fleet.nextDetection();
        assertThat(EventKeys.of(d)).hasToString("file:" + d.getObjectSha256());
        d.setObjectSha256(d.getObjectSha256().toUpperCase());
        assertThat(EventKeys.of(d).value()).isEqualTo(d.getObjectSha256().toLowerCase());
        d.setObjectSha256("nothex");
        assertThatThrownBy(() -> EventKeys.of(d)).hasMessageContaining("invalid object ref 'file:nothex'");
    }

    @Test
    void threatSourcesAreKeyedByHostThenAddressThenFile() {
        String sha = "a".repeat(64);
        assertThat(EventKeys.of(source("https://User:pw@WWW.Evil.Example.COM.:8443/a?b=c", "1.2.3.4", sha))).hasToString("domain:www.evil.example.com");
        assertThat(EventKeys.of(source("http://198.51.100.7/x", null, null))).hasToString("ip:198.51.100.7");
        assertThat(EventKeys.of(source("http://[2001:DB8::1]:80/x", null, null))).hasToString("ip:2001:db8::1");
        assertThatThrownBy(() -> EventKeys.of(source("http://bad host/x?y", null, null))).hasMessageContaining("invalid object ref");
        assertThat(EventKeys.of(source(null, "203.0.113.9", sha))).hasToString("ip:203.0.113.9");
        assertThat(EventKeys.of(source(null, null, sha))).hasToString("file:" + sha);
        assertThatThrownBy(() -> EventKeys.of(source(null, null, null))).hasMessageContaining("no url, remoteAddress or relatedFileSha256");
        assertThatThrownBy(() -> EventKeys.of(source("mailto:x", null, null))).hasMessageContaining("url has no host");
    }

    @Property(tries = 300)
    void urlKeysAreValidLowerCaseDomainRefs(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String label,
                                            @ForAll @AlphaChars @StringLength(min = 2, max = 6) String tld,
                                            @ForAll @IntRange(min = 1, max = 65535) int port,
                                            @ForAll @NumericChars @StringLength(max = 8) String path) {
        String url = "https://user:pw@" + label + "." + tld + ":" + port + "/" + path + "?q=" + label;
        ObjectRef ref = EventKeys.of(source(url, null, null));
        assertThat(ref.type()).isEqualTo(ObjectRef.Type.DOMAIN);
        assertThat(ref.value()).isEqualTo((label + "." + tld).toLowerCase());
        assertThat(ObjectRef.parse(ref.toString())).isEqualTo(ref);
    }
}
