package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.Profile;
import dev.hooks.send.Exchange;
import dev.hooks.send.Handshake;
import dev.hooks.send.HttpTransport;
import dev.hooks.send.OutgoingRequest;
import dev.hooks.term.HttpStatus;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "handshake",
        description = {"Act as the provider's URL verification: Paismo's challenge POST, the ASP.NET echo GET "
                + "(keypay, paycor), Slack's url_verification, Zoom's endpoint.url_validation.",
                "Exit 0 when the receiver passes, 1 when it fails (the reason is printed), 3 when it cannot be reached."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hooks handshake --provider paismo --to http://127.0.0.1:3000/webhook",
            "  hooks handshake --provider keypay \\",
            "      --to 'http://127.0.0.1:3000/api/webhooks/incoming/keypay'",
            "  hooks handshake --provider zoom --secret-env ZOOM_SECRET_TOKEN \\",
            "      --to https://example.test/zoom --insecure"})
final class HandshakeCommand extends BaseCommand {
    enum Format { text, json }

    @Option(names = {"-p", "--provider"}, required = true, paramLabel = "P", completionCandidates = ProviderNames.class,
            description = "Provider profile whose handshake to make: ${COMPLETION-CANDIDATES} or a user profile.")
    String provider;

    @Mixin
    DeliveryOptions delivery;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (one object: provider, kind, url, passed, skipped, reason, notes, status, latency_ms). "
                    + "Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = {"-v", "--verbose"}, description = "Show the request and the answer in full.")
    boolean verbose;

    @Override
    public Integer call() {
        URI url = delivery.url();
        Profile profile = delivery.providers.profile(ctx(), provider);
        String secret = Handshake.signs(profile) ? delivery.secrets.require(ctx(), provider) : delivery.secrets.resolve(ctx());
        Handshake handshake = new Handshake(profile, secret, ctx().clock());
        Handshake.Result r;
        try (HttpTransport transport = delivery.http.transport(ctx(), err(), profile.delivery().timeout())) {
            r = handshake.run(transport, url);
        }
        if (format == Format.json) {
            out().println(Json.write(json(r, url), 0));
        } else {
            text(r, url);
        }
        out().flush();
        if (r.passed()) {
            return 0;
        }
        Exchange x = r.exchange();
        err().println("hooks: handshake failed: " + r.reason());
        return x != null && !x.answered() ? HooksException.NETWORK : HooksException.CHECK_FAILED;
    }

    private void text(Handshake.Result r, URI url) {
        Exchange x = r.exchange();
        if (x == null) {
            out().println(r.provider() + " " + r.kind() + ": skipped: " + r.reason());
            return;
        }
        out().println(r.provider() + " " + r.kind() + " → " + x.request().method() + " " + x.request().uri());
        if (verbose) {
            for (OutgoingRequest.Header h : x.request().headers()) {
                out().println("> " + h.name() + ": " + h.value());
            }
            out().println(">");
            if (x.request().body().length > 0) {
                out().println(x.request().bodyText());
            }
            if (x.answered()) {
                out().println("< " + HttpStatus.line(x.status()));
                x.responseHeaders().forEach(h -> out().println("< " + h.name() + ": " + h.value()));
                out().println("<");
                if (x.responseBody().length > 0) {
                    out().println(x.responseText());
                }
            }
        }
        if (x.answered()) {
            out().println("answer: " + HttpStatus.line(x.status()) + " in " + String.format(java.util.Locale.ROOT,
                    "%.1f ms", x.latencyMillis()));
        }
        out().println((r.passed() ? "passed: " : "failed: ") + r.reason());
        r.notes().forEach(n -> out().println("note: " + n));
    }

    private static Map<String, Object> json(Handshake.Result r, URI url) {
        Map<String, Object> m = new LinkedHashMap<>();
        Exchange x = r.exchange();
        m.put("provider", r.provider());
        m.put("kind", r.kind());
        m.put("url", x == null ? url.toString() : x.request().uri().toString());
        m.put("passed", r.passed());
        m.put("skipped", r.skipped());
        m.put("reason", r.reason());
        m.put("notes", r.notes());
        m.put("status", x != null && x.answered() ? x.status() : null);
        m.put("latency_ms", x == null ? null : java.math.BigDecimal.valueOf(x.latencyMillis())
                .setScale(3, java.math.RoundingMode.HALF_UP));
        m.put("error_kind", x != null && !x.answered() ? x.failure().kind().label() : null);
        return m;
    }
}
