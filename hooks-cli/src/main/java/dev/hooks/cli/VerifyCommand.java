package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.scheme.Durations;
import dev.hooks.scheme.Headers;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import dev.hooks.scheme.Verification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify",
        description = {"Verify a payload's signature as a receiver would, over the exact bytes.",
                "Exit 0 when valid; exit 1 with the reason on stderr (missing header, malformed value, mismatch, "
                        + "timestamp too old or too new)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hooks verify --provider paismo --secret-env PAISMO_SECRET \\",
            "      --signature 5f2b... body.json",
            "  hooks verify --provider stripe --secret-env STRIPE_SECRET \\",
            "      -H 'Stripe-Signature: t=1700000000,v1=ab12...' body.json",
            "  hooks verify --provider standard-webhooks --secret whsec_... \\",
            "      -H 'webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek' \\",
            "      -H 'webhook-timestamp: 1614265330' \\",
            "      -H 'webhook-signature: v1,g0hM...' \\",
            "      --no-tolerance body.json"})
final class VerifyCommand extends BaseCommand {
    enum Format { text, json }

    @Mixin
    SigningOptions signing;

    @Option(names = "--signature", paramLabel = "VALUE", description = "The signature header's value.")
    String signature;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "A received header; repeat for several.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--id", paramLabel = "ID", description = "The delivery id, for schemes that sign it (instead of -H).")
    String id;

    @Option(names = "--timestamp", paramLabel = "TS", description = "The delivery timestamp as sent (instead of -H).")
    String timestamp;

    @Option(names = "--url", paramLabel = "URL", description = "The receiving URL, for schemes that sign it.")
    String url;

    @Option(names = "--tolerance", paramLabel = "DURATION", description = "How far the timestamp may be from now "
            + "(300, 300s, 5m); default: the provider's.")
    String tolerance;

    @Option(names = "--no-tolerance", description = "Do not check the timestamp's age.")
    boolean noTolerance;

    @Option(names = "--now", paramLabel = "EPOCH_SECONDS", description = "Judge the timestamp as if it were this time.")
    Long now;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        Profile profile = signing.profile(ctx());
        if (profile.signature().none()) {
            throw HooksException.input("provider '" + signing.provider + "' does not sign its deliveries; nothing to verify");
        }
        if (signature == null && headers.isEmpty()) {
            throw HooksException.input("pass the received signature with --signature VALUE or -H '"
                    + profile.signature().header() + ": VALUE'");
        }
        if (noTolerance && tolerance != null) {
            throw HooksException.input("--tolerance and --no-tolerance contradict each other: pass one");
        }
        SignatureScheme scheme = SignatureScheme.of(profile, signing.secret(ctx(), profile));
        Headers received = new Headers();
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw HooksException.input("-H takes 'Name: value', got '" + h + "'");
            }
            received.add(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
        }
        if (signature != null) {
            received.add(profile.signature().header(), signature);
        }
        if (timestamp != null && profile.timestamp().header() != null && !received.has(profile.timestamp().header())) {
            received.add(profile.timestamp().header(), timestamp);
        }
        if (id != null && profile.id().header() != null && !received.has(profile.id().header())) {
            received.add(profile.id().header(), id);
        }
        Duration window = null;
        if (!noTolerance) {
            window = tolerance == null ? scheme.tolerance() : Durations.parse(tolerance).orElseThrow(() ->
                    HooksException.input("--tolerance takes a duration such as 300, 300s or 5m, got '" + tolerance + "'"));
        }
        Instant at = now != null ? Instant.ofEpochSecond(now) : ctx().clock().instant();
        Verification v = scheme.verify(readPayload(signing.file), received, url, at, window);
        if (format == Format.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("valid", v.valid());
            doc.put("reason", v.reason());
            doc.put("provider", profile.name());
            doc.put("algorithm", v.algorithm());
            doc.put("encoding", v.encoding());
            doc.put("signed_content", v.signedContent());
            doc.put("expected", v.expected());
            doc.put("received", v.received());
            doc.put("form", v.form());
            out().println(Json.write(doc, 2));
        } else if (v.isValid()) {
            out().println("valid: " + profile.name() + " " + v.algorithm() + " signature matches" + form(profile, v));
        }
        if (!v.isValid()) {
            if (format != Format.json) {
                err().println("hooks: invalid signature: " + v.reason());
            }
            return HooksException.CHECK_FAILED;
        }
        return 0;
    }

    /** Which header form matched, where the profile accepts more than the one its senders write. */
    private static String form(Profile profile, Verification v) {
        Profile.SignatureSpec s = profile.signature();
        if (s.alsoAccept().isEmpty() || v.form() == null) {
            return "";
        }
        return v.form().equals(s.value()) ? " (form '" + v.form() + "')"
                : " (form '" + v.form() + "', which " + profile.name() + " also accepts; its senders write '" + s.value() + "')";
    }
}
