package dev.hooks.tunnel;

import dev.hooks.HooksException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;

/**
 * An SSH reverse port forward made in process (Apache MINA SSHD): the server listens on a port of its own and hands
 * every connection to it back through the session to the listener's tunnel entry. Works with any OpenSSH server that
 * allows remote forwarding, and with SSH tunnel services, which name their public URL on the session's output: that
 * URL, when there is one, is the public URL; otherwise {@code http://HOST:PORT}.
 *
 * <p>The server's host key is checked against {@code known_hosts}: an unknown host is refused unless
 * {@link Settings#acceptNew} (then its fingerprint is reported and it is added), a changed key is always refused.
 * Only public-key authentication is tried, with the keys given or the usual {@code ~/.ssh/id_*}.
 */
public final class SshTunnel extends ReconnectingTunnel {
    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9][A-Za-z0-9.\\-]*(:\\d+)?(/[^\\s\"'<>]*)?");
    /** How long to wait for the server to name a URL after the session opened, before falling back to host:port. */
    private static final Duration ANNOUNCE_WAIT = Duration.ofMillis(1500);
    /** The same, for a server that named one before: it will again, so waiting longer keeps the URL from flapping. */
    private static final Duration ANNOUNCE_AGAIN_WAIT = Duration.ofSeconds(10);
    private static final int MAX_LINE = 1000;
    private static final int MAX_LINES = 50;

    /** Where to connect: {@code ssh://[user@]host[:port]}. */
    public record Target(String user, String host, int port) {
        /**
         * Parses {@code ssh://[user@]host[:port]}; the user defaults to {@code defaultUser}.
         *
         * @throws HooksException (exit 2) when it is not such a URL
         */
        public static Target parse(String text, String defaultUser) {
            try {
                URI u = new URI(text);
                if (!"ssh".equalsIgnoreCase(u.getScheme()) || u.getHost() == null
                        || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/")) || u.getQuery() != null) {
                    throw new URISyntaxException(text, "not ssh://[user@]host[:port]");
                }
                String user = u.getUserInfo() != null && !u.getUserInfo().isEmpty() ? u.getUserInfo() : defaultUser;
                if (user == null || user.isEmpty() || user.contains(":")) {
                    throw new URISyntaxException(text, "no user");
                }
                String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
                return new Target(user, host, u.getPort() < 0 ? 22 : u.getPort());
            } catch (URISyntaxException e) {
                throw HooksException.input("--tunnel takes ssh://[user@]host[:port] or cloudflared, got '" + text + "'");
            }
        }

        String display() {
            return user + "@" + host + (port == 22 ? "" : ":" + port);
        }
    }

    /**
     * @param target the server
     * @param identities private key files to try, in order
     * @param agent the SSH agent's socket ({@code SSH_AUTH_SOCK}), whose keys are tried first, or null
     * @param knownHosts the known_hosts file checked (and, with acceptNew, added to)
     * @param acceptNew accept a host not yet in known_hosts, reporting its fingerprint
     * @param remotePort the port the server should listen on, 0 to let it choose
     * @param localPort the listener's tunnel entry on 127.0.0.1
     * @param timeout for connecting, authenticating and the forward request each
     */
    public record Settings(Target target, List<Path> identities, Path agent, Path knownHosts, boolean acceptNew, int remotePort,
            int localPort, Duration timeout) {}

    private final Settings s;
    private final List<KeyPair> keys;
    private final SshClient client;
    /** Why the host key was refused in the connection under way, if it was. */
    private volatile String hostKeyProblem;
    /** The port the server gave last: asked for again when the session is made again, so the URL stays the same. */
    private volatile int boundPort;
    /** Whether the server named a URL on an earlier session. */
    private volatile boolean announces;

    /**
     * Loads the keys now, so that a missing or unreadable one is an input error before anything is started.
     *
     * @throws HooksException (exit 2) when no key can be loaded
     */
    public SshTunnel(Settings settings, Consumer<TunnelEvent> events) {
        super(events);
        this.s = settings;
        this.keys = loadKeys(settings.identities(), settings.agent() != null);
        client = SshClient.setUpDefaultClient();
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.setKeyIdentityProvider(KeyIdentityProvider.wrapKeyPairs(keys));
        if (settings.agent() != null) {
            client.setAgentFactory(AgentSocket.factory(settings.agent()));
        }
        KnownHostsServerKeyVerifier verifier = new KnownHostsServerKeyVerifier(this::unknownHost, settings.knownHosts());
        verifier.setModifiedServerKeyAcceptor((session, address, entry, expected, actual) -> {
            hostKeyProblem = "host key mismatch for " + s.target().host() + ": " + s.knownHosts() + " has "
                    + fingerprint(expected) + ", the server offered " + fingerprint(actual)
                    + " (if the host's key was changed on purpose, remove its old line from " + s.knownHosts() + ")";
            return false;
        });
        client.setServerKeyVerifier(verifier);
        // Connections the server forwards may reach the listener's tunnel entry, and nothing else on this machine.
        client.setForwardingFilter(ForwardingFilter.asForwardingFilter(null, null, new TcpForwardingFilter() {
            @Override
            public boolean canListen(SshdSocketAddress address, Session session) {
                return false;
            }

            @Override
            public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
                return type == Type.Forwarded && address.getPort() == s.localPort()
                        && SshdSocketAddress.isLoopback(address.getHostName());
            }
        }));
        // The session is idle while no delivery comes: never close it for that, but find a dead link by heartbeats.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(15));
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, Duration.ofSeconds(10));
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        client.start();
    }

    private boolean unknownHost(ClientSession session, java.net.SocketAddress address, PublicKey key) {
        String fp = KeyUtils.getKeyType(key) + " " + fingerprint(key);
        if (s.acceptNew()) {
            emit(new TunnelEvent.Notice("accepted the new host key of " + s.target().host() + ": " + fp + ", added to "
                    + s.knownHosts()));
            return true;
        }
        hostKeyProblem = "unknown host key for " + s.target().host() + " (" + fp + "): it is not in " + s.knownHosts()
                + "; check the fingerprint with the server's owner, then pass --tunnel-accept-new once to add it";
        return false;
    }

    private static String fingerprint(PublicKey key) {
        return key == null ? "no key" : KeyUtils.getFingerPrint(key);
    }

    private static List<KeyPair> loadKeys(List<Path> files, boolean agent) {
        List<KeyPair> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(f.toString()), in, null);
                if (pairs != null) {
                    pairs.forEach(out::add);
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                String why = String.valueOf(e.getMessage());
                problems.add(f + ": " + (why.toLowerCase(java.util.Locale.ROOT).contains("password")
                        || why.toLowerCase(java.util.Locale.ROOT).contains("encrypt")
                        ? "protected by a passphrase, which hooks cannot ask for (use a key without one for the tunnel)" : why));
            }
        }
        if (out.isEmpty() && !(agent && problems.isEmpty())) {
            throw HooksException.input(files.isEmpty()
                    ? "no SSH key for the tunnel: no agent (SSH_AUTH_SOCK) and none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa; pass --tunnel-identity FILE"
                    : "cannot load an SSH key for the tunnel: " + String.join("; ", problems));
        }
        return out;
    }

    @Override
    Connection connect() {
        hostKeyProblem = null;
        Target t = s.target();
        ClientSession session;
        try {
            session = client.connect(t.user(), t.host(), t.port()).verify(s.timeout()).getClientSession();
        } catch (IOException | RuntimeException e) {
            throw HooksException.network("cannot open the SSH tunnel to " + t.display() + ": " + connectProblem(e));
        }
        CompletableFuture<String> dropped = new CompletableFuture<>();
        session.addSessionListener(new SessionListener() {
            @Override
            public void sessionException(Session sn, Throwable e) {
                dropped.complete("the SSH session to " + t.display() + " failed: " + e.getMessage());
            }

            @Override
            public void sessionDisconnect(Session sn, int reason, String msg, String language, boolean initiator) {
                dropped.complete("the SSH server " + t.display() + " disconnected" + (msg == null || msg.isEmpty() ? "" : ": " + msg));
            }

            @Override
            public void sessionClosed(Session sn) {
                dropped.complete("the SSH session to " + t.display() + " closed");
            }
        });
        try {
            session.auth().verify(s.timeout());
        } catch (IOException | RuntimeException e) {
            close(session);
            String why = hostKeyProblem != null ? hostKeyProblem
                    : "the server refused authentication as " + t.user() + " with " + keyNames()
                    + " (is the public key in the server's ~/.ssh/authorized_keys?)";
            if (hostKeyProblem == null && !isAuthRefusal(e)) {
                why = connectProblem(e);
            }
            throw HooksException.network("cannot open the SSH tunnel to " + t.display() + ": " + why);
        }
        SshdSocketAddress bound = forward(session, boundPort > 0 ? boundPort : s.remotePort());
        if (bound == null && boundPort > 0 && s.remotePort() == 0) {
            bound = forward(session, 0); // the port it had is taken now: any port will do
        }
        if (bound == null) {
            close(session);
            int asked = s.remotePort();
            throw HooksException.network("cannot open the SSH tunnel to " + t.display() + ": the server refused remote "
                    + "forwarding" + (asked > 0 ? " of port " + asked + " (the port is taken there, or" : " (")
                    + " its sshd_config says AllowTcpForwarding no/local, DisableForwarding or PermitListen)");
        }
        boundPort = bound.getPort();
        String fallback = "http://" + (t.host().contains(":") ? "[" + t.host() + "]" : t.host()) + ":" + bound.getPort();
        String url = announcement(session, fallback);
        return new Connection(url, dropped, () -> close(session));
    }

    private SshdSocketAddress forward(ClientSession session, int port) {
        try {
            return session.startRemotePortForwarding(new SshdSocketAddress("localhost", port),
                    new SshdSocketAddress("127.0.0.1", s.localPort()));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Opens a shell channel, as {@code ssh -R} does, because SSH tunnel services print their public URL on it (on
     * standard error or output); waits briefly for a URL. Lines the server prints are shown; a URL named later
     * becomes the public URL then.
     */
    private String announcement(ClientSession session, String fallback) {
        CompletableFuture<String> first = new CompletableFuture<>();
        LineSink sink = new LineSink(line -> {
            emit(new TunnelEvent.Notice("server: " + line));
            Matcher m = URL.matcher(line);
            if (m.find()) {
                announces = true;
                String u = stripSlash(m.group());
                if (!first.complete(u) && !first.join().equals(u) && u.startsWith("https://")) {
                    announced(u);
                }
            }
        });
        try {
            ChannelShell shell = session.createShellChannel();
            shell.setUsePty(false);
            shell.setOut(sink);
            shell.setErr(sink);
            shell.open().verify(s.timeout());
        } catch (IOException | RuntimeException e) {
            return fallback; // no shell here (a restricted account): nothing will be announced
        }
        try {
            String url = first.get((announces ? ANNOUNCE_AGAIN_WAIT : ANNOUNCE_WAIT).toMillis(), TimeUnit.MILLISECONDS);
            announces = true;
            return url;
        } catch (Exception e) {
            first.complete(fallback);
            return fallback;
        }
    }

    private static String stripSlash(String u) {
        while (u.endsWith("/") || u.endsWith(".") || u.endsWith(",")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    private String keyNames() {
        String files = s.identities().isEmpty() ? null
                : s.identities().size() == 1 ? "the key " + s.identities().get(0) : "the keys " + s.identities();
        String agent = s.agent() == null ? null : "the agent's keys (" + s.agent() + ")";
        return files == null ? agent : agent == null ? files : agent + " and " + files;
    }

    private static boolean isAuthRefusal(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("authentication") || m.contains("no more") || m.contains("auth")) {
                return true;
            }
        }
        return false;
    }

    private String connectProblem(Throwable e) {
        if (hostKeyProblem != null) {
            return hostKeyProblem;
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return "connection refused (is sshd running on port " + s.target().port() + "?)";
            }
            if (c instanceof UnknownHostException) {
                return "unknown host " + s.target().host();
            }
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static void close(ClientSession session) {
        try {
            session.close(true);
        } catch (RuntimeException ignored) {
            // closing is best effort
        }
    }

    @Override
    void stopped() {
        try {
            client.stop();
        } catch (RuntimeException ignored) {
            // best effort
        }
    }

    /** Splits what the server prints into lines, each cut at {@link #MAX_LINE} characters, at most {@link #MAX_LINES}. */
    private static final class LineSink extends OutputStream {
        private final Consumer<String> lines;
        private final StringBuilder line = new StringBuilder();
        private int count;

        LineSink(Consumer<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            String text = new String(b, off, len, StandardCharsets.UTF_8);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r') {
                    flushLine();
                } else if (line.length() < MAX_LINE && (c >= ' ' || c == '\t')) {
                    line.append(c);
                }
            }
        }

        private void flushLine() {
            String l = line.toString().strip();
            line.setLength(0);
            if (!l.isEmpty() && count++ < MAX_LINES) {
                lines.accept(l);
            }
        }
    }
}
