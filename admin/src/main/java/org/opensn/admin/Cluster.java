package org.opensn.admin;

import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.opensn.security.ClusterAccess;

/** Opens an {@link Admin} from the configuration for the length of one command. */
final class Cluster {

    private Cluster() {
    }

    static <T> T with(AdminConfig config, Function<ClusterContext, T> action) {
        Admin admin = Admin.create(config.adminClientProperties());
        try {
            return action.apply(new ClusterContext(admin, ClusterAccess.using(admin, config.timeout()), config));
        } finally {
            admin.close(java.time.Duration.ofSeconds(5));
        }
    }

    record ClusterContext(Admin admin, ClusterAccess access, AdminConfig config) {
    }
}
