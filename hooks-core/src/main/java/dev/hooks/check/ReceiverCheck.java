package dev.hooks.check;

import dev.hooks.HooksException;
import dev.hooks.check.CheckResult.Outcome;
import dev.hooks.check.CheckResult.Probe;
import dev.hooks.crypto.Encoding;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.samples.SampleRenderer;
import dev.hooks.scheme.Durations;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.KeyMaterial;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.send.Authenticator;
import dev.hooks.send.Credentials;
import dev.hooks.send.Envelope;
import dev.hooks.send.Exchange;
import dev.hooks.send.Handshake;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.OAuthClientCredentials;
import dev.hooks.send.OutgoingRequest;
import dev.hooks.send.RawEnvelopes;
import dev.hooks.send.RequestFactory;
import dev.hooks.send.SampleEnvelopes;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The receiver checker: delivers to a running receiver what its provider sends, and what an attacker or a
 * misbehaving network sends, and judges each answer (see {@link Check}). Every request is made by the sender engine
 * ({@link RequestFactory}, {@link Handshake}, {@link Authenticator}): the same envelopes, signatures, encryption and
 * credentials as {@code hooks send}, then altered where a check needs it. Which checks apply comes from the profile
 * (does it sign, sign a timestamp, reject future ones, have a handshake, encrypt, authenticate), never from the
 * provider's name. Requests go one at a time, in {@link Check} order; each result is handed to the listener as soon
 * as it is judged. It never prints.
 */
public final class ReceiverCheck {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    /**
     * What to check and how.
     *
     * @param secret the signing secret; null only for profiles that do not sign
     * @param encryptionKey base64 AES-256 key for profiles that encrypt; null sends in the clear
     * @param timeout the provider's request timeout (the profile's {@code delivery.timeout}, or a shorter one to
     *     keep a check quick); an answer later than this is a failed delivery
     * @param insecure skip TLS certificate checks
     * @param skip checks not to run, though they apply
     */
    public record Settings(Profile profile, URI url, String secret, String encryptionKey, Credentials credentials,
                           SampleCatalog samples, Duration timeout, boolean insecure, Clock clock, Set<Check> skip) {
        public Settings {
            skip = skip == null ? Set.of() : Set.copyOf(skip);
            credentials = credentials == null ? Credentials.NONE : credentials;
            timeout = timeout == null ? profile.delivery().timeout() : timeout;
            clock = clock == null ? Clock.systemUTC() : clock;
        }
    }

    private final Settings settings;
    private final Profile profile;
    private final SignatureScheme scheme;
    private final PayloadEncryption encryption;
    private final List<SampleEvent> events;
    private final SampleRenderer renderer;
    private final List<Probe> sent = new ArrayList<>();
    private HttpTransport transport;
    private Authenticator auth;
    private boolean reached;
    /** Requests in a row that the receiver, once reached, did not answer within the timeout. */
    private int unanswered;
    /**
     * After this many requests in a row without an answer in time, the checks still to come are not run: each would
     * only wait out the timeout again.
     */
    static final int GIVE_UP_AFTER = 2;

    /** @throws HooksException (exit 2) for a missing or malformed secret or key, or a provider without samples */
    public ReceiverCheck(Settings settings) {
        this.settings = settings;
        this.profile = settings.profile();
        this.scheme = SignatureScheme.of(profile, settings.secret());
        if (settings.encryptionKey() != null && !profile.encrypts()) {
            throw HooksException.input("provider '" + profile.name() + "' does not encrypt payloads: drop --encryption-key");
        }
        this.encryption = settings.encryptionKey() == null ? null
                : new PayloadEncryption(profile.encryption(), settings.encryptionKey());
        this.events = settings.samples().events(profile.samples());
        if (events.isEmpty()) {
            throw HooksException.input("provider '" + profile.name() + "' has no sample events to deliver (samples/"
                    + profile.samples() + ")");
        }
        this.renderer = new SampleRenderer(settings.clock(), SampleEnvelopes.FAST_RANDOM);
    }

    /** The checks this provider's profile rules out, or that were asked to be skipped, and why. */
    public List<NotApplicable> notApplicable() {
        List<NotApplicable> out = new ArrayList<>();
        Profile.SignatureSpec sig = profile.signature();
        if (profile.handshake().none()) {
            out.add(new NotApplicable(Check.HANDSHAKE, profile.name() + " has no URL verification handshake"));
        }
        if (sig.none()) {
            for (Check c : List.of(Check.RAW_BODY, Check.BAD_SIGNATURE, Check.MISSING_SIGNATURE, Check.TAMPERED_BODY,
                    Check.WRONG_SECRET, Check.STALE_TIMESTAMP, Check.FUTURE_TIMESTAMP)) {
                out.add(new NotApplicable(c, profile.name() + " does not sign deliveries"));
            }
        } else {
            if (encryption != null) {
                out.add(new NotApplicable(Check.RAW_BODY, "the signature covers the encrypted body, which no "
                        + "re-serialiser touches"));
            }
            if (!signsTimestamp()) {
                out.add(new NotApplicable(Check.STALE_TIMESTAMP, "the signature covers no timestamp"));
                out.add(new NotApplicable(Check.FUTURE_TIMESTAMP, "the signature covers no timestamp"));
            } else if (sig.tolerance() == null) {
                out.add(new NotApplicable(Check.STALE_TIMESTAMP, "the profile sets no signature.tolerance"));
                out.add(new NotApplicable(Check.FUTURE_TIMESTAMP, "the profile sets no signature.tolerance"));
            } else if (!sig.rejectFuture()) {
                out.add(new NotApplicable(Check.FUTURE_TIMESTAMP, profile.name() + " rejects only timestamps that are "
                        + "too old (signature.rejectFuture is false)"));
            }
        }
        if ("none".equals(profile.auth().kind())) {
            out.add(new NotApplicable(Check.AUTH, profile.name() + " does not authenticate the sender"));
        }
        if (!profile.encrypts()) {
            out.add(new NotApplicable(Check.ENCRYPTION, profile.name() + " does not encrypt payloads"));
        } else if (encryption == null) {
            out.add(new NotApplicable(Check.ENCRYPTION, "no encryption key given, so deliveries went in the clear"));
        }
        for (Check c : Check.values()) {
            if (settings.skip().contains(c) && out.stream().noneMatch(n -> n.check() == c)) {
                out.add(new NotApplicable(c, "skipped as asked"));
            }
        }
        return out;
    }

    /** Runs every check that applies, handing each result to {@code listener} as it is judged. */
    public CheckReport run(Consumer<CheckResult> listener) {
        long start = System.nanoTime();
        List<NotApplicable> skipped = new ArrayList<>(notApplicable());
        List<CheckResult> results = new ArrayList<>();
        try (HttpTransport t = new HttpTransport(settings.timeout(), settings.insecure(), settings.clock())) {
            transport = t;
            auth = settings.credentials().authenticator(t, e -> { });
            String gaveUp = null;
            for (Check c : Check.values()) {
                if (skipped.stream().anyMatch(n -> n.check() == c)) {
                    continue;
                }
                if (gaveUp != null && c != Check.LATENCY) {
                    skipped.add(new NotApplicable(c, gaveUp));
                    continue;
                }
                long began = System.nanoTime();
                int from = sent.size();
                CheckResult r;
                try {
                    r = run(c, from, began);
                } catch (Unresponsive e) {
                    gaveUp = "not run: " + e.getMessage();
                    if (sent.size() == from) {
                        skipped.add(new NotApplicable(c, gaveUp));
                        continue;
                    }
                    // Its requests so far went unanswered: that is its verdict.
                    r = new CheckResult(c, Outcome.FAIL, e.getMessage() + "; the rest of this check's requests were "
                            + "not sent", sent.subList(from, sent.size()), null, System.nanoTime() - began);
                }
                results.add(r);
                listener.accept(r);
            }
        } catch (Unreachable e) {
            return new CheckReport(profile.name(), settings.url(), settings.timeout(), results, skipped, e.getMessage(),
                    System.nanoTime() - start);
        }
        return new CheckReport(profile.name(), settings.url(), settings.timeout(), results, skipped, null,
                System.nanoTime() - start);
    }

    private CheckResult run(Check c, int from, long began) {
        if (c == Check.LATENCY) {
            return latency(began);
        }
        Verdict v = switch (c) {
            case HANDSHAKE -> handshake();
            case VALID -> valid();
            case DUPLICATE -> duplicate();
            case RAW_BODY -> rawBody();
            case BAD_SIGNATURE -> forged(deliver("a delivery whose signature is corrupted", "4xx",
                    withHeader(build(fresh()), signatureHeader(), this::corrupt)));
            case MISSING_SIGNATURE -> forged(deliver("a delivery without its " + signatureHeader() + " header", "4xx",
                    withHeader(build(fresh()), signatureHeader(), v0 -> null)));
            case TAMPERED_BODY -> forged(tampered());
            case WRONG_SECRET -> forged(deliver("a delivery signed with another secret", "4xx",
                    factory(settings.clock(), SignatureScheme.of(profile, otherSecret())).build(fresh(), 1)));
            case STALE_TIMESTAMP -> replayed(shifted(staleShift().negated(), "a delivery signed "
                    + Durations.format(staleShift()) + " ago"));
            case FUTURE_TIMESTAMP -> replayed(shifted(staleShift(), "a delivery timestamped "
                    + Durations.format(staleShift()) + " ahead"));
            case AUTH -> auth();
            case ENCRYPTION -> encryption();
            case LATENCY -> throw new IllegalStateException("latency is judged from the other checks' requests");
        };
        return new CheckResult(c, v.outcome, v.reason, sent.subList(from, sent.size()), null, System.nanoTime() - began);
    }

    /** An outcome and its reason, before the check's requests are attached. */
    private record Verdict(Outcome outcome, String reason) {
        static Verdict pass(String reason) {
            return new Verdict(Outcome.PASS, reason);
        }

        static Verdict fail(String reason) {
            return new Verdict(Outcome.FAIL, reason);
        }
    }

    // ---- the checks

    private Verdict handshake() {
        Handshake.Result r = new Handshake(profile, settings.secret(), settings.clock()).run(transport, settings.url());
        if (r.exchange() != null) {
            noteReached(r.exchange());
            sent.add(new Probe(profile.handshake().kind() + " handshake", "2xx", r.exchange()));
        }
        String reason = r.reason() + (r.notes().isEmpty() ? "" : "; " + String.join("; ", r.notes()));
        if (r.skipped()) {
            return new Verdict(Outcome.WARN, reason);
        }
        return new Verdict(r.passed() ? Outcome.PASS : Outcome.FAIL, reason);
    }

    private Verdict valid() {
        List<Probe> failed = new ArrayList<>();
        for (SampleEvent e : events) {
            Probe p = deliver(e.eventType(), "2xx", build(envelope(e)));
            if (!accepted(p)) {
                failed.add(p);
            }
        }
        if (failed.isEmpty()) {
            return Verdict.pass(events.size() == 1 ? "the " + events.get(0).eventType() + " delivery was answered 2xx"
                    : "all " + events.size() + " sample events were answered 2xx");
        }
        return Verdict.fail("rejects correctly made deliveries: " + failed.size() + " of " + events.size()
                + " answered other than 2xx (" + listAnswers(failed) + ")");
    }

    private Verdict duplicate() {
        Envelope e = fresh();
        RequestFactory f = factory(settings.clock(), scheme);
        Probe first = deliver("the delivery", "2xx", f.build(e, 1));
        Probe again = deliver("the same event again", "2xx", f.build(e, 2));
        if (!accepted(first)) {
            return Verdict.fail("the first delivery was answered " + describe(first)
                    + ", so its redelivery proves nothing");
        }
        if (!accepted(again)) {
            return Verdict.fail("rejects a redelivery of the same event (answered " + describe(again) + " the second "
                    + "time): providers redeliver whenever they miss an answer, and retry this one until they give up; "
                    + "acknowledge it with 2xx and skip the work");
        }
        return Verdict.pass("acknowledged the same event twice");
    }

    private Verdict rawBody() {
        List<String> names = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> answers = new ArrayList<>();
        for (BodyVariants.Variant v : BodyVariants.of(profile, () -> settings.samples().render(events.get(0), renderer))) {
            names.add(v.name());
            Probe p = deliver("a body with " + v.name(), "2xx",
                    build(new RawEnvelopes(profile, v.body(), events.get(0).eventType()).next(1)));
            if (!accepted(p)) {
                refused.add(v.name());
                if (!answers.contains(describe(p))) {
                    answers.add(describe(p));
                }
            }
        }
        if (refused.isEmpty()) {
            return Verdict.pass("accepted correctly signed bodies with " + String.join(", ", names));
        }
        return Verdict.fail("verifies a re-serialised body, not the raw bytes: answered " + String.join(" or ", answers)
                + " to correctly signed bodies with " + String.join(", ", refused));
    }

    private Probe tampered() {
        Envelope original = fresh();
        RequestFactory f = factory(Clock.fixed(settings.clock().instant(), settings.clock().getZone()), scheme);
        OutgoingRequest signed = f.build(original, 1);
        byte[] body = BodyVariants.tamper(original.body(1));
        OutgoingRequest other = f.build(new ChangedBody(original, body), 1);
        String header = signatureHeader();
        return deliver("a body changed after signing", "4xx", withHeader(other, header, v -> signed.header(header)));
    }

    private Probe shifted(Duration shift, String name) {
        return deliver(name + " (tolerance " + Durations.format(profile.signature().tolerance()) + ")", "4xx",
                factory(Clock.offset(settings.clock(), shift), scheme).build(fresh(), 1));
    }

    private Verdict auth() {
        Credentials c = settings.credentials();
        RequestFactory f = factory(settings.clock(), scheme);
        List<Probe> refusals = new ArrayList<>();
        refusals.add(send("a delivery without credentials", "4xx", f.build(fresh(), 1)));
        String header = c.hasApiKey() ? c.apiKeyHeader() : profile.auth().header();
        if (header != null) {
            refusals.add(send("a wrong API key in " + header, "4xx", withHeader(f.build(fresh(), 1), header,
                    v -> "wrong_" + random(24))));
        }
        refusals.add(send("a Bearer token it never issued", "4xx", withHeader(f.build(fresh(), 1), "Authorization",
                v -> "Bearer " + random(40))));
        if (c.hasOAuth()) {
            refusals.add(send("a token request with a wrong client secret", "4xx", new OAuthClientCredentials(transport,
                    c.tokenUrl(), c.clientId(), "wrong_" + random(24), c.scope(), e -> { }).tokenRequest()));
        }
        Verdict refused = judgeRefusals(refusals, "accepts requests without valid credentials");
        if (refused.outcome() == Outcome.FAIL) {
            return refused;
        }
        if (c.hasOAuth()) {
            Probe token = send("a token request with the client credentials", "2xx", new OAuthClientCredentials(
                    transport, c.tokenUrl(), c.clientId(), c.clientSecret(), c.scope(), e -> { }).tokenRequest());
            if (!accepted(token) || !issuesToken(token.exchange().responseText())) {
                return Verdict.fail("the token endpoint did not issue a token for the right client credentials ("
                        + describe(token) + ")");
            }
            return Verdict.pass(refused.reason() + "; the OAuth client-credentials flow issued a token");
        }
        if (!c.hasApiKey()) {
            return new Verdict(Outcome.WARN, refused.reason() + "; no credentials were given (--api-key or --oauth-*), "
                    + "so deliveries that should be accepted went without");
        }
        return refused;
    }

    private static boolean issuesToken(String answer) {
        try {
            return Json.parse(answer) instanceof Map<?, ?> m && m.get("access_token") instanceof String t && !t.isBlank();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Verdict encryption() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        PayloadEncryption other = new PayloadEncryption(profile.encryption(), Encoding.base64(key));
        Probe wrongKey = deliver("a body encrypted under another key", "4xx",
                new RequestFactory(profile, scheme, other, Authenticator.NONE, settings.url(), settings.clock())
                        .build(fresh(), 1));
        byte[] iv = new byte[profile.encryption().ivBytes()];
        RANDOM.nextBytes(iv);
        Probe wrongIv = deliver("a body sent with the wrong IV", "4xx", withHeader(build(fresh()),
                profile.encryption().ivHeader(), v -> Encoding.base64(iv)));
        return judgeRefusals(List.of(wrongKey, wrongIv), "acknowledges bodies it cannot have decrypted");
    }

    private CheckResult latency(long began) {
        Duration timeout = settings.timeout();
        long[] answered = sent.stream().filter(p -> p.exchange().answered())
                .mapToLong(p -> p.exchange().latencyNanos()).sorted().toArray();
        List<Probe> late = sent.stream().filter(p -> !p.exchange().answered()
                && p.exchange().failure().kind() == Exchange.Kind.TIMEOUT).toList();
        long p50 = answered.length == 0 ? -1 : answered[(answered.length - 1) / 2];
        long max = answered.length == 0 ? -1 : answered[answered.length - 1];
        CheckResult.Latency figures = new CheckResult.Latency(p50, max, timeout, answered.length, late.size());
        String shown = answered.length == 0 ? "no answers" : "p50 " + millis(p50) + ", max " + millis(max);
        Verdict v;
        if (!late.isEmpty()) {
            v = Verdict.fail(late.size() + " of " + sent.size() + " requests got no answer within the provider's "
                    + Durations.format(timeout) + " timeout (" + names(late, 3) + "): the provider counts each a failed "
                    + "delivery and sends it again; answer first, then do the work (" + shown + ")");
        } else if (answered.length == 0) {
            v = Verdict.fail("no request got an answer (" + names(sent, 3) + "), so there is no answer time to judge");
        } else if (max * 2 > timeout.toNanos()) {
            v = new Verdict(Outcome.WARN, shown + ": the slowest answer took more than half the provider's "
                    + Durations.format(timeout) + " timeout");
        } else {
            v = Verdict.pass(shown + ", within the provider's " + Durations.format(timeout) + " timeout");
        }
        return new CheckResult(Check.LATENCY, v.outcome, v.reason, late, figures, System.nanoTime() - began);
    }

    // ---- judging

    private static boolean accepted(Probe p) {
        return p.exchange().answered() && p.status() / 100 == 2;
    }

    private Verdict forged(Probe p) {
        return judgeRefusals(List.of(p), "accepts forged deliveries");
    }

    private Verdict replayed(Probe p) {
        return judgeRefusals(List.of(p), "accepts replayed deliveries: it does not check the signed timestamp");
    }

    /** Each probe must be refused with a 4xx: a 2xx is {@code accepts}, a 5xx an error the provider retries. */
    private Verdict judgeRefusals(List<Probe> probes, String accepts) {
        List<String> problems = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        for (Probe p : probes) {
            int s = p.status();
            if (!p.exchange().answered()) {
                problems.add("no answer to " + p.name() + " (" + describe(p) + ")");
            } else if (s / 100 == 2) {
                problems.add(accepts + ": answered " + describe(p) + " to " + p.name());
            } else if (s / 100 == 5) {
                problems.add("errors instead of refusing: answered " + describe(p) + " to " + p.name()
                        + ", and the provider will retry it");
            } else if (s / 100 != 4) {
                problems.add("answered " + describe(p) + " to " + p.name() + ", not a 4xx refusal");
            } else if (!statuses.contains(Integer.toString(s))) {
                statuses.add(Integer.toString(s));
            }
        }
        if (!problems.isEmpty()) {
            return Verdict.fail(String.join("; ", problems));
        }
        return Verdict.pass("answered " + String.join(", ", statuses) + " to " + (probes.size() == 1
                ? probes.get(0).name() : "each of " + probes.size() + " requests (" + names(probes, probes.size()) + ")"));
    }

    private String describe(Probe p) {
        Exchange x = p.exchange();
        if (!x.answered()) {
            return x.failure().kind() == Exchange.Kind.TIMEOUT
                    ? "no answer within " + Durations.format(settings.timeout()) : x.failure().message();
        }
        String body = x.responseText().strip().replaceAll("\\s+", " ");
        if (body.length() > 80) {
            body = body.substring(0, 80) + "…";
        }
        return x.status() + (body.isEmpty() ? "" : " \"" + body + "\"");
    }

    private String listAnswers(List<Probe> probes) {
        List<String> parts = new ArrayList<>();
        for (Probe p : probes.subList(0, Math.min(probes.size(), 4))) {
            parts.add(p.name() + ": " + describe(p));
        }
        if (probes.size() > 4) {
            parts.add("and " + (probes.size() - 4) + " more");
        }
        return String.join("; ", parts);
    }

    private static String names(List<Probe> probes, int limit) {
        List<String> n = probes.stream().map(Probe::name).distinct().toList();
        return String.join(", ", n.subList(0, Math.min(limit, n.size()))) + (n.size() > limit ? ", …" : "");
    }

    private static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 1000 ? String.format(java.util.Locale.ROOT, "%.2f s", ms / 1000)
                : String.format(java.util.Locale.ROOT, "%.1f ms", ms);
    }

    // ---- making and sending requests

    private boolean signsTimestamp() {
        Profile.SignatureSpec s = profile.signature();
        return s.signed().contains("{timestamp}") || s.value().contains("{timestamp}");
    }

    /** How far outside the tolerance the stale and future timestamps are: three times the tolerance. */
    private Duration staleShift() {
        return profile.signature().tolerance().multipliedBy(3);
    }

    private String signatureHeader() {
        return profile.signature().header();
    }

    private Envelope envelope(SampleEvent e) {
        return new SampleEnvelopes(profile, settings.samples(), e, renderer, null, List.of(), false).next(1);
    }

    /** A freshly rendered delivery of the first sample event. */
    private Envelope fresh() {
        return envelope(events.get(0));
    }

    private RequestFactory factory(Clock clock, SignatureScheme signer) {
        return new RequestFactory(profile, signer, encryption, Authenticator.NONE, settings.url(), clock);
    }

    private OutgoingRequest build(Envelope e) {
        return factory(settings.clock(), scheme).build(e, 1);
    }

    /** Sends a request with the configured credentials added, as the provider would. */
    private Probe deliver(String name, String expect, OutgoingRequest request) {
        OutgoingRequest r = request;
        try {
            List<OutgoingRequest.Header> extra = auth.headers();
            if (!extra.isEmpty()) {
                List<OutgoingRequest.Header> headers = new ArrayList<>(request.headers());
                headers.addAll(extra);
                r = new OutgoingRequest(request.method(), request.uri(), headers, request.body());
            }
        } catch (Authenticator.AuthenticationFailed e) {
            Exchange x = new Exchange(request, settings.clock().instant(), 0, 0, List.of(), new byte[0],
                    new Exchange.Failure(e.kind(), e.getMessage()));
            if (!reached && e.kind() != Exchange.Kind.AUTH) {
                throw new Unreachable(e.getMessage());
            }
            Probe p = new Probe(name, expect, x);
            sent.add(p);
            return p;
        }
        return send(name, expect, r);
    }

    /**
     * Sends a request exactly as given.
     *
     * @throws Unresponsive instead, when the last {@value #GIVE_UP_AFTER} requests got no answer within the timeout
     */
    private Probe send(String name, String expect, OutgoingRequest r) {
        if (unanswered >= GIVE_UP_AFTER) {
            throw new Unresponsive("the receiver answered none of the last " + unanswered + " requests within "
                    + Durations.format(settings.timeout()));
        }
        Exchange x = transport.exchange(r);
        noteReached(x);
        unanswered = !x.answered() && x.failure().kind() == Exchange.Kind.TIMEOUT ? unanswered + 1 : 0;
        Probe p = new Probe(name, expect, x);
        sent.add(p);
        return p;
    }

    /** The first request decides whether the receiver can be reached at all. */
    private void noteReached(Exchange x) {
        if (reached) {
            return;
        }
        if (!x.answered() && (x.failure().kind() == Exchange.Kind.CONNECT || x.failure().kind() == Exchange.Kind.TLS
                || x.failure().message().startsWith("could not connect"))) {
            throw new Unreachable(x.failure().message());
        }
        reached = true;
    }

    /** The request with one header's value replaced ({@code change} returns null to remove it). */
    private static OutgoingRequest withHeader(OutgoingRequest r, String name,
                                              java.util.function.UnaryOperator<String> change) {
        List<OutgoingRequest.Header> headers = new ArrayList<>();
        boolean found = false;
        for (OutgoingRequest.Header h : r.headers()) {
            if (h.name().equalsIgnoreCase(name)) {
                found = true;
                String v = change.apply(h.value());
                if (v != null) {
                    headers.add(new OutgoingRequest.Header(h.name(), v));
                }
            } else {
                headers.add(h);
            }
        }
        if (!found) {
            String v = change.apply(null);
            if (v != null) {
                headers.add(new OutgoingRequest.Header(name, v));
            }
        }
        return new OutgoingRequest(r.method(), r.uri(), headers, r.body());
    }

    /** The signature header's value with its signature changed in one character, still well-formed. */
    private String corrupt(String value) {
        List<String> signatures = scheme.valueTemplate().parse(value).signatures();
        if (signatures.isEmpty()) {
            return value + "0";
        }
        String s = signatures.get(0);
        char c = s.charAt(0);
        char to = c == '0' ? '1' : c == 'A' ? 'B' : c == 'a' ? 'b' : Character.isDigit(c) || Character.isUpperCase(c)
                ? (Character.isDigit(c) ? '0' : 'A') : 'a';
        int at = value.lastIndexOf(s);
        return value.substring(0, at) + to + s.substring(1) + value.substring(at + s.length());
    }

    /** A secret of the same form as the configured one (prefix, encoding, length), but another. */
    private String otherSecret() {
        String secret = settings.secret();
        Profile.SignatureSpec spec = profile.signature();
        String form = spec.key();
        for (Profile.KeyedVariant v : spec.keyed()) {
            if (secret.startsWith(v.prefix())) {
                form = v.key();
                break;
            }
        }
        byte[] key = new byte[Math.max(16, KeyMaterial.decode(secret, form, profile.name()).length)];
        RANDOM.nextBytes(key);
        int underscore = secret.indexOf('_');
        String prefix = underscore > 0 && underscore < 8 ? secret.substring(0, underscore + 1) : "";
        return switch (form) {
            case "base64" -> Encoding.base64(key);
            case "hex" -> Encoding.hex(key);
            case "whsec" -> prefix + Encoding.base64(key);
            default -> prefix + random(Math.max(16, secret.length() - prefix.length()));
        };
    }

    private static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALNUM[RANDOM.nextInt(ALNUM.length)]);
        }
        return sb.toString();
    }

    /** An envelope with the same ids as another and other body bytes. */
    private record ChangedBody(Envelope original, byte[] bytes) implements Envelope {
        @Override
        public String eventType() {
            return original.eventType();
        }

        @Override
        public String eventId() {
            return original.eventId();
        }

        @Override
        public String deliveryId() {
            return original.deliveryId();
        }

        @Override
        public byte[] body(int attempt) {
            return bytes;
        }
    }

    /** The receiver could not be reached at all; the run ends. */
    /** The receiver stopped answering: the checks still to come are not run. */
    private static final class Unresponsive extends RuntimeException {
        Unresponsive(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }
}
