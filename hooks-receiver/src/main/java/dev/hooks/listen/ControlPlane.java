package dev.hooks.listen;

import dev.hooks.crypto.ConstantTime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * The gate of the control plane: the inspector page, its JSON API, the event stream, export, curl and replay, all
 * under {@code /_hooks}. The receiving plane (webhook paths, handshakes, {@code /oauth/token}) may face the world;
 * the control plane never does. A request reaches it only when all of these hold, else it is answered 403 with the
 * first reason that failed:
 *
 * <ul>
 *   <li>it did not come through the tunnel (the connector named {@value #TUNNEL}, whose clients are the public even
 *       though they arrive from loopback);
 *   <li>its client is on this machine (a loopback address);
 *   <li>its Host header names this machine: 127.0.0.1, localhost, [::1], or a name the user allows (so a page that
 *       rebinds its own name to 127.0.0.1 is refused);
 *   <li>no page of another site sent it (Sec-Fetch-Site, Origin);
 *   <li>it carries this run's token: in the cookie the inspector URL's {@code ?token=} sets (HttpOnly,
 *       SameSite=Strict), in {@code ?token=} itself, or as {@code Authorization: Bearer TOKEN}.
 * </ul>
 *
 * <p>{@link #refusal} is the one predicate; nothing else decides who reaches the control plane.
 */
public final class ControlPlane {
    /** The name of the listener's own connector. */
    public static final String CONNECTOR = "hooks";
    /** The name of the connector a tunnel delivers public traffic to: the control plane is never served on it. */
    public static final String TUNNEL = "tunnel";
    /** The query parameter that carries the token in the printed URL. */
    static final String TOKEN_PARAM = "token";
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final byte[] tokenBytes;
    private final Set<String> hosts;
    private volatile String cookie = "hooks_inspector";

    /**
     * @param allowedHosts names besides the loopback ones the Host header may carry (a name in /etc/hosts, a
     *                     reverse proxy on this machine); compared without case and port
     */
    ControlPlane(List<String> allowedHosts) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        this.tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
        Set<String> h = new LinkedHashSet<>(LOOPBACK_NAMES);
        for (String name : allowedHosts) {
            h.add(name.toLowerCase(Locale.ROOT));
        }
        this.hosts = Set.copyOf(h);
    }

    /** This run's token: printed in the inspector URL only, never logged or stored. */
    String token() {
        return token;
    }

    /** Names the cookie after the port, so that listeners on other ports of the same host keep their own. */
    void port(int port) {
        this.cookie = "hooks_inspector_" + port;
    }

    /** Whether a path belongs to the control plane. */
    static boolean owns(String path) {
        return InspectorRoutes.owns(path);
    }

    /** Why {@code request} may not reach the control plane (a one-line reason for a 403), or null when it may. */
    String refusal(Request request) {
        Connector connector = request.getConnectionMetaData().getConnector();
        if (connector != null && TUNNEL.equals(connector.getName())) {
            return "the inspector is not served through the tunnel: open it on the machine that runs hooks listen";
        }
        if (!thisMachine(request.getConnectionMetaData().getRemoteSocketAddress(),
                request.getConnectionMetaData().getLocalSocketAddress())) {
            return "the inspector answers only on this machine (loopback clients)";
        }
        String page = pageRefusal(request.getHeaders().get(HttpHeader.HOST), request.getHeaders().get("Sec-Fetch-Site"),
                request.getHeaders().get(HttpHeader.ORIGIN), hosts, "the inspector", " (pass --allow-host NAME to add a name)");
        if (page != null) {
            return page;
        }
        String given = given(request);
        if (given == null) {
            return "no inspector token: open the inspector URL hooks listen printed (it carries the token)";
        }
        if (!ConstantTime.equals(tokenBytes, given.getBytes(StandardCharsets.UTF_8))) {
            return "wrong inspector token: open the inspector URL this run of hooks listen printed";
        }
        return null;
    }

    /**
     * Why a request is refused as one a web page made rather than a program on this machine, or null when it is not:
     * its Host header does not name this machine (a page that rebinds its own name to 127.0.0.1), or a page of
     * another site or origin sent it ({@code Sec-Fetch-Site}, {@code Origin}). The listener's control plane and the
     * emulator's {@code /_emulator} routes both ask it.
     *
     * @param hosts the names the Host header may carry, lower case
     * @param who what refuses, for the reason ("the inspector")
     * @param hint what to do about a Host refused, appended to the reason (or empty)
     */
    public static String pageRefusal(String hostHeader, String site, String origin, Set<String> hosts, String who,
                                     String hint) {
        String host = hostName(hostHeader);
        if (host == null) {
            return "no Host header: " + who + " answers only requests to 127.0.0.1, localhost or [::1]";
        }
        if (!hosts.contains(host)) {
            return "Host '" + Exchange.abbreviate(host, 100) + "' is not this machine: " + who + " answers only "
                    + "127.0.0.1, localhost, [::1]" + hint;
        }
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "refused: a page of another site (" + Exchange.abbreviate(site, 20) + ") sent this request";
        }
        if (origin != null && !sameOrigin(origin, hostHeader)) {
            return "refused: a page of another origin (" + Exchange.abbreviate(origin, 100) + ") sent this request";
        }
        return null;
    }

    /** The names of this machine a Host header may carry without being allowed by name. */
    public static Set<String> loopbackNames() {
        return LOOPBACK_NAMES;
    }

    /**
     * The cookie that keeps the token once a request brought it in the query, or null when none is needed (it came
     * in the cookie or a header). Call it only for a request {@link #refusal} let through.
     */
    HttpCookie cookieFor(Request request) {
        String query = request.getHttpURI().getQuery();
        if (query == null || !query.contains(TOKEN_PARAM + "=")) {
            return null;
        }
        return HttpCookie.build(cookie, token).path(InspectorRoutes.BASE).httpOnly(true)
                .sameSite(HttpCookie.SameSite.STRICT).build();
    }

    /** The token the request carries: query, then Authorization, then cookie. */
    private String given(Request request) {
        String query = request.getHttpURI().getQuery();
        if (query != null && query.contains(TOKEN_PARAM + "=")) {
            Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            String value = fields.getValue(TOKEN_PARAM);
            if (value != null) {
                return value;
            }
        }
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).strip();
        }
        for (HttpField f : request.getHeaders()) {
            if (f.getHeader() == HttpHeader.COOKIE) {
                for (String part : f.getValue().split(";")) {
                    int eq = part.indexOf('=');
                    if (eq > 0 && part.substring(0, eq).strip().equals(cookie)) {
                        return part.substring(eq + 1).strip();
                    }
                }
            }
        }
        return null;
    }

    /** A loopback client, or one that connected from the very address it connected to (so from this machine). */
    private static boolean thisMachine(SocketAddress remote, SocketAddress local) {
        if (!(remote instanceof InetSocketAddress r) || r.getAddress() == null) {
            return false;
        }
        InetAddress ip = r.getAddress();
        return ip.isLoopbackAddress() || (local instanceof InetSocketAddress l && ip.equals(l.getAddress()));
    }

    /** The name in a Host header, lower case, without its port; [::1] keeps its brackets. Null when absent. */
    static String hostName(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static boolean sameOrigin(String origin, String host) {
        try {
            URI o = new URI(origin);
            if (host == null || o.getHost() == null || !"http".equalsIgnoreCase(o.getScheme())) {
                return false;
            }
            String authority = o.getPort() == -1 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host.strip().equalsIgnoreCase(authority);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
