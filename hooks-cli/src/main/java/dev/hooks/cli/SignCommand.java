package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.scheme.DeliveryIds;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.SignatureScheme;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sign",
        description = {"Sign a payload as the provider would and print the headers it sends with it.",
                "The body is used exactly as read: no re-serialisation, no newline added or removed."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  echo -n '{\"id\":1}' | hooks sign --provider paismo --secret-env PAISMO_SECRET",
            "  hooks sign --provider standard-webhooks --secret whsec_... \\",
            "      --id msg_p5jXN8AQM9LWM0D4loKWxJek --timestamp 1614265330 body.json",
            "  sig=$(hooks sign -p github --secret-file s.txt --format value body.json)",
            "  curl -H \"X-Hub-Signature-256: $sig\" --data-binary @body.json $URL"})
final class SignCommand extends BaseCommand {
    enum Format { headers, value, json }

    @Mixin
    SigningOptions signing;

    @Option(names = "--id", paramLabel = "ID", description = "Delivery id for schemes that sign or send one (default: fresh).")
    String id;

    @Option(names = "--timestamp", paramLabel = "EPOCH_SECONDS", description = "Signing time (default: now).")
    Long timestamp;

    @Option(names = "--url", paramLabel = "URL", description = "The receiving URL, for schemes that sign it.")
    String url;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "headers",
            description = "headers (one 'Name: value' line each), value (the signature header's value), or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        Profile profile = signing.profile(ctx());
        SignatureScheme scheme = SignatureScheme.of(profile, signing.secret(ctx(), profile));
        byte[] body = readPayload(signing.file);
        Instant at = timestamp != null ? Instant.ofEpochSecond(timestamp) : ctx().clock().instant();
        String ts = SignatureScheme.formatTimestamp(at, profile.timestamp().format());
        String deliveryId = id != null ? id : DeliveryIds.forBody(profile, body);
        SignatureScheme.Signed signed = scheme.sign(body, deliveryId, ts, url);
        switch (format) {
            case value -> {
                if (signed.signatureValue() == null) {
                    throw HooksException.input("provider '" + signing.provider + "' does not sign its deliveries");
                }
                out().println(signed.signatureValue());
            }
            case json -> {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("headers", signed.headers());
                doc.put("signed_content", signed.signedContent());
                out().println(Json.write(doc, 2));
            }
            default -> signed.headers().forEach((k, v) -> out().println(k + ": " + v));
        }
        return 0;
    }
}
