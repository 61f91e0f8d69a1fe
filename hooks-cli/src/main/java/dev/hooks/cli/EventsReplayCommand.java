package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.send.Exchange;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.OutgoingRequest;
import dev.hooks.listen.Replay;
import dev.hooks.store.DeliveryStore;
import dev.hooks.store.StoredDelivery;
import dev.hooks.term.HttpStatus;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay",
        description = {"Send a recorded request again, as recorded (same method, headers and bytes) or re-signed with a "
                + "fresh id and timestamp (--resign), and record the replay in the history.",
                "Without --to, it goes where it first went: the listener that recorded it, as its Host header names it.",
                "Exit 0 on a 2xx answer, 1 on another status, 3 when the URL cannot be reached."},
        footerHeading = "%nExamples:%n",
        footer = {"  hooks events replay d_06bqy7k2m9q4r8t1          # to where it first went",
                "  hooks events replay d_06bqy7k2m9q4r8t1 --to http://127.0.0.1:8080/webhook",
                "  hooks events replay 42 --to http://127.0.0.1:8080/webhook --resign \\",
                "      --secret-env PAISMO_SECRET"})
final class EventsReplayCommand extends BaseCommand {
    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "ID", description = "The recorded request's id (or its end, as 'hooks events list' shows it), seq number, "
            + "or the provider's event id.")
    String id;

    @Option(names = "--resign", description = "Sign it afresh as the provider would now: fresh ids and timestamp in the "
            + "body where the profile names them (envelope.fresh) and in the headers, new signature (needs the "
            + "secret). Default: the recorded headers and body unchanged.")
    boolean resign;

    @Option(names = {"-p", "--provider"}, paramLabel = "P", completionCandidates = ProviderNames.class,
            description = "Re-sign as this provider (default: the provider recorded with the request).")
    String provider;

    @Mixin
    StoreOption store;

    @Mixin
    DeliveryOptions delivery;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (one object: id, replay_of, url, status, latency_ms, error). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = {"-v", "--verbose"}, description = "Show the request sent and the answer in full.")
    boolean verbose;

    @Override
    public Integer call() {
        try (DeliveryStore history = store.open(ctx())) {
            StoredDelivery original = RecordedRequest.find(history, id, err());
            URI url = delivery.to != null ? delivery.url() : firstTarget(original);
            Profile profile = null;
            String name = provider != null ? provider : original.provider();
            SignatureScheme scheme = null;
            if (resign) {
                if (name == null) {
                    throw HooksException.input("the recorded request has no provider: pass --provider P to re-sign it");
                }
                profile = delivery.providers.profile(ctx(), name);
                String secret = profile.signature().none() ? null : delivery.secrets.require(ctx(), name);
                scheme = SignatureScheme.of(profile, secret);
            }
            OutgoingRequest request = Replay.request(original, url, null, scheme, null, ctx().clock());
            Duration timeout = profile != null ? profile.delivery().timeout()
                    : name != null ? delivery.providers.catalog(ctx()).find(name).map(p -> p.delivery().timeout()).orElse(null) : null;
            Exchange x;
            try (HttpTransport transport = delivery.http.transport(ctx(), err(), timeout)) {
                x = transport.exchange(request);
            }
            StoredDelivery saved = history.save(Replay.record(original, x, name, false, scheme == null ? null : scheme.profile()));
            render(original, saved, x);
            if (x.answered() && x.status() / 100 == 2) {
                return 0;
            }
            err().println("hooks: replay " + (x.answered() ? "answered " + HttpStatus.line(x.status())
                    : "failed: " + x.failure().kind().label() + " error: " + x.failure().message()));
            return x.answered() ? HooksException.CHECK_FAILED : HooksException.NETWORK;
        }
    }

    /** Where the request first went: the listener that recorded it, as its Host header named it. */
    private static URI firstTarget(StoredDelivery original) {
        String host = header(original, "Host");
        if (host == null || host.isBlank()) {
            throw HooksException.input("request " + original.id() + " was recorded without a Host header, so where it "
                    + "went is unknown: pass --to URL");
        }
        String proto = header(original, "X-Forwarded-Proto");
        String scheme = "https".equalsIgnoreCase(proto == null ? null : proto.strip()) ? "https" : "http";
        return HttpOptions.url("the recorded Host header", scheme + "://" + host.strip() + original.path()
                + (original.query() == null ? "" : "?" + original.query()));
    }

    private static String header(StoredDelivery d, String name) {
        return d.headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(StoredDelivery.Header::value)
                .findFirst().orElse(null);
    }

    private void render(StoredDelivery original, StoredDelivery saved, Exchange x) {
        if (format == Format.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", saved.id());
            m.put("replay_of", original.id());
            m.put("resigned", resign);
            m.put("url", x.request().uri().toString());
            m.put("status", x.answered() ? x.status() : null);
            m.put("latency_ms", java.math.BigDecimal.valueOf(x.latencyMillis()).setScale(3, java.math.RoundingMode.HALF_UP));
            m.put("error_kind", x.answered() ? null : x.failure().kind().label());
            m.put("error", x.answered() ? null : x.failure().message());
            out().println(Json.write(m, 0));
            return;
        }
        out().println("replay of " + original.id() + (resign ? " (re-signed)" : " (as recorded)") + " → "
                + x.request().method() + " " + x.request().uri());
        if (verbose) {
            x.request().headers().forEach(h -> out().println("> " + h.name() + ": " + h.value()));
            out().println(">");
            out().println(x.request().bodyText());
        }
        out().println(x.answered()
                ? "answer: " + HttpStatus.line(x.status()) + " in " + String.format(Locale.ROOT, "%.1f ms", x.latencyMillis())
                : x.failure().kind().label() + " error: " + x.failure().message());
        if (verbose && x.answered()) {
            x.responseHeaders().forEach(h -> out().println("< " + h.name() + ": " + h.value()));
            out().println("<");
            out().println(x.responseText());
        }
        out().println("recorded as " + saved.id());
    }
}
