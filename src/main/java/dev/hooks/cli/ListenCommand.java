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
import dev.hooks.store.StoredDelivery;
import dev.hooks.term.Ansi;
import dev.hooks.term.DeliveryRenderer;
import dev.hooks.term.ListenConsole;
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
            "  hooks listen --provider paismo --provider teal --secret paismo=s3cret --secret teal=t0p \\",
            "      --encryption-key $TEAL_KEY            # POST to /paismo and /teal",
            "  hooks listen --provider auto --format json | jq .",
            "  hooks listen --provider paxos --oauth-client-id app --oauth-client-secret-env PAXOS_CLIENT_SECRET",
            "  hooks listen --provider keypay --secret s3cret --fail-first 3 --forward-to http://localhost:8080/hooks",
            "",
            "Secrets: --secret P=VALUE names a provider being served; otherwise the whole value is the secret of every",
            "provider. Then HOOKS_SECRET_<PROVIDER> (upper case, '-' as '_'), then HOOKS_SECRET."})
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

    @Option(names = {"-p", "--provider"}, paramLabel = "P", completionCandidates = ProviderNames.class,
            description = "Provider to serve (repeat for several), or 'auto' to recognise any known provider from its "
                    + "headers. Default: auto.")
    List<String> providerNames = new ArrayList<>();

    @Option(names = "--secret", paramLabel = "[P=]SECRET", description = "Signing secret, for provider P when prefixed "
            + "with a served provider's name (repeat for several). Prefer --secret-env or --secret-file.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--secret-env", paramLabel = "[P=]NAME", description = "Read a secret from this environment variable.")
    List<String> secretEnvs = new ArrayList<>();

    @Option(names = "--secret-file", paramLabel = "[P=]PATH", description = "Read a secret from this file (one trailing newline ignored).")
    List<String> secretFiles = new ArrayList<>();

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

    @Option(names = "--tolerance", paramLabel = "DURATION", description = "How far a signed timestamp may be from now (default: the provider's).")
    String tolerance;

    @Option(names = "--no-tolerance", description = "Do not check the age of signed timestamps.")
    boolean noTolerance;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text (one line per delivery) or json (one JSON object per line). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = {"-v", "--verbose"}, description = "Also show headers and the pretty body (json: headers, body, verification).")
    boolean verbose;

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

    @Option(names = "--store", paramLabel = "PATH", description = "History file (default: $XDG_STATE_HOME/hooks/history.db, "
            + "else ~/.local/state/hooks/history.db).")
    Path store;

    @Option(names = "--no-store", description = "Do not record deliveries.")
    boolean noStore;

    @Option(names = "--max-body", defaultValue = "1MiB", paramLabel = "SIZE", description = "Largest body accepted "
            + "(413 above): bytes, or with k/KiB, m/MiB. Default: ${DEFAULT-VALUE}.")
    String maxBody;

    @Option(names = "--idle-timeout", defaultValue = "30s", paramLabel = "DURATION", description = "Close a connection "
            + "silent this long, and cut a request whose headers or body take longer (408). Default: ${DEFAULT-VALUE}.")
    String idleTimeout;

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
    private volatile StoredDelivery last;

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
        Secrets secretsByProvider = new Secrets(names, catalog.names());
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
            Endpoint e = new Endpoint(p, secret, enc, endpointAuth);
            if (!auto && !noVerify && p.signature().none() && endpointAuth.none()) {
                unchecked.add(uncheckedNote(p));
            }
            // With auto, every known provider is recognised on --path and also served at /NAME.
            (auto ? detect : endpoints).add(e);
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
        if (noStore && store != null) {
            throw HooksException.input("--store and --no-store contradict each other: pass one");
        }
        long maxBodyBytes = size("--max-body", maxBody);
        Path storePath = noStore ? null : store != null ? store : DeliveryStore.defaultPath(ctx.env());
        history = storePath == null ? null : DeliveryStore.open(storePath);
        try {
            ListenerSettings settings = new ListenerSettings(host, port, path, endpoints, detect, !noVerify,
                    tolerance == null ? null : duration("--tolerance", tolerance), !noTolerance, maxBodyBytes,
                    ListenerSettings.DEFAULT_MAX_HEADER_BYTES, duration("--idle-timeout", idleTimeout), failures, forward,
                    duration("--forward-timeout", forwardTimeout), oauth, history, ctx.clock(), threads, allowHosts,
                    !noInspector);
            listener = new Listener(settings);
            printer = new Printer(out(), new DeliveryRenderer(new Ansi(format == Format.text && ctx.colour())),
                    format, verbose);
            listener.onDelivery(printer::accept);
            listener.onDelivery(d -> {
                if (d.record().kind().equals(StoredDelivery.DELIVERY)) {
                    last = d.record();
                }
            });
            listener.start();
        } catch (RuntimeException e) {
            if (history != null) {
                history.close();
            }
            throw e;
        }
        banner(storePath);
        if (format == Format.text && ctx.in() == System.in && ctx.out() == System.out) {
            console = ListenConsole.start(listener.baseUrl() + path, this::counts, new Keys(), failureName(), verbose,
                    ctx.colour());
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
        failures.release(); // simulated timeouts under way answer now
        Summary s = listener.stop(Duration.ofSeconds(30));
        replays.shutdownNow();
        if (history != null) {
            history.close();
        }
        printer.close();
        printer.console = null;
        console.close();
        PrintWriter err = err();
        err.printf("hooks: stopped. received %d, verified %d, rejected %d, forwarded %d%s%s%n", s.received(), s.verified(),
                s.rejected(), s.forwarded(), s.failed() > 0 ? ", simulated failures " + s.failed() : "",
                history != null ? ", stored " + s.stored() + " in " + history.file() : "");
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
                    : listener.baseUrl() + d.path() + (d.query() == null ? "" : "?" + d.query());
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
            });
            return "replaying " + d.id() + " to " + to;
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

    private void banner(Path storePath) {
        PrintWriter err = err();
        for (Map.Entry<String, String> r : listener.routes().entrySet()) {
            err.println("hooks: listening on " + listener.baseUrl() + r.getKey() + "  (" + r.getValue() + ")");
        }
        List<String> notes = new ArrayList<>();
        notes.add(storePath == null ? "history off (--no-store)" : "history " + storePath);
        if (noVerify) {
            notes.add("--no-verify: every delivery is accepted");
        }
        unchecked.forEach(u -> err.println("hooks: " + u));
        if (forwardTo != null) {
            notes.add("forwarding to " + forwardTo);
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

    /** Why a provider's deliveries are accepted unchecked: it signs nothing and no credential was configured. */
    private static String uncheckedNote(Profile p) {
        String how = p.auth().kind().equals("none") ? "it signs nothing and authenticates nothing"
                : "it signs nothing, and no API key (--api-key) or OAuth client (--oauth-client-id) is configured";
        return p.name() + " checks nothing: " + how + ", so every delivery is accepted";
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

    /** Per-provider secrets from the flags and the environment (see the footer for the order). */
    private final class Secrets {
        private final Map<String, String> perProvider = new LinkedHashMap<>();
        private String shared;

        private final List<String> known;

        Secrets(List<String> providerNames, List<String> known) {
            this.known = known;
            for (String s : secrets) {
                put(providerNames, s, v -> v, "--secret");
            }
            for (String s : secretEnvs) {
                put(providerNames, s, v -> {
                    String value = ctx().env(v);
                    if (value == null) {
                        throw HooksException.input("--secret-env names " + v + ", which is not set or empty");
                    }
                    return value;
                }, "--secret-env");
            }
            for (String s : secretFiles) {
                put(providerNames, s, ListenCommand::readSecretFile, "--secret-file");
            }
        }

        private void put(List<String> providerNames, String raw, java.util.function.UnaryOperator<String> resolve, String flag) {
            int eq = raw.indexOf('=');
            String prefix = eq > 0 ? raw.substring(0, eq) : "";
            if (!providerNames.contains(prefix) && known.contains(prefix)) {
                throw HooksException.input(flag + " " + prefix + "=...: " + prefix + " is not served here (serving "
                        + String.join(", ", providerNames) + "); add -p " + prefix + ", or drop the '" + prefix + "='");
            }
            if (eq > 0 && providerNames.contains(prefix)) {
                perProvider.putIfAbsent(raw.substring(0, eq), resolve.apply(raw.substring(eq + 1)));
            } else if (shared == null) {
                shared = resolve.apply(raw);
            } else {
                throw HooksException.input(flag + ": two secrets for every provider; prefix each with the provider it is for "
                        + "(P=VALUE, P one of " + String.join(", ", providerNames.size() > 8
                        ? providerNames.subList(0, 8) : providerNames) + ")");
            }
        }

        String of(String provider) {
            String s = perProvider.get(provider);
            if (s == null) {
                s = shared;
            }
            if (s == null) {
                s = ctx().env("HOOKS_SECRET_" + provider.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            if (s == null) {
                s = ctx().env("HOOKS_SECRET");
            }
            return s;
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
        /** When set, text lines go above its status line instead of to {@code out}. */
        volatile ListenConsole console;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8192);
        private final Thread thread;

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

        private void run() {
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
                    print((Delivery) o);
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
            DeliveryRenderer.Live live = new DeliveryRenderer.Live(d.latencyMicros(), d.stored(), d.storeError(), d.simulated());
            if (format == Format.json) {
                out.print(DeliveryRenderer.json(DeliveryRenderer.fields(d.record(), live, verbose)) + "\n");
                return;
            }
            ListenConsole c = console;
            String line = renderer.line(d.record(), live);
            List<String> detail = renderer.detail(d.record(), verbose);
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
