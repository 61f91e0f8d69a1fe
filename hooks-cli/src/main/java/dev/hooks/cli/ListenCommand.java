package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.listen.Delivery;
import dev.hooks.listen.Endpoint;
import dev.hooks.listen.Failures;
import dev.hooks.listen.Listener;
import dev.hooks.listen.ListenerSettings;
import dev.hooks.listen.Replayer;
import dev.hooks.listen.Summary;
import dev.hooks.scheme.Durations;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.Retention;
import dev.hooks.store.RetentionLoop;
import dev.hooks.store.StoredDelivery;
import dev.hooks.term.Ansi;
import dev.hooks.term.DeliveryRenderer;
import dev.hooks.term.HistoryStatsRenderer;
import dev.hooks.term.ListenConsole;
import dev.hooks.tunnel.CloudflaredTunnel;
import dev.hooks.tunnel.SshTunnel;
import dev.hooks.tunnel.Tunnel;
import dev.hooks.tunnel.TunnelEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "listen",
        description = {"Receive webhooks locally: answer the provider's handshake, verify every delivery over the raw bytes, "
                + "decrypt, record it in the history before answering, and print one line per delivery.",
                "Every provider is served at /NAME; --path serves the only provider, or recognises the provider from its "
                        + "headers when there are several or with --provider auto. Ctrl-C stops: deliveries under way "
                        + "finish, the history is flushed and a summary is printed.",
                "On a terminal (not with --format json), a status line shows the address and counts, and keys act: "
                        + "r replays the last delivery (to --forward-to, else back to this listener), f cycles a "
                        + "simulated failure (off, the --fail-status, a timeout: the answer held 60 s, then 504), "
                        + "v toggles verbose, c clears the screen, q quits like Ctrl-C."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hooks listen --provider paismo --secret-env PAISMO_SECRET",
            "  hooks listen --provider paismo --provider teal \\",
            "      --secret paismo=s3cret --secret teal=t0p \\",
            "      --encryption-key $TEAL_KEY            # POST to /paismo and /teal",
            "  hooks listen --provider auto --format json | jq .",
            "  hooks listen --provider paxos --oauth-client-id app \\",
            "      --oauth-client-secret-env PAXOS_CLIENT_SECRET",
            "  hooks listen --provider keypay --secret s3cret --fail-first 3 \\",
            "      --forward-to http://localhost:8080/hooks",
            "  hooks listen --provider paismo --secret-env PAISMO_SECRET \\",
            "      --tunnel cloudflared                  # a public https URL",
            "  hooks listen --provider teal --secret-env TEAL_SECRET \\",
            "      --tunnel ssh://me@box.example.com --tunnel-port 8080",
            "  hooks listen --provider paycor --secret-env PAYCOR_SECRET \\",
            "      --public-url https://abc.ngrok.app --public-port 8081   # ngrok http 8081",
            "",
            "Secrets: --secret P=VALUE names a provider being served; otherwise the whole",
            "value is the secret of every provider. Then HOOKS_SECRET_<PROVIDER> (upper",
            "case, '-' as '_'), then HOOKS_SECRET."})
final class ListenCommand extends BaseCommand {
    enum Format { text, json }

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Interface to bind. Default: ${DEFAULT-VALUE} (use 0.0.0.0 to accept from other machines: "
                    + "the inspector still answers only on this machine).")
    String host;

    @Option(names = "--allow-host", paramLabel = "NAME", description = "Also accept this name in the Host header of "
            + "inspector requests (besides 127.0.0.1, localhost and [::1]); repeatable.")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--no-inspector", description = "Serve no inspector: only the webhook paths answer.")
    boolean noInspector;

    @Option(names = "--port", defaultValue = "3000", paramLabel = "PORT", description = "TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--path", defaultValue = "/webhook", paramLabel = "PATH", description = "The main path. Default: ${DEFAULT-VALUE}.")
    String path;

    @Option(names = {"-p", "--provider"}, paramLabel = "P", completionCandidates = ListenProviderNames.class,
            description = "Provider to serve (repeat for several), or 'auto' to recognise any known provider from its "
                    + "headers. Default: auto.")
    List<String> providerNames = new ArrayList<>();

    @Mixin
    ProviderSecrets secrets;

    @Mixin
    EncryptionKeyOption encryptionKey;

    @Mixin
    ProviderOptions providers;

    @Option(names = "--api-key-header", paramLabel = "NAME", description = "Header that must carry the API key "
            + "(default: the provider's, e.g. X-API-Key).")
    String apiKeyHeader;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Require this API key (default: $HOOKS_API_KEY).")
    String apiKey;

    @Option(names = "--oauth-client-id", paramLabel = "ID", description = "Serve POST /oauth/token for this client "
            + "(client credentials, Basic or form auth) and require the Bearer token it issues.")
    String oauthClientId;

    @Option(names = "--oauth-client-secret", paramLabel = "SECRET", description = "The client's secret "
            + "(default: $HOOKS_OAUTH_CLIENT_SECRET).")
    String oauthClientSecret;

    @Option(names = "--oauth-client-secret-env", paramLabel = "NAME", description = "Read the client secret from this environment variable.")
    String oauthClientSecretEnv;

    @Option(names = "--oauth-token-lifetime", defaultValue = "1h", paramLabel = "DURATION", description = "How long issued tokens last. Default: ${DEFAULT-VALUE}.")
    String oauthTokenLifetime;

    @Option(names = "--no-verify", description = "Accept every delivery; still report what verification would say.")
    boolean noVerify;

    @Option(names = "--schema-strict", description = "Answer 400 with the errors when a verified delivery breaks its "
            + "event's JSON Schema (by default it is reported and answered as usual).")
    boolean schemaStrict;

    @Option(names = "--tolerance", paramLabel = "DURATION", description = "How far a signed timestamp may be from now (default: the provider's).")
    String tolerance;

    @Option(names = "--no-tolerance", description = "Do not check the age of signed timestamps.")
    boolean noTolerance;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (one line per delivery) or json (one JSON object per line). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = {"-v", "--verbose"}, description = "Also show headers and the body as received (json: headers, "
            + "body, verification).")
    boolean verbose;

    @Option(names = "--pretty", description = "With -v, pretty-print JSON bodies (labelled so) instead of showing the "
            + "bytes as received.")
    boolean pretty;

    @Option(names = "--status", defaultValue = "200", paramLabel = "CODE", description = "Status to answer accepted deliveries. Default: ${DEFAULT-VALUE}.")
    int status;

    @Option(names = "--fail-first", defaultValue = "0", paramLabel = "N", description = "Answer the first N accepted deliveries with --fail-status.")
    int failFirst;

    @Option(names = "--fail-rate", defaultValue = "0", paramLabel = "R", description = "Answer this fraction (0-1) of accepted deliveries with --fail-status.")
    double failRate;

    @Option(names = "--fail-status", defaultValue = "500", paramLabel = "CODE", description = "Status of simulated failures. Default: ${DEFAULT-VALUE}.")
    int failStatus;

    @Option(names = "--delay", paramLabel = "DURATION", description = "Wait this long before answering each delivery (e.g. 250ms, 5s).")
    String delay;

    @Option(names = "--forward-to", paramLabel = "URL", description = "Relay accepted deliveries (exact bytes and headers) "
            + "to your app and answer the provider with its status and body.")
    String forwardTo;

    @Option(names = "--forward-timeout", defaultValue = "30s", paramLabel = "DURATION", description = "How long to wait for the app. Default: ${DEFAULT-VALUE}.")
    String forwardTimeout;

    @Mixin
    StoreOption store;

    @Option(names = "--no-store", description = "Do not record deliveries.")
    boolean noStore;

    @Option(names = "--name", paramLabel = "NAME", description = "This listener's name, recorded with each delivery "
            + "in a shared (PostgreSQL) history. Default: this machine's host name and the port, host:port.")
    String name;

    @Option(names = "--retain", paramLabel = "DURATION|N", description = "Keep the history within an age (7d, 12h, "
            + "30m) or a count (10000, the newest): older deliveries are pruned at start and every 10 s, in the "
            + "background. 'all' keeps everything. Default: $HOOKS_RETAIN, else all.")
    String retain;

    @Option(names = "--retain-interval", defaultValue = "10s", paramLabel = "DURATION", hidden = true,
            description = "How often --retain prunes. Default: ${DEFAULT-VALUE}.")
    String retainInterval;

    @Option(names = "--max-body", defaultValue = "1MiB", paramLabel = "SIZE", description = "Largest body accepted "
            + "(413 above): bytes, or with k/KiB, m/MiB. Default: ${DEFAULT-VALUE}.")
    String maxBody;

    @Option(names = "--idle-timeout", defaultValue = "30s", paramLabel = "DURATION", description = "Close a connection "
            + "silent this long, and cut a request whose headers or body take longer (408). Default: ${DEFAULT-VALUE}.")
    String idleTimeout;

    @Option(names = "--tunnel", paramLabel = "ssh://[USER@]HOST[:PORT]|cloudflared", description = "Make a public URL: an "
            + "SSH reverse port forward to HOST (any OpenSSH server allowing remote forwarding, or an SSH tunnel service), "
            + "or a Cloudflare quick tunnel (cloudflared on the PATH). Only webhooks go through it, never the inspector.")
    String tunnel;

    @Option(names = "--tunnel-identity", paramLabel = "FILE", description = "Private key for the SSH tunnel (repeat to try "
            + "several), after the SSH agent's keys ($SSH_AUTH_SOCK). Default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa.")
    List<Path> tunnelIdentities = new ArrayList<>();

    @Option(names = "--tunnel-accept-new", description = "Accept an SSH host not yet in ~/.ssh/known_hosts: print its "
            + "fingerprint and add it. A changed host key is always refused.")
    boolean tunnelAcceptNew;

    @Option(names = "--tunnel-port", defaultValue = "0", paramLabel = "N", description = "The port the SSH server listens "
            + "on for the tunnel. Default: one it chooses (kept when the tunnel is made again).")
    int tunnelPort;

    @Option(names = "--public-url", paramLabel = "URL", description = "The public URL deliveries come through, for a tunnel "
            + "or proxy you run (ngrok, Tailscale Funnel, frp, a reverse proxy): printed per path, and signed over by "
            + "schemes that sign the URL. Point that tunnel at the entry the banner names, where only webhooks are served.")
    String publicUrl;

    @Option(names = "--public-port", paramLabel = "N", description = "Put the tunnel entry on this port of 127.0.0.1 "
            + "(default: a free one each run), so the tunnel you run stays pointed at it across restarts.")
    Integer publicPort;

    @Option(names = "--events", split = ",", paramLabel = "TYPE", description = "Accept only these event types "
            + "(comma-separated, repeatable): a delivery of another type is answered 2xx, shown as filtered and not "
            + "verified. Default: every type.")
    List<String> eventTypes = new ArrayList<>();

    @Option(names = "--new-secret", description = "Make a fresh random secret (whsec_...) for every provider served "
            + "without one, and print it at start (and as \"secret\" in the ready line), as 'stripe listen' does: "
            + "sign with it.")
    boolean newSecret;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N", description = "Most request threads. Default: 16, "
            + "or 64 with --forward-to or --delay.", hidden = true)
    int threads;

    private final CountDownLatch done = new CountDownLatch(1);
    private Listener listener;
    private DeliveryStore history;
    private final List<String> unchecked = new ArrayList<>();
    private Printer printer;
    private boolean shutDown;
    private Failures failures;
    private ListenConsole console = ListenConsole.off();
    private Tunnel tunnelling;
    private volatile StoredDelivery last;
    /** The secret --new-secret made for this run (printed at start, as the user asked), or null. */
    private String madeSecret;
    private RetentionLoop retention;

    @Override
    public Integer call() {
        Context ctx = ctx();
        BindAddress.check(host, port);
        ProviderCatalog catalog = providers.catalog(ctx);
        boolean auto = providerNames.isEmpty() || providerNames.contains("auto");
        List<Profile> served = new ArrayList<>();
        for (String name : providerNames) {
            if (!name.equals("auto")) {
                Profile p = catalog.get(name);
                if (served.stream().noneMatch(x -> x.name().equals(p.name()))) {
                    served.add(p);
                }
            }
        }
        List<Profile> candidates = auto ? catalog.all() : served;
        List<String> names = candidates.stream().map(Profile::name).toList();
        ProviderSecrets secretsByProvider = secrets.resolve(ctx(), names, catalog.names(), "served here (serving ", "add -p ");
        madeSecret = newSecret ? secretsByProvider.make() : null;
        String key = encryptionKey.resolve(ctx);
        Endpoint.Auth auth = auth(ctx, candidates);
        if (key != null) {
            PayloadEncryption.parseKey(key); // fail now on a malformed key
        }
        List<Endpoint> endpoints = new ArrayList<>();
        List<Endpoint> detect = new ArrayList<>();
        for (Profile p : candidates) {
            String secret = secretsByProvider.of(p.name());
            if (!auto && !p.signature().none() && secret == null && !noVerify) {
                String env = "HOOKS_SECRET_" + p.name().toUpperCase(Locale.ROOT).replace('-', '_');
                throw HooksException.input("provider '" + p.name() + "' needs a secret: pass --secret "
                        + (served.size() > 1 ? p.name() + "=VALUE" : "VALUE") + ", --secret-env, --secret-file, or set "
                        + env + " or HOOKS_SECRET (or --no-verify to accept unverified deliveries)");
            }
            PayloadEncryption enc = p.encrypts() && key != null ? new PayloadEncryption(p.encryption(), key) : null;
            Endpoint.Auth endpointAuth = !p.auth().kind().equals("none") || (!auto && candidates.size() == 1) ? auth : Endpoint.Auth.NONE;
            Endpoint e = new Endpoint(p, secret, enc, endpointAuth).schemaStrict(schemaStrict);
            if (!auto && !noVerify && p.signature().none() && endpointAuth.none()) {
                unchecked.add(uncheckedNote(p));
            }
            // With auto, every known provider is recognised on --path and also served at /NAME.
            (auto ? detect : endpoints).add(e);
        }
        List<String> unsigned = candidates.stream().filter(p -> !p.signature().none()).map(Profile::name).toList();
        if (auto && !noVerify && !unsigned.isEmpty() && unsigned.stream().allMatch(n -> secretsByProvider.of(n) == null)) {
            unchecked.add("warning: no signing secret, so every signed delivery will be refused ("
                    + String.join(", ", unsigned) + "): pass --secret, --secret-env or --secret-file, set HOOKS_SECRET, "
                    + "or --no-verify to accept them unverified");
        }
        ListenerSettings.OAuthClient oauth = oauthClient(ctx);
        if (!path.startsWith("/")) {
            throw HooksException.input("--path must start with '/', got '" + path + "'");
        }
        URI forward = forwardUri();
        try {
            failures = new Failures(status, failFirst, failRate, failStatus, delay == null ? Duration.ZERO : duration("--delay", delay));
        } catch (IllegalArgumentException e) {
            throw HooksException.input("simulated failures: " + e.getMessage()
                    + " (--status and --fail-status 100-599, --fail-first >= 0, --fail-rate 0-1)");
        }
        if (noTolerance && tolerance != null) {
            throw HooksException.input("--tolerance and --no-tolerance contradict each other: pass one");
        }
        if (noStore && store.store != null) {
            throw HooksException.input("--store and --no-store contradict each other: pass one");
        }
        long maxBodyBytes = size("--max-body", maxBody);
        String fixedPublicUrl = publicUrl == null ? null : publicBase(publicUrl);
        if (publicPort != null && (publicPort < 1 || publicPort > 65535)) {
            throw HooksException.input("--public-port takes 1-65535, got " + publicPort);
        }
        if (publicPort != null && publicUrl == null && tunnel == null) {
            throw HooksException.input("--public-port places the tunnel entry: it needs --public-url URL (or --tunnel)");
        }
        TunnelKind kind = tunnelKind(ctx);
        Path storePath = noStore ? null : store.path(ctx);
        Retention keep = retention(ctx);
        Duration pruneEvery = duration("--retain-interval", retainInterval);
        if (pruneEvery.isZero() || pruneEvery.compareTo(RetentionLoop.DEFAULT_INTERVAL) > 0) {
            throw HooksException.input("--retain-interval takes a duration above 0 and at most 10s, got '" + retainInterval + "'");
        }
        history = noStore ? null : store.open(ctx, name);
        try {
            if (keep != null) {
                retention = new RetentionLoop(history, keep, pruneEvery, ctx.clock(), this::pruningFailed);
            }
            ListenerSettings settings = new ListenerSettings(host, port, path, endpoints, detect, !noVerify,
                    tolerance == null ? null : duration("--tolerance", tolerance), !noTolerance, maxBodyBytes,
                    ListenerSettings.DEFAULT_MAX_HEADER_BYTES, duration("--idle-timeout", idleTimeout), failures, forward,
                    duration("--forward-timeout", forwardTimeout), oauth, history, ctx.clock(), threads, allowHosts,
                    !noInspector);
            listener = new Listener(settings);
            printer = new Printer(out(), new DeliveryRenderer(new Ansi(format == Format.text && ctx.colour())),
                    format, verbose);
            printer.pretty = pretty;
            listener.onDelivery(printer::accept);
            listener.onDelivery(d -> {
                if (d.record().kind().equals(StoredDelivery.DELIVERY)) {
                    last = d.record();
                }
            });
            if (!eventTypes.isEmpty()) {
                listener.acceptOnly(java.util.Set.copyOf(eventTypes));
            }
            if (kind != null || fixedPublicUrl != null) {
                listener.withTunnelEntry(publicPort == null ? 0 : publicPort);
            }
            listener.start();
            if (history != null && name == null) {
                history.listenerName(defaultName(listener.baseUrl()));
            }
            if (kind != null) {
                tunnelling = kind.create(listener.tunnelPort(), this::tunnelEvent);
                String opened = tunnelling.open();
                listener.publicUrl(fixedPublicUrl != null ? fixedPublicUrl : opened);
            } else {
                listener.publicUrl(fixedPublicUrl);
            }
        } catch (RuntimeException e) {
            if (tunnelling != null) {
                tunnelling.close();
            }
            if (listener != null) {
                listener.stop(Duration.ofSeconds(5));
            }
            if (printer != null) {
                printer.open(null);
                printer.close();
            }
            if (retention != null) {
                retention.close();
            }
            if (history != null) {
                history.close();
            }
            throw e;
        }
        banner(storePath, keep);
        printer.open(format == Format.json ? ready() : null);
        boolean terminalsOwn = ctx.in() == System.in || ctx.in() instanceof ShellCommand.ShellInput;
        if (format == Format.text && terminalsOwn && ctx.out() == System.out) {
            String address = listener.baseUrl() + path + (listener.publicUrl() == null ? "" : " ⇄ " + listener.publicUrl() + path);
            console = ListenConsole.start(address, this::counts, new Keys(), failureName(), verbose, ctx.colour());
            printer.console = console.active() ? console : null;
        }
        Thread hook = new Thread(this::shutdown, "hooks-listen-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            done.await();
        } catch (InterruptedException e) {
            // Interrupting the command is Ctrl-C for callers that run it on a thread.
        }
        shutdown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran
        }
        return 0;
    }

    /** Stops accepting, finishes deliveries under way, flushes the history and prints the summary; once. */
    private synchronized void shutdown() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        if (tunnelling != null) {
            tunnelling.close(); // nothing more comes through it
        }
        failures.release(); // simulated timeouts under way answer now
        Summary s = listener.stop(Duration.ofSeconds(30));
        replays.shutdownNow();
        if (retention != null) {
            retention.close();
        }
        if (history != null) {
            history.close();
        }
        printer.close();
        printer.console = null;
        console.close();
        PrintWriter err = err();
        err.printf("hooks: stopped. received %d, verified %d, rejected %d, forwarded %d%s%s%n", s.received(), s.verified(),
                s.rejected(), s.forwarded(), s.failed() > 0 ? ", simulated failures " + s.failed() : "",
                history != null ? ", stored " + s.stored() + " in " + history.location() : "");
        err.flush();
        done.countDown();
    }

    private ListenConsole.Counts counts() {
        Summary s = listener.summary();
        return new ListenConsole.Counts(s.received(), s.verified(), s.rejected(), s.forwarded());
    }

    private String failureName() {
        return switch (failures.mode()) {
            case OFF -> "off";
            case FAIL -> Integer.toString(failures.failStatus());
            case TIMEOUT -> "timeout";
        };
    }

    /** Replays run here, one at a time, so the keys stay responsive while a replay waits for its answer. */
    private final ExecutorService replays = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hooks-listen-replay");
        t.setDaemon(true);
        return t;
    });

    /** What the keys do while listening on a terminal. */
    private final class Keys implements ListenConsole.Keys {
        @Override
        public String replayLast() {
            StoredDelivery d = last;
            if (d == null) {
                return "nothing to replay yet";
            }
            Replayer replayer = listener.replayer();
            // To the app when forwarding; otherwise back to this listener, so it shows up (and is checked) again.
            String to = replayer.defaultTarget() != null ? replayer.defaultTarget()
                    : listener.selfUrl() + d.path() + (d.query() == null ? "" : "?" + d.query());
            String hint = "replaying " + d.id() + " to " + to;
            replays.execute(() -> {
                String outcome;
                try {
                    Replayer.ReplayResult r = replayer.replay(d, to, null, false);
                    outcome = "replayed " + d.id() + " to " + r.to() + ": " + (r.status() != null ? r.status()
                            + " in " + r.latencyMillis() + " ms" : r.error())
                            + (r.replayId() != null ? " (recorded as " + r.replayId() + ")" : "");
                } catch (RuntimeException e) {
                    outcome = "cannot replay " + d.id() + ": " + e.getMessage();
                }
                console.println("hooks: " + outcome);
                console.settled(hint);
            });
            return hint;
        }

        @Override
        public String cycleFailure() {
            Failures.Mode[] modes = Failures.Mode.values();
            failures.mode(modes[(failures.mode().ordinal() + 1) % modes.length]);
            return failureName();
        }

        @Override
        public boolean toggleVerbose() {
            printer.verbose = !printer.verbose;
            return printer.verbose;
        }

        @Override
        public void clear() {
            // the screen is all there is to clear: the history and the counts stay
        }

        @Override
        public void quit() {
            done.countDown();
        }
    }

    /** What --retain (else HOOKS_RETAIN) asks to keep; null for everything. */
    private Retention retention(Context ctx) {
        String text = retain != null ? retain : ctx.env("HOOKS_RETAIN");
        String from = retain != null ? "--retain" : "HOOKS_RETAIN";
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("all")) {
            return null;
        }
        if (noStore) {
            if (retain == null) {
                return null; // a default for runs that keep a history
            }
            throw HooksException.input("--retain keeps the history within a limit, and --no-store keeps none: pass one");
        }
        String t = text.strip();
        if (t.chars().allMatch(Character::isDigit)) {
            long n;
            try {
                n = Long.parseLong(t);
            } catch (NumberFormatException tooLong) {
                n = 0;
            }
            if (n < 1) {
                throw HooksException.input(from + " takes a count of 1 or more (or an age such as 7d), got '" + text + "'");
            }
            return Retention.count(n);
        }
        Duration age = Durations.parse(t).orElseThrow(() -> HooksException.input(from + " takes an age such as 7d, 12h "
                + "or 30m, a count such as 10000, or 'all'; got '" + text + "'"));
        if (age.isZero()) {
            throw HooksException.input(from + " takes an age above 0, got '" + text + "'");
        }
        return Retention.age(age);
    }

    /** A pruning that failed (the loop tries again): one line, above the status line on a terminal. */
    private void pruningFailed(String why) {
        notice("hooks: warning: the history was not pruned: " + why);
    }

    /** A line on stderr while listening: above the status line on a terminal. */
    private void notice(String line) {
        if (console.active()) {
            console.println(line);
        } else {
            PrintWriter err = err();
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        }
    }

    /** The size of the history at start, when past {@link #LARGE_HISTORY} and nothing keeps it smaller. */
    static final long LARGE_HISTORY = 1_000_000_000L;

    private void banner(Path storePath, Retention keep) {
        PrintWriter err = err();
        for (Map.Entry<String, String> r : listener.routes().entrySet()) {
            err.println("hooks: listening on " + listener.baseUrl() + r.getKey() + "  (" + r.getValue() + ")");
        }
        List<String> notes = new ArrayList<>();
        notes.add(history == null ? "history off (--no-store)" : storePath == null
                ? "history " + history.location() + " as " + (name != null ? name : defaultName(listener.baseUrl()))
                : "history " + storePath + historyNote(storePath, keep));
        if (noVerify) {
            notes.add("--no-verify: every delivery is accepted");
        }
        unchecked.forEach(u -> err.println("hooks: " + u));
        if (madeSecret != null) {
            err.println("hooks: your webhook signing secret for this run is " + madeSecret + " (sign with it: --secret "
                    + madeSecret + ").");
        }
        if (forwardTo != null) {
            notes.add("forwarding to " + forwardTo);
        }
        if (listener.publicUrl() != null) {
            for (Map.Entry<String, String> r : listener.routes().entrySet()) {
                err.println("hooks: public URL " + listener.publicUrl() + r.getKey() + "  (" + r.getValue() + ")");
            }
            if (tunnel == null) {
                err.println("hooks: point your tunnel at http://127.0.0.1:" + listener.tunnelPort()
                        + " (webhooks only: the inspector is not served there)");
            }
        }
        if (listener.inspectorUrl() != null) {
            err.println("hooks: inspector on " + listener.inspectorUrl());
        }
        if (listener.exposed()) {
            err.println("hooks: warning: --host " + host + " exposes " + String.join(", ", listener.routes().keySet())
                    + " to other machines" + (listener.inspectorUrl() != null
                            ? "; the inspector and its API stay on this machine" : ""));
        }
        err.println("hooks: " + String.join("; ", notes) + ". Ctrl-C to stop.");
        err.flush();
    }

    private static String historyNote(Path storePath, Retention keep) {
        if (keep != null) {
            return keep.byAge() ? " (keeping the last " + Durations.format(keep.maxAge()) + ")"
                    : " (keeping the newest " + keep.keep() + ")";
        }
        long bytes = 0;
        for (Path p : List.of(storePath, storePath.resolveSibling(storePath.getFileName() + "-wal"))) {
            try {
                bytes += Files.size(p);
            } catch (IOException gone) {
                // no write-ahead log: nothing to add
            }
        }
        return bytes > LARGE_HISTORY ? " (" + HistoryStatsRenderer.size(bytes) + ", kept forever: --retain or "
                + "HOOKS_RETAIN keeps it smaller, 'hooks events prune' trims it now)" : "";
    }

    /** A listener's name in a shared history when --name is not given: this machine's host name and the port. */
    private static String defaultName(String baseUrl) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + ":" + java.net.URI.create(baseUrl).getPort();
    }

    /** Why a provider's deliveries are accepted unchecked: it signs nothing and no credential was configured. */
    private static String uncheckedNote(Profile p) {
        String how = p.auth().kind().equals("none") ? "it signs nothing and authenticates nothing"
                : "it signs nothing, and no API key (--api-key) or OAuth client (--oauth-client-id) is configured";
        return p.name() + " checks nothing: " + how + ", so every delivery is accepted";
    }

    /** The first line of {@code --format json}: where to send deliveries, so that scripts can wait for it. */
    private String ready() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "ready");
        m.put("url", listener.baseUrl() + path);
        m.put("public_url", listener.publicUrl() == null ? null : listener.publicUrl() + path);
        m.put("inspector_url", listener.inspectorUrl());
        if (madeSecret != null) {
            m.put("secret", madeSecret);
        }
        m.put("tunnel_entry", listener.tunnelPort() > 0 ? "http://127.0.0.1:" + listener.tunnelPort() : null);
        Map<String, Object> routes = new LinkedHashMap<>();
        for (Map.Entry<String, String> r : listener.routes().entrySet()) {
            Map<String, Object> route = new LinkedHashMap<>();
            route.put("serves", r.getValue());
            route.put("url", listener.baseUrl() + r.getKey());
            route.put("public_url", listener.publicUrl() == null ? null : listener.publicUrl() + r.getKey());
            routes.put(r.getKey(), route);
        }
        m.put("routes", routes);
        return DeliveryRenderer.json(m);
    }

    /** A tunnel's event: a line on the terminal, and with --format json a {"type":"tunnel"} line for down and up. */
    private void tunnelEvent(TunnelEvent e) {
        String line;
        Map<String, Object> json = null;
        if (e instanceof TunnelEvent.Down d) {
            line = "hooks: tunnel down: " + d.reason() + "; trying again in " + Durations.format(d.retryIn());
            json = new LinkedHashMap<>();
            json.put("type", "tunnel");
            json.put("state", "down");
            json.put("reason", d.reason());
            json.put("retry_in_ms", d.retryIn().toMillis());
            console.tunnel("tunnel down");
        } else if (e instanceof TunnelEvent.Up u) {
            String url = publicUrl != null ? publicBase(publicUrl) : u.publicUrl();
            if (listener != null && listener.port() > 0) {
                listener.publicUrl(url);
            }
            line = "hooks: tunnel up: public URL " + url + path;
            json = new LinkedHashMap<>();
            json.put("type", "tunnel");
            json.put("state", "up");
            json.put("public_url", url + path);
            console.tunnel(null);
        } else {
            line = "hooks: tunnel: " + ((TunnelEvent.Notice) e).text();
        }
        if (json != null && format == Format.json && printer != null) {
            printer.acceptLine(DeliveryRenderer.json(json));
        }
        notice(line);
    }

    /** Which tunnel --tunnel asks for, checked before anything starts; null for none. */
    private interface TunnelKind {
        Tunnel create(int localPort, java.util.function.Consumer<TunnelEvent> events);
    }

    private TunnelKind tunnelKind(Context ctx) {
        if (tunnel == null) {
            if (!tunnelIdentities.isEmpty() || tunnelAcceptNew || tunnelPort != 0) {
                throw HooksException.input("--tunnel-identity, --tunnel-accept-new and --tunnel-port need --tunnel ssh://HOST");
            }
            return null;
        }
        if (tunnel.equals("cloudflared")) {
            if (!tunnelIdentities.isEmpty() || tunnelAcceptNew || tunnelPort != 0) {
                throw HooksException.input("--tunnel-identity, --tunnel-accept-new and --tunnel-port are for --tunnel ssh://HOST");
            }
            Path exe = CloudflaredTunnel.find(ctx.env("PATH"));
            return (localPort, events) -> new CloudflaredTunnel(exe, localPort, Duration.ofSeconds(30), events);
        }
        String user = ctx.env("USER") != null ? ctx.env("USER") : System.getProperty("user.name");
        SshTunnel.Target target = SshTunnel.Target.parse(tunnel, user);
        if (tunnelPort < 0 || tunnelPort > 65535) {
            throw HooksException.input("--tunnel-port takes 0-65535, got " + tunnelPort);
        }
        if (tunnelPort == target.port()) {
            throw HooksException.input("--tunnel-port " + tunnelPort + " is the SSH server's own port (sshd answers there, "
                    + "not this listener): pick another, or leave it out to let the server choose");
        }
        Path ssh = ctx.home().resolve(".ssh");
        List<Path> keys = new ArrayList<>();
        if (tunnelIdentities.isEmpty()) {
            for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
                if (Files.isRegularFile(ssh.resolve(name))) {
                    keys.add(ssh.resolve(name));
                }
            }
        } else {
            for (Path f : tunnelIdentities) {
                if (!Files.isReadable(f)) {
                    throw HooksException.input("--tunnel-identity " + f + ": no such readable file");
                }
                keys.add(f);
            }
        }
        String sock = ctx.env("SSH_AUTH_SOCK");
        Path agent = sock != null && !sock.isEmpty() && Files.exists(Path.of(sock)) ? Path.of(sock) : null;
        return (localPort, events) -> new SshTunnel(new SshTunnel.Settings(target, keys, agent, ssh.resolve("known_hosts"),
                tunnelAcceptNew, tunnelPort, localPort, Duration.ofSeconds(20)), events);
    }

    /** An http(s) URL with a host, without a trailing slash: the base every path is appended to. */
    private static String publicBase(String url) {
        try {
            URI u = new URI(url);
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new IllegalArgumentException();
            }
            String base = url;
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            return base;
        } catch (Exception e) {
            throw HooksException.input("--public-url takes an http:// or https:// URL (no query), got '" + url + "'");
        }
    }

    private Endpoint.Auth auth(Context ctx, List<Profile> candidates) {
        String key = apiKey != null ? apiKey : ctx.env("HOOKS_API_KEY");
        if (apiKeyHeader != null && key == null) {
            throw HooksException.input("--api-key-header needs the key: pass --api-key KEY or set HOOKS_API_KEY");
        }
        String header = apiKeyHeader;
        if (header == null && key != null) {
            header = candidates.stream().filter(p -> p.auth().header() != null).map(p -> p.auth().header())
                    .findFirst().orElse("X-API-Key");
        }
        boolean bearer = oauthClientId != null;
        if (key != null && bearer) {
            return Endpoint.Auth.both(header, key);
        }
        if (key != null) {
            return Endpoint.Auth.apiKey(header, key);
        }
        return bearer ? Endpoint.Auth.bearerToken() : Endpoint.Auth.NONE;
    }

    private ListenerSettings.OAuthClient oauthClient(Context ctx) {
        String secret = oauthClientSecret;
        if (secret == null && oauthClientSecretEnv != null) {
            secret = ctx.env(oauthClientSecretEnv);
            if (secret == null) {
                throw HooksException.input("--oauth-client-secret-env names " + oauthClientSecretEnv + ", which is not set or empty");
            }
        }
        if (secret == null) {
            secret = ctx.env("HOOKS_OAUTH_CLIENT_SECRET");
        }
        if (oauthClientId == null) {
            if (secret != null && (oauthClientSecret != null || oauthClientSecretEnv != null)) {
                throw HooksException.input("--oauth-client-secret needs --oauth-client-id");
            }
            return null;
        }
        if (secret == null) {
            throw HooksException.input("--oauth-client-id needs the client secret: pass --oauth-client-secret-env NAME, "
                    + "--oauth-client-secret or set HOOKS_OAUTH_CLIENT_SECRET");
        }
        return new ListenerSettings.OAuthClient(oauthClientId, secret, duration("--oauth-token-lifetime", oauthTokenLifetime));
    }

    private URI forwardUri() {
        if (forwardTo == null) {
            return null;
        }
        try {
            URI u = new URI(forwardTo);
            if (!"http".equalsIgnoreCase(u.getScheme()) && !"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            return u;
        } catch (Exception e) {
            throw HooksException.input("--forward-to takes an http:// or https:// URL, got '" + forwardTo + "'");
        }
    }

    static Duration duration(String flag, String text) {
        return Durations.parse(text).orElseThrow(() ->
                HooksException.input(flag + " takes a duration such as 300, 300s, 250ms or 5m, got '" + text + "'"));
    }

    static long size(String flag, String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        for (Map.Entry<String, Long> u : Map.of("kib", 1024L, "k", 1024L, "kb", 1000L, "mib", 1024L * 1024,
                "m", 1024L * 1024, "mb", 1000L * 1000, "b", 1L).entrySet()) {
            if (t.endsWith(u.getKey()) && t.length() > u.getKey().length()
                    && Character.isDigit(t.charAt(t.length() - u.getKey().length() - 1))) {
                if (u.getKey().length() > 1 || unit == 1) {
                    unit = u.getValue();
                    t = t.substring(0, t.length() - u.getKey().length()).strip();
                    break;
                }
            }
        }
        try {
            long n = Long.parseLong(t) * unit;
            if (n < 0 || n > 1024L * 1024 * 1024) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw HooksException.input(flag + " takes a size such as 1048576, 512k or 1MiB (at most 1GiB), got '" + text + "'");
        }
    }

    static String readSecretFile(String file) {
        try {
            String v = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            if (v.endsWith("\r\n")) {
                v = v.substring(0, v.length() - 2);
            } else if (v.endsWith("\n")) {
                v = v.substring(0, v.length() - 1);
            }
            if (v.isEmpty()) {
                throw HooksException.input("the secret file " + file + " is empty");
            }
            return v;
        } catch (IOException e) {
            throw HooksException.input("cannot read the secret file " + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }

    /**
     * Renders deliveries on one thread, so request threads never wait on the terminal (up to a bounded backlog),
     * and flushes once per batch.
     */
    static final class Printer {
        private static final Object STOP = new Object();
        private static final long PAUSE_MILLIS = 10;
        private final PrintWriter out;
        private final DeliveryRenderer renderer;
        private final Format format;
        volatile boolean verbose;
        /** With verbose, JSON bodies pretty-printed rather than as received. */
        volatile boolean pretty;
        /** When set, text lines go above its status line instead of to {@code out}. */
        volatile ListenConsole console;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8192);
        private final Thread thread;
        /** Nothing is printed before {@link #open}, so that the ready line comes first. */
        private final CountDownLatch opened = new CountDownLatch(1);
        private volatile String first;

        Printer(PrintWriter out, DeliveryRenderer renderer, Format format, boolean verbose) {
            this.out = out;
            this.renderer = renderer;
            this.format = format;
            this.verbose = verbose;
            this.thread = new Thread(this::run, "hooks-listen-printer");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        void accept(Delivery d) {
            try {
                queue.put(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Starts printing, with {@code firstLine} (when not null) before anything queued. */
        void open(String firstLine) {
            first = firstLine;
            opened.countDown();
        }

        /** A line printed as it is, in order with the deliveries (a JSON tunnel event). */
        void acceptLine(String line) {
            try {
                queue.put(line);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void run() {
            while (true) {
                try {
                    opened.await();
                    break;
                } catch (InterruptedException e) {
                    // wait on
                }
            }
            if (first != null) {
                out.print(first + "\n");
                out.flush();
            }
            List<Object> batch = new ArrayList<>();
            while (true) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    continue;
                }
                queue.drainTo(batch);
                for (Object o : batch) {
                    if (o == STOP) {
                        out.flush();
                        return;
                    }
                    if (o instanceof String line) {
                        out.print(line + "\n");
                    } else {
                        print((Delivery) o);
                    }
                }
                batch.clear();
                out.flush();
                // Lets a burst gather before the next take: under load the printer then wakes about a hundred times
                // a second instead of once per delivery (each wake costs the thread that answered it), and a line
                // still appears within 10 ms.
                try {
                    Thread.sleep(PAUSE_MILLIS);
                } catch (InterruptedException e) {
                    // go on
                }
            }
        }

        private void print(Delivery d) {
            // The latency recorded, so that the line shown and the history agree.
            DeliveryRenderer.Live live = new DeliveryRenderer.Live(d.record().latencyMicros(), d.stored(), d.storeError(),
                    d.simulated());
            if (format == Format.json) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("type", "delivery");
                fields.putAll(DeliveryRenderer.fields(d.record(), live, verbose));
                out.print(DeliveryRenderer.json(fields) + "\n");
                return;
            }
            ListenConsole c = console;
            String line = renderer.line(d.record(), live);
            List<String> detail = renderer.detail(d.record(), verbose, pretty);
            if (c != null) {
                c.println(line);
                detail.forEach(c::println);
                return;
            }
            out.print(line + "\n");
            for (String l : detail) {
                out.print(l + "\n");
            }
        }

        void close() {
            try {
                queue.put(STOP);
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
        }
    }
}
