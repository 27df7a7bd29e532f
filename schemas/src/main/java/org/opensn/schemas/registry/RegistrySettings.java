package org.opensn.schemas.registry;

import static org.opensn.schemas.registry.SchemaRegistryClientConfig.*;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** The validated settings of an HTTP registry client. */
record RegistrySettings(
        List<URI> urls,
        String userInfo,
        SSLContext sslContext,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff,
        Duration retryBackoffMax) {

    RegistrySettings {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(URL + " is empty: set it to the registry base URL, e.g. http://127.0.0.1:8081");
        }
    }

    static RegistrySettings from(Map<String, ?> config) {
        String urlList = ConfigValues.string(config, URL);
        if (urlList == null) {
            throw new IllegalArgumentException(URL + " is not set: set it to the registry base URL, e.g. http://127.0.0.1:8081"
                    + " (Apicurio: http://host:port/apis/ccompat/v7), or mock://<scope> in unit tests");
        }
        List<URI> urls = new ArrayList<>();
        for (String part : urlList.split(",")) {
            String trimmed = part.trim();
            if (!trimmed.isEmpty()) {
                urls.add(parseUrl(trimmed));
            }
        }
        String userInfo = ConfigValues.string(config, BASIC_AUTH_USER_INFO);
        if (userInfo == null) {
            userInfo = ConfigValues.string(config, BASIC_AUTH_USER_INFO_ALIAS);
        }
        if (userInfo != null && userInfo.indexOf(':') < 0) {
            throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must be 'user:password' (the colon is missing)");
        }
        boolean anyHttps = urls.stream().anyMatch(u -> "https".equals(u.getScheme()));
        SSLContext ssl = anyHttps ? SslContexts.fromConfig(config) : null;
        int backoff = ConfigValues.integer(config, RETRY_BACKOFF_MS, RETRY_BACKOFF_MS_DEFAULT, 0);
        return new RegistrySettings(urls, userInfo, ssl,
                Duration.ofMillis(ConfigValues.integer(config, CONNECT_TIMEOUT_MS, CONNECT_TIMEOUT_MS_DEFAULT, 1)),
                Duration.ofMillis(ConfigValues.integer(config, REQUEST_TIMEOUT_MS, REQUEST_TIMEOUT_MS_DEFAULT, 1)),
                ConfigValues.integer(config, MAX_RETRIES, MAX_RETRIES_DEFAULT, 0),
                Duration.ofMillis(backoff),
                Duration.ofMillis(Math.max(backoff, ConfigValues.integer(config, RETRY_BACKOFF_MAX_MS, RETRY_BACKOFF_MAX_MS_DEFAULT, 0))));
    }

    private static URI parseUrl(String text) {
        String stripped = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        URI uri;
        try {
            uri = new URI(stripped);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URL + " holds '" + text + "', which is not a URL: " + e.getMessage(), e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(URL + " holds '" + text
                    + "': expected http://host:port[/path] or https://host:port[/path] (or mock://<scope> alone)");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException(URL + " holds credentials in the URL: move them to " + BASIC_AUTH_USER_INFO);
        }
        return uri;
    }

    /** The URLs as one string for messages. */
    String describeUrls() {
        return urls.size() == 1 ? urls.get(0).toString() : urls.toString();
    }
}
