package org.opensn.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of every role, as plain {@link AclBinding}s (all ALLOW, any host). The broker runs the
 * {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}, so anything not
 * listed here is refused.
 *
 * <table>
 *   <caption>Role ACLs</caption>
 *   <tr><th>role</th><th>may</th></tr>
 *   <tr><td>endpoint ({@code endpoint-<licence id>}, one set per registered licence)</td>
 *       <td>WRITE + DESCRIBE on the two raw topics; IDEMPOTENT_WRITE on the cluster</td></tr>
 *   <tr><td>streams app</td><td>READ + DESCRIBE on the two raw topics and analyst verdicts; WRITE + DESCRIBE on
 *       anon x2, stats, verdicts, dead letters and analyst verdicts (its analyst API writes overrides); ALL on
 *       topics prefixed {@code <application.id>-} (changelogs, repartitions); READ on groups and WRITE + DESCRIBE on
 *       transactional ids prefixed {@code <application.id>}; IDEMPOTENT_WRITE on the cluster</td></tr>
 *   <tr><td>analyst</td><td>READ + DESCRIBE on anon x2, stats and verdicts; WRITE + DESCRIBE on analyst verdicts;
 *       READ on groups prefixed with the analyst group prefix</td></tr>
 *   <tr><td>cache</td><td>READ + DESCRIBE on verdicts (caches assign partitions: no group)</td></tr>
 * </table>
 */
public final class KafkaRoleAcls {

    private KafkaRoleAcls() {
    }

    /** An endpoint's ACLs: write and describe the two raw topics, idempotent write. Nothing else. */
    public static List<AclBinding> endpoint(String principal, AclTopics t) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(t.detectionsRaw(), t.threatSourcesRaw())) {
            acls.add(topic(principal, topic, AclOperation.WRITE));
            acls.add(topic(principal, topic, AclOperation.DESCRIBE));
        }
        acls.add(cluster(principal, AclOperation.IDEMPOTENT_WRITE));
        return List.copyOf(acls);
    }

    /** The streams app's ACLs (see the class comment). */
    public static List<AclBinding> streams(ServicePrincipals p, AclTopics t) {
        String u = p.streams();
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(t.detectionsRaw(), t.threatSourcesRaw(), t.analystVerdicts())) {
            acls.add(topic(u, topic, AclOperation.READ));
            acls.add(topic(u, topic, AclOperation.DESCRIBE));
        }
        for (String topic : List.of(t.detectionsAnon(), t.threatSourcesAnon(), t.threatStats(), t.verdicts(), t.deadLetters(),
                t.analystVerdicts())) {
            acls.add(topic(u, topic, AclOperation.WRITE));
            if (!topic.equals(t.analystVerdicts())) {
                acls.add(topic(u, topic, AclOperation.DESCRIBE));
            }
        }
        String app = p.streamsApplicationId();
        acls.add(acl(u, ResourceType.TOPIC, app + "-", PatternType.PREFIXED, AclOperation.ALL));
        acls.add(acl(u, ResourceType.GROUP, app, PatternType.PREFIXED, AclOperation.READ));
        acls.add(acl(u, ResourceType.TRANSACTIONAL_ID, app, PatternType.PREFIXED, AclOperation.WRITE));
        acls.add(acl(u, ResourceType.TRANSACTIONAL_ID, app, PatternType.PREFIXED, AclOperation.DESCRIBE));
        acls.add(cluster(u, AclOperation.IDEMPOTENT_WRITE));
        return List.copyOf(acls);
    }

    /** The analysts' ACLs (see the class comment). */
    public static List<AclBinding> analyst(ServicePrincipals p, AclTopics t) {
        String u = p.analyst();
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(t.detectionsAnon(), t.threatSourcesAnon(), t.threatStats(), t.verdicts())) {
            acls.add(topic(u, topic, AclOperation.READ));
            acls.add(topic(u, topic, AclOperation.DESCRIBE));
        }
        acls.add(topic(u, t.analystVerdicts(), AclOperation.WRITE));
        acls.add(topic(u, t.analystVerdicts(), AclOperation.DESCRIBE));
        acls.add(acl(u, ResourceType.GROUP, p.analystGroupPrefix(), PatternType.PREFIXED, AclOperation.READ));
        return List.copyOf(acls);
    }

    /** The caches' ACLs: read and describe verdicts. */
    public static List<AclBinding> cache(ServicePrincipals p, AclTopics t) {
        return List.of(topic(p.cache(), t.verdicts(), AclOperation.READ), topic(p.cache(), t.verdicts(), AclOperation.DESCRIBE));
    }

    /**
     * Every role's ACLs by principal name: the three services and each of {@code endpointPrincipals}.
     * This is the complete set {@code opensn-admin acl apply} makes the cluster hold for these principals.
     */
    public static Map<String, List<AclBinding>> all(ServicePrincipals p, AclTopics t, Collection<String> endpointPrincipals) {
        Map<String, List<AclBinding>> all = new LinkedHashMap<>();
        all.put(p.streams(), streams(p, t));
        all.put(p.analyst(), analyst(p, t));
        all.put(p.cache(), cache(p, t));
        for (String e : endpointPrincipals) {
            if (!LicenceKey.isEndpointPrincipal(e)) {
                throw new IllegalArgumentException("'" + e + "' is not an endpoint principal (endpoint-<16 hex>)");
            }
            all.put(e, endpoint(e, t));
        }
        return all;
    }

    private static AclBinding topic(String user, String topic, AclOperation op) {
        return acl(user, ResourceType.TOPIC, topic, PatternType.LITERAL, op);
    }

    private static AclBinding cluster(String user, AclOperation op) {
        return acl(user, ResourceType.CLUSTER, "kafka-cluster",
                PatternType.LITERAL, op);
    }

    static AclBinding acl(String user, ResourceType type, String name, PatternType pattern, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }
}
