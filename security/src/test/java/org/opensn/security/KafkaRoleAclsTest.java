package org.opensn.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class KafkaRoleAclsTest {

    private final AclTopics t = AclTopics.defaults();
    private final ServicePrincipals p = ServicePrincipals.defaults();

    @Test
    void endpointMayOnlyWriteAndDescribeTheRawTopics() {
        List<AclBinding> acls = KafkaRoleAcls.endpoint("endpoint-0123456789abcdef", t);
        assertThat(acls).hasSize(5).allMatch(b -> b.entry().permissionType() == AclPermissionType.ALLOW
                && b.entry().principal().equals("User:endpoint-0123456789abcdef") && b.pattern().patternType() == PatternType.LITERAL);
        assertThat(acls).filteredOn(b -> b.pattern().resourceType() == ResourceType.TOPIC)
                .extracting(b -> b.pattern().name()).containsOnly("opensn.detections.raw", "opensn.threat-sources.raw");
        assertThat(acls).extracting(b -> b.entry().operation())
                .containsOnly(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.IDEMPOTENT_WRITE);
    }

    @Test
    void onlyTheStreamsAppReadsRawAndNobodyReadsDeadLetters() {
        Map<String, List<AclBinding>> all = KafkaRoleAcls.all(p, t, List.of("endpoint-0123456789abcdef"));
        all.forEach((user, acls) -> {
            for (AclBinding b : acls) {
                boolean reads = b.entry().operation() == AclOperation.READ || b.entry().operation() == AclOperation.ALL;
                if (reads && b.pattern().resourceType() == ResourceType.TOPIC) {
                    assertThat(b.pattern().name()).as(user + " reading").isNotEqualTo(t.deadLetters());
                    if (!user.equals(p.streams())) {
                        assertThat(b.pattern().name()).as(user + " reading").doesNotContain(".raw");
                    }
                }
            }
        });
    }

    @Test
    void cacheOnlyReadsVerdictsAndAnalystWritesOnlyAnalystVerdicts() {
        assertThat(KafkaRoleAcls.cache(p, t)).extracting(b -> b.pattern().name()).containsOnly("opensn.verdicts");
        assertThat(KafkaRoleAcls.cache(p, t)).extracting(b -> b.entry().operation()).containsOnly(AclOperation.READ, AclOperation.DESCRIBE);
        assertThat(KafkaRoleAcls.analyst(p, t)).filteredOn(b -> b.entry().operation() == AclOperation.WRITE)
                .extracting(b -> b.pattern().name()).containsExactly("opensn.analyst-verdicts");
    }

    @Test
    void streamsOwnsItsPrefixes() {
        assertThat(KafkaRoleAcls.streams(p, t)).filteredOn(b -> b.pattern().patternType() == PatternType.PREFIXED)
                .extracting(b -> b.pattern().resourceType() + ":" + b.pattern().name() + ":" + b.entry().operation())
                .containsExactlyInAnyOrder("TOPIC:opensn-streams-:ALL", "GROUP:opensn-streams:READ",
                        "TRANSACTIONAL_ID:opensn-streams:WRITE", "TRANSACTIONAL_ID:opensn-streams:DESCRIBE");
    }

    @Test
    void rejectsConfusablePrincipals() {
        assertThatThrownBy(() -> KafkaRoleAcls.all(p, t, List.of("opensn-streams"))).hasMessageContaining("not an endpoint principal");
        assertThatThrownBy(() -> new ServicePrincipals("a", "app", "a", "g", "c")).hasMessageContaining("three different principals");
        assertThatThrownBy(() -> new ServicePrincipals("a b", "app", "x", "g", "c")).hasMessageContaining("letters, digits");
    }
}
