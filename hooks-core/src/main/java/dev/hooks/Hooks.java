package dev.hooks;

import dev.hooks.samples.SampleEvent;
import dev.hooks.schema.EventSchemas;
import dev.hooks.schema.SchemaError;
import dev.hooks.schema.SchemaResult;
import dev.hooks.scheme.PayloadEncryption;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import dev.hooks.send.Credentials;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * hooks from Java: sign, verify, encrypt, decrypt and send webhooks exactly as each provider does, with the same
 * provider profiles as the {@code hooks} command.
 *
 * <pre>{@code
 * // the headers Paismo would send with this body
 * Map<String, String> headers = Hooks.sign("paismo", secret, body);
 *
 * // a receiver's check, over the raw bytes it was given
 * VerifyResult v = Hooks.verify("paismo", secret, request.headers(), rawBody);
 * if (!v.valid()) return badRequest(v.reason());
 *
 * // a test acting as the provider: a sample event, signed and delivered, following the retry schedule
 * SendResult r = Hooks.send("employee.updated").provider("paismo").secret(secret)
 *         .set("data.department", "Finance").retry(0.001).to(URI.create("http://127.0.0.1:8080/webhooks"));
 * assert r.status() == 200;
 * }</pre>
 *
 * <p>Providers are named as {@code hooks providers} lists them ({@code paismo}, {@code paxos}, {@code teal},
 * {@code keypay}, {@code paycor}, {@code standard-webhooks}, {@code svix}, {@code stripe}, {@code github},
 * {@code shopify}, {@code slack}, {@code zoom}); the builders take {@code providersDir} for profiles of one's own.
 * Every method is thread-safe. Mistakes of input (an unknown provider, a malformed secret, a sample that does not
 * exist) throw {@link HooksException} with a one-line message; a signature that does not match is not an exception
 * but a {@link VerifyResult}.
 */
public final class Hooks {
    private Hooks() {}

    /**
     * The headers {@code provider} sends with {@code body}: its constant headers, a delivery id and the current
     * timestamp where the provider sends them, and the signature.
     *
     * @param secret the signing secret in the form the provider hands it out (see {@code hooks providers show})
     * @throws HooksException when the provider is unknown or the secret does not fit its key form
     */
    public static Map<String, String> sign(String provider, String secret, byte[] body) {
        return signer(provider, secret).sign(body);
    }

    /** A signer for id, timestamp and URL of one's choosing: {@code Hooks.signer(p, s).id("evt_1").sign(body)}. */
    public static SignRequest signer(String provider, String secret) {
        return new SignRequest(provider, secret);
    }

    /**
     * Checks the signature of a received delivery over its raw body, in constant time, with the provider's
     * timestamp tolerance. Header names are matched without regard to case, as HTTP does.
     *
     * @param headers the headers as received (a multi-valued map's first values will do)
     * @param body the body exactly as received: verifying a re-serialised body is the classic bug
     */
    public static VerifyResult verify(String provider, String secret, Map<String, String> headers, byte[] body) {
        return verifier(provider, secret).verify(headers, body);
    }

    /** A verifier with a URL (for providers that sign it), a tolerance or a clock of one's choosing. */
    public static VerifyRequest verifier(String provider, String secret) {
        return new VerifyRequest(provider, secret);
    }

    /**
     * Encrypts a plaintext body as {@code provider} does (AES-256-GCM for Teal): the body to send and the headers
     * that go with it (the IV header).
     *
     * @param key the base64 key as the provider hands it out
     * @throws HooksException when the provider does not encrypt or the key is malformed
     */
    public static Encrypted encrypt(String provider, String key, byte[] plaintext) {
        PayloadEncryption encryption = encryption(Catalogs.profile(provider, null), key);
        PayloadEncryption.Encrypted e = encryption.encrypt(plaintext, null); // a fresh random IV
        Map<String, String> headers = new LinkedHashMap<>();
        if (encryption.ivHeader() != null && e.ivBase64() != null) {
            headers.put(encryption.ivHeader(), e.ivBase64());
        }
        return new Encrypted(e.body(), headers);
    }

    /**
     * Decrypts a received body as {@code provider} encrypts it.
     *
     * @param headers the received headers (the IV header, where the provider sends one), matched without regard to case
     * @throws HooksException with the reason when the body cannot be decrypted with this key
     */
    public static byte[] decrypt(String provider, String key, Map<String, String> headers, byte[] body) {
        PayloadEncryption encryption = encryption(Catalogs.profile(provider, null), key);
        String iv = encryption.ivHeader() == null ? null
                : dev.hooks.scheme.Headers.of(headers == null ? Map.of() : headers).first(encryption.ivHeader());
        PayloadEncryption.Decrypted d = encryption.decrypt(body, iv);
        if (!d.ok()) {
            throw HooksException.check("cannot decrypt the " + provider + " payload: " + d.error());
        }
        return d.plaintext();
    }

    /**
     * Starts a delivery of the sample event {@code event} (see {@link #events}) as its provider would send it:
     * {@code Hooks.send("employee.updated").provider("paismo").secret(s).to(url)}.
     */
    public static SendRequest send(String event) {
        return new SendRequest(event);
    }

    /**
     * Starts playing a recorded scenario against a receiver, as {@code hooks scenario play} does:
     * {@code Hooks.play(Scenario.load(path)).secret("paismo", s).shuffle(42).to(url)}.
     */
    public static PlayRequest play(dev.hooks.scenario.Scenario scenario) {
        return new PlayRequest(scenario);
    }

    /** Starts the provider's URL verification handshake against a receiver: {@code Hooks.handshake("paismo").to(url)}. */
    public static HandshakeRequest handshake(String provider) {
        return new HandshakeRequest(provider);
    }

    /**
     * Starts a check of a receiver of {@code provider}'s webhooks, as {@code hooks check} runs it:
     * {@code Hooks.check("paismo").secret(s).to(url).passed()}.
     */
    public static CheckRequest check(String provider) {
        return new CheckRequest(provider);
    }

    /**
     * Checks a body against the JSON Schema of its event, as {@code hooks validate} does: the errors, each with the
     * JSON pointer of the value at fault, or an empty list when the body is valid.
     *
     * @param eventType the event type, or null to read it from the body where the provider's envelope names it
     * @throws HooksException when the body is not JSON, its event type cannot be told, or the event has no schema
     */
    public static List<SchemaError> validate(String provider, String eventType, byte[] body) {
        return validate(Catalogs.profile(provider, null), eventType, body);
    }

    static List<SchemaError> validate(Profile profile, String eventType, byte[] body) {
        EventSchemas schemas = EventSchemas.of(profile);
        SchemaResult r = schemas.check(eventType, body);
        if (r.verdict().equals(SchemaResult.NONE)) {
            throw HooksException.input("provider '" + profile.name() + "' has no schema for "
                    + (eventType != null ? "event '" + eventType + "'" : "this body's event"));
        }
        return r.errors();
    }

    /** The names of the built-in providers, in the order {@code hooks providers} lists them. */
    public static List<String> providers() {
        return ProviderCatalog.BUILT_IN;
    }

    /** The sample event types of a built-in provider, e.g. {@code employee.updated} for Paismo. */
    public static List<String> events(String provider) {
        Profile profile = Catalogs.profile(provider, null);
        List<String> out = new ArrayList<>();
        for (SampleEvent e : Catalogs.samples(null).events(profile.samples())) {
            out.add(e.eventType());
        }
        return List.copyOf(out);
    }

    static PayloadEncryption encryption(Profile profile, String key) {
        if (!profile.encrypts()) {
            throw HooksException.input("provider '" + profile.name() + "' does not encrypt payloads");
        }
        if (key == null || key.isBlank()) {
            throw HooksException.input("provider '" + profile.name() + "' encrypts payloads: give the encryption key");
        }
        return new PayloadEncryption(profile.encryption(), key);
    }

    /** An API key in {@code header}, or in the header the profile names; none when {@code key} is null. */
    static Credentials apiKey(Profile profile, String header, String key) {
        if (key == null) {
            return Credentials.NONE;
        }
        String name = header != null ? header : profile.auth().header();
        if (name == null) {
            throw HooksException.input("provider '" + profile.name() + "' names no API key header: use apiKey(header, key)");
        }
        return Credentials.apiKey(name, key);
    }
}
