package org.opensn.streams.query;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Optional;
import org.opensn.security.ApiKeyAuthenticator;
import org.opensn.security.AuthResult;
import org.opensn.security.HttpRoutes;
import org.opensn.security.Permission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the API key of every request before its route runs ({@link HttpRoutes#analyst}) and hands
 * an accepted key to {@link RemoteInstances} for the calls to other instances made on this thread.
 */
final class ApiKeyFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);

    private ApiKeyFilter() {
    }

    /** Thrown by the before-handler to end a refused request. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient AuthResult result;

        Refused(AuthResult result) {
            super(result.reason(), null, false, false);
            this.result = result;
        }
    }

    static void install(Javalin app, ApiKeyAuthenticator auth) {
        app.before(ctx -> check(ctx, auth));
        app.after(ctx -> RemoteInstances.FORWARDED_KEY.remove());
        app.exception(Refused.class, (e, ctx) -> {
            if (e.result.status() == 401) {
                ctx.header("WWW-Authenticate", AuthResult.wwwAuthenticate());
            }
            ctx.status(e.result.status()).contentType("application/json").result(e.result.toJson());
        });
    }

    private static void check(Context ctx, ApiKeyAuthenticator auth) {
        RemoteInstances.FORWARDED_KEY.remove();
        Optional<Permission> need = HttpRoutes.analyst(ctx.method().name(), ctx.path());
        if (need.isEmpty()) {
            return;
        }
        AuthResult r = auth.authenticate(ctx.header("Authorization"), ctx.header("X-API-Key"), need.get());
        if (!r.isAllowed()) {
            LOG.debug("refused {} {} with {}: {}", ctx.method(), ctx.path(), r.status(), r.reason());
            throw new Refused(r);
        }
        RemoteInstances.FORWARDED_KEY.set(ApiKeyAuthenticator.presentedKey(ctx.header("Authorization"), ctx.header("X-API-Key")));
    }
}
