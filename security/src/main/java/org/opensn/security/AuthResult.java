package org.opensn.security;

/**
 * The outcome of an API key check, ready to turn into an HTTP answer.
 *
 * @param status 200 when allowed, 401 when no key or an unknown key was sent, 403 when the key's role may not do it
 * @param caller the key's name when the key was recognised, else empty
 * @param role the key's role when recognised, else null
 * @param reason why it was refused (empty when allowed); safe to show the caller, never holds the key
 */
public record AuthResult(int status, String caller, Role role, String reason) {

    static AuthResult allowed(ApiKeyEntry e) {
        return new AuthResult(200, e.name(), e.role(), "");
    }

    static AuthResult unauthorized(String reason) {
        return new AuthResult(401, "", null, reason);
    }

    static AuthResult forbidden(ApiKeyEntry e, String reason) {
        return new AuthResult(403, e.name(), e.role(), reason);
    }

    /** True when the request may proceed. */
    public boolean isAllowed() {
        return status == 200;
    }

    /** {@code {"error":"unauthorized"|"forbidden","reason":"..."}} for a refusal; {@code {}} when allowed. */
    public String toJson() {
        if (isAllowed()) {
            return "{}";
        }
        return "{\"error\":\"" + (status == 401 ? "unauthorized" : "forbidden") + "\",\"reason\":\"" + escape(reason) + "\"}";
    }

    /** The {@code WWW-Authenticate} value to send with a 401. */
    public static String wwwAuthenticate() {
        return "Bearer realm=\"opensn\"";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
