package org.opensn.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ResourceNotFoundException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access control on a cluster through an {@link Admin} logged in as a super user (or a user with
 * ALTER on the cluster): licences, service users and role ACLs.
 *
 * <p>Endpoint ACLs are literal, one set per registered endpoint principal: Kafka ACLs cannot match
 * a principal by prefix, so {@link #registerLicence} creates the endpoint's SCRAM credentials and
 * its ACLs together and {@link #revokeLicence} deletes both. {@link #applyAcls} makes the cluster
 * hold exactly the given bindings for each given principal, so re-running it is harmless and an ACL
 * added by hand to one of these principals is removed.
 *
 * <p>Every Kafka error is rethrown as the unchecked Kafka exception the broker answered with (for
 * example {@code SaslAuthenticationException}, {@code ClusterAuthorizationException}); no answer
 * within the timeout is a {@link TimeoutException}.
 */
public final class ClusterAccess {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterAccess.class);

    private final Admin admin;
    private final Duration timeout;

    private ClusterAccess(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Works through {@code admin} (not closed here), waiting at most {@code timeout} per request. */
    public static ClusterAccess using(Admin admin, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return new ClusterAccess(admin, timeout);
    }

    /** What {@link #registerLicence} did. */
    public record Registration(String principal, boolean wasRegistered, AclChange acls) {
    }

    /**
     * Creates (or renews) the SCRAM-SHA-512 credentials of {@code key.principal()} with the password
     * derived from the key, and gives it exactly the endpoint ACLs.
     */
    public Registration registerLicence(LicenceKey key, AclTopics topics) {
        String principal = key.principal();
        boolean existed = endpointPrincipals().contains(principal);
        setUser(principal, key.scramPassword());
        AclChange acls = applyAcls(Map.of(principal, KafkaRoleAcls.endpoint(principal, topics)));
        LOG.info("registered {} as {} ({})", key, principal, acls);
        return new Registration(principal, existed, acls);
    }

    /**
     * Deletes the SCRAM credentials and every ACL of an endpoint principal. Connections already
     * open stay until they re-authenticate (broker setting {@code connections.max.reauth.ms}).
     *
     * @return false when it had no credentials (its ACLs are removed anyway)
     */
    public boolean revokeLicence(String principal) {
        if (!LicenceKey.isEndpointPrincipal(principal)) {
            throw new IllegalArgumentException("'" + principal + "' is not an endpoint principal (endpoint-<16 hex>);"
                    + " give the licence id or principal shown by 'opensn-admin licence list'");
        }
        boolean had = true;
        try {
            await(admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion(principal, ScramMechanism.SCRAM_SHA_512))).all(),
                    "delete SCRAM credentials of " + principal);
        } catch (ResourceNotFoundException e) {
            had = false;
        }
        AclChange acls = applyAcls(Map.of(principal, List.of()));
        LOG.info("revoked {} (credentials {}, {} ACLs removed)", principal, had ? "deleted" : "absent", acls.deleted());
        return had;
    }

    /** Endpoint principals that have SCRAM credentials, sorted. Keys are never known here. */
    public List<String> endpointPrincipals() {
        Collection<String> users = await(admin.describeUserScramCredentials().users(), "list SCRAM users");
        return users.stream().filter(LicenceKey::isEndpointPrincipal).sorted().toList();
    }

    /** Creates or changes the SCRAM-SHA-512 password of a (service) user. */
    public void setUser(String name, String password) {
        ScramCredentials.check("SCRAM user name", name);
        ScramCredentials.check("SCRAM password of " + name, password);
        await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ScramCredentials.ITERATIONS), password))).all(),
                "set SCRAM credentials of " + name);
    }

    /**
     * Makes the cluster hold exactly {@code desired} for each principal in it (user names without
     * {@code User:}): missing bindings are created, other bindings of those principals deleted.
     * Principals not in the map are left alone.
     */
    public AclChange applyAcls(Map<String, List<AclBinding>> desired) {
        AclChange total = new AclChange(0, 0, 0);
        for (Map.Entry<String, List<AclBinding>> e : desired.entrySet()) {
            total = total.plus(applyExactly(e.getKey(), e.getValue()));
        }
        return total;
    }

    /** Every ACL binding of {@code user}. */
    public Collection<AclBinding> aclsOf(String user) {
        AclBindingFilter filter = new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY));
        return await(admin.describeAcls(filter).values(), "describe ACLs of " + user);
    }

    private AclChange applyExactly(String user, List<AclBinding> wanted) {
        for (AclBinding b : wanted) {
            if (!b.entry().principal().equals("User:" + user)) {
                throw new IllegalArgumentException("ACL " + b + " is not for User:" + user);
            }
        }
        Set<AclBinding> held = new HashSet<>(aclsOf(user));
        Set<AclBinding> want = new HashSet<>(wanted);
        List<AclBinding> create = new ArrayList<>();
        for (AclBinding b : want) {
            if (!held.contains(b)) {
                create.add(b);
            }
        }
        List<AclBindingFilter> delete = new ArrayList<>();
        for (AclBinding b : held) {
            if (!want.contains(b)) {
                delete.add(b.toFilter());
            }
        }
        if (!create.isEmpty()) {
            await(admin.createAcls(create).all(), "create ACLs for " + user);
        }
        if (!delete.isEmpty()) {
            await(admin.deleteAcls(delete).all(), "delete ACLs of " + user);
        }
        return new AclChange(create.size(), delete.size(), want.size() - create.size());
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("no answer from the cluster within " + timeout.toSeconds() + " s to " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        }
    }
}
