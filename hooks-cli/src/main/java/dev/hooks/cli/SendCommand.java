package dev.hooks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hooks.HooksException;
import dev.hooks.samples.JsonBody;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.samples.SampleRenderer;
import dev.hooks.scheme.Durations;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.send.Authenticator;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.RawEnvelopes;
import dev.hooks.send.RequestFactory;
import dev.hooks.send.RetryPolicy;
import dev.hooks.send.SampleChoice;
import dev.hooks.send.SampleEnvelopes;
import dev.hooks.send.Sender;
import dev.hooks.send.Summary;
import dev.hooks.term.ProgressBar;
import dev.hooks.term.SendRenderer;
import dev.hooks.term.Terminal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "send",
        description = {"Act as the provider: render a sample event with fresh ids and times and deliver it exactly as "
                + "the provider does (envelope, headers, signature, encryption, authentication), optionally with its "
                + "retry schedule, or many at once as a load test.",
                "Exit 0 when every delivery got a 2xx, 1 when one failed, 3 when the receiver could not be reached."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hooks send employee.created --provider paismo --secret-env PAISMO_SECRET \\",
            "      --to http://127.0.0.1:3000/webhook",
            "  hooks send EmployeeCreated --secret s3cret --to http://127.0.0.1:3000/hooks \\",
            "      --retry --time-scale 0.001",
            "  hooks send user-payroll-submitted --provider teal --secret s \\",
            "      --encryption-key $KEY --to $URL --verbose",
            "  hooks send transfer.crypto_deposit.completed --provider paxos --to $URL \\",
            "      --oauth-token-url $URL/oauth/token \\",
            "      --oauth-client-id id --oauth-client-secret s",
            "  hooks send employee.updated --provider paismo --secret s --to $URL \\",
            "      --count 10000 --concurrency 32"})
final class SendCommand extends BaseCommand {
    enum Format { text, json }

    @Parameters(index = "0", arity = "0..1", paramLabel = "EVENT", completionCandidates = EventNames.class,
            description = "The event type, as the provider names it (see 'hooks samples'); optional with --body-file.")
    String event;

    @Option(names = {"-p", "--provider"}, paramLabel = "P", completionCandidates = ProviderNames.class,
            description = "Provider profile (default: the one whose samples have EVENT, when only one has).")
    String provider;

    @Mixin
    DeliveryOptions delivery;

    @Mixin
    EncryptionKeyOption encryptionKey;

    @Mixin
    AuthOptions auth;

    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Edit the envelope before signing: a dotted path and a JSON value or plain text "
                    + "(data.status=CLOSED, Notifications.0.EmployeeId=42). Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--data-file", paramLabel = "FILE", description = "Replace the envelope's data part with this JSON file.")
    Path dataFile;

    @Option(names = "--body-file", paramLabel = "FILE",
            description = "Send this file's bytes as the body exactly as they are (no envelope, no edits); still signed.")
    Path bodyFile;

    @Option(names = "--no-payload", description = "Leave out the optional payload, as a subscription with "
            + "include_payload off receives it (teal).")
    boolean noPayload;

    @Mixin
    SamplesDirOption samplesDir;

    @Option(names = "--retry", description = "On a non-2xx answer or a network error, retry on the provider's schedule "
            + "(see 'hooks providers show P'); statuses the provider stops on (410) end the retries.")
    boolean retry;

    @Option(names = "--time-scale", paramLabel = "F", defaultValue = "1",
            description = "Multiply the retry schedule's waits by F: 0.001 turns an hour into 3.6 s. Default: ${DEFAULT-VALUE}.")
    double timeScale;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Send N deliveries, each freshly rendered and signed "
            + "(default 1, or as many as --duration allows).")
    Long count;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "C", defaultValue = "1",
            description = "Deliveries in flight at once. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--rate", paramLabel = "R/s", description = "Start at most R deliveries per second (100, 100/s, 600/m).")
    String rate;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop starting deliveries after this long (30s, 5m).")
    String duration;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, or json: one JSON object per attempt (and a summary object for --count/--duration). "
                    + "Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = {"-v", "--verbose"}, description = "Show every request in full (headers and body) and the answer's headers and body.")
    boolean verbose;

    @Option(names = "--no-progress", description = "No progress bar during --count runs, even on a terminal.")
    boolean noProgress;

    @Override
    public Integer call() {
        if (event == null && bodyFile == null) {
            throw HooksException.input("name the EVENT to send (see 'hooks samples'), or pass --body-file FILE");
        }
        if (bodyFile != null && (dataFile != null || !sets.isEmpty() || noPayload)) {
            throw HooksException.input("--body-file sends the file as it is: it does not go with --data-file, --set or --no-payload");
        }
        Sender.Plan plan = plan();
        URI url = delivery.url();
        ProviderCatalog catalog = delivery.providers.catalog(ctx());
        SampleCatalog samples = bodyFile != null && provider != null ? null : samples();
        Profile profile = profile(catalog, samples);
        SampleEvent sample = null;
        if (bodyFile == null) {
            sample = SampleChoice.sample(samples, profile, event);
        }
        String secret = profile.signature().none() ? null : delivery.secrets.require(ctx(), profile.name());
        SignatureScheme scheme = SignatureScheme.of(profile, secret);
        PayloadEncryption encryption = encryption(profile);
        Sender.EnvelopeSource source = bodyFile != null
                ? new RawEnvelopes(profile, readFile(bodyFile, "--body-file"), event)
                : new SampleEnvelopes(profile, samples, sample, new SampleRenderer(ctx().clock(), SampleEnvelopes.FAST_RANDOM),
                        dataFile == null ? null : JsonBody.parse(readFile(dataFile, "--data-file"), "--data-file " + dataFile),
                        sets, noPayload);
        if (dataFile != null || !sets.isEmpty()) {
            warnIfSchemaRejects(profile, source.next(1));
        }

        boolean load = plan.count() != 1 || plan.duration() != null;
        SendRenderer renderer = new SendRenderer(out(), format == Format.json, verbose, load, retry);
        RetryPolicy policy = RetryPolicy.of(profile.delivery(), retry, timeScale);
        try (HttpTransport transport = delivery.http.transport(ctx(), err(), profile.delivery().timeout())) {
            Authenticator authenticator = auth.authenticator(ctx(), profile, transport, renderer, err());
            RequestFactory factory = new RequestFactory(profile, scheme, encryption, authenticator, url, ctx().clock());
            Sender sender = new Sender(transport, factory, source, policy, renderer);
            Thread ticker = load && !noProgress && Terminal.interactive(ctx().err(), ctx().env())
                    ? progress(sender, renderer, plan) : null;
            SummaryOnInterrupt interrupted = load ? new SummaryOnInterrupt(sender) : null;
            try {
                Summary summary = sender.run(plan);
                if (ticker != null) {
                    ticker.interrupt();
                    try {
                        ticker.join(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (load) {
                    renderer.summary(summary, plan.concurrency());
                }
                return exitCode(summary, url, load);
            } finally {
                if (interrupted != null) {
                    interrupted.reported();
                }
            }
        }
    }

    /** A warning (the send goes on) when --set or --data-file made a body its event's schema rejects. */
    private void warnIfSchemaRejects(Profile profile, dev.hooks.send.Envelope first) {
        if (profile.schemas().isEmpty() || first.eventType() == null) {
            return;
        }
        dev.hooks.schema.EventSchemas schemas = dev.hooks.schema.EventSchemas.of(profile);
        if (!schemas.has(first.eventType())) {
            return;
        }
        dev.hooks.schema.SchemaResult r;
        try {
            r = schemas.check(first.eventType(), first.body(1));
        } catch (HooksException e) {
            err().println("hooks: warning: the body was not checked against its schema: " + e.getMessage());
            return;
        }
        if (r.invalid()) {
            err().println("hooks: warning: the " + first.eventType() + " schema rejects this body ("
                    + (dataFile != null ? "--data-file" : "--set") + "): " + String.join("; ",
                    r.errors().stream().limit(3).map(Object::toString).toList())
                    + (r.errors().size() > 3 ? "; ..." : "") + " (sending it anyway)");
        }
    }

    /**
     * Ctrl-C during a load run: no further deliveries start, those in flight end, and the summary of what was sent
     * is printed before the process exits (130).
     */
    private static final class SummaryOnInterrupt {
        private final java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
        private final Thread hook;

        SummaryOnInterrupt(Sender sender) {
            hook = new Thread(() -> {
                sender.stop();
                try {
                    reported.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "hooks-send-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        void reported() {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs now: it was waiting for this
            }
        }
    }

    private int exitCode(Summary s, URI url, boolean load) {
        out().flush();
        long failed = s.failedAnswered() + s.failedNetwork();
        // One delivery in text: its last line already said "not delivered" or "gave up", so nothing more is said.
        boolean said = !load && format == Format.text && !s.subscriptionFailed();
        if (said && !s.allDelivered()) {
            return s.failedAnswered() > 0 ? HooksException.CHECK_FAILED : HooksException.NETWORK;
        }
        if (s.failedAnswered() > 0 || s.subscriptionFailed()) {
            err().println("hooks: " + (s.deliveries() == 1 ? "the delivery failed"
                    : failed + " of " + s.deliveries() + " deliveries failed")
                    + (s.subscriptionFailed() ? "; the subscription is failed" : ""));
            return HooksException.CHECK_FAILED;
        }
        if (s.failedNetwork() > 0) {
            err().println("hooks: could not reach " + url + (s.deliveries() == 1 ? ""
                    : " (" + s.failedNetwork() + " of " + s.deliveries() + " deliveries)")
                    + (s.errors().isEmpty() ? "" : ": " + String.join(", ", s.errors().keySet()) + " error"));
            return HooksException.NETWORK;
        }
        return 0;
    }

    private Sender.Plan plan() {
        if (count != null && count < 1) {
            throw HooksException.input("--count must be at least 1");
        }
        if (concurrency < 1 || concurrency > 10_000) {
            throw HooksException.input("--concurrency must be between 1 and 10000");
        }
        if (!(timeScale >= 0) || Double.isInfinite(timeScale)) {
            throw HooksException.input("--time-scale must be a number of 0 or more, e.g. 0.001");
        }
        Duration d = null;
        if (duration != null) {
            d = Durations.parse(duration).filter(x -> !x.isZero()).orElseThrow(() ->
                    HooksException.input("--duration '" + duration + "' is not a duration such as 30s or 5m"));
        }
        double perSecond = 0;
        if (rate != null) {
            perSecond = parseRate(rate);
        }
        long n = count != null ? count : d != null ? 0 : 1;
        return new Sender.Plan(n, concurrency, perSecond, d);
    }

    static double parseRate(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        double per = 1;
        int slash = t.indexOf('/');
        if (slash >= 0) {
            String unit = t.substring(slash + 1).strip();
            per = switch (unit) {
                case "s", "sec", "second" -> 1;
                case "m", "min", "minute" -> 60;
                case "h", "hour" -> 3600;
                default -> -1;
            };
            t = t.substring(0, slash).strip();
        }
        try {
            double r = Double.parseDouble(t) / per;
            if (per > 0 && r > 0 && !Double.isInfinite(r)) {
                return r;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw HooksException.input("--rate '" + text + "' is not a rate such as 100, 100/s or 600/m");
    }

    private SampleCatalog samples() {
        return samplesDir.catalog(ctx());
    }

    private Profile profile(ProviderCatalog catalog, SampleCatalog samples) {
        if (provider != null) {
            return catalog.get(provider);
        }
        if (event == null) {
            throw HooksException.input("--body-file needs --provider P (or an EVENT to infer it from)");
        }
        return SampleChoice.providerOf(catalog, samples, event, "--provider P");
    }

    private PayloadEncryption encryption(Profile profile) {
        String key = encryptionKey.resolve(ctx());
        if (key == null) {
            return null;
        }
        if (!profile.encrypts()) {
            if (encryptionKey.key == null) {
                return null;
            }
            throw HooksException.input("provider '" + profile.name() + "' does not encrypt payloads: drop --encryption-key");
        }
        return new PayloadEncryption(profile.encryption(), key);
    }

    private static byte[] readFile(Path file, String flag) {
        try {
            return Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw HooksException.input("cannot read " + flag + " " + file + ": no such file");
        } catch (java.io.IOException e) {
            throw HooksException.input("cannot read " + flag + " " + file + ": " + e.getMessage());
        }
    }

    private Thread progress(Sender sender, SendRenderer renderer, Sender.Plan plan) {
        ProgressBar bar = new ProgressBar(err(), Terminal.width(ctx().env()));
        renderer.bar(bar);
        Thread t = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Sender.Progress p = sender.progress();
                    double secs = p.elapsedNanos() / 1e9;
                    double fraction = plan.count() > 0 ? (double) p.deliveriesDone() / plan.count()
                            : secs / (plan.duration().toNanos() / 1e9);
                    bar.draw(p.deliveriesDone(), plan.count(), fraction, String.format(Locale.ROOT,
                            "%.0f req/s  failed %d", secs > 0 ? p.attempts() / secs : 0.0, p.failed()));
                    Thread.sleep(200);
                }
            } catch (InterruptedException e) {
                // done
            } finally {
                bar.clear();
            }
        }, "hooks-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
