package dev.hooks.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Configures the {@link HooksReceiver} that {@link HooksExtension} starts for a parameter or field: which provider it
 * receives deliveries of, with which secret, key and API key, and which failures it simulates.
 *
 * <pre>{@code
 * @Test
 * void delivers(@Receive(provider = "paismo", secret = "s3cret") HooksReceiver receiver) {
 *     mySender.send(receiver.url());
 *     ReceivedDelivery d = receiver.awaitDelivery(Duration.ofSeconds(5));
 *     assertTrue(d.verified(), d.reason());
 * }
 * }</pre>
 *
 * <p>The annotation registers {@link HooksExtension} by itself (it is meta-annotated with {@code @ExtendWith}, which
 * JUnit Jupiter honours on fields and parameters), so a test class needs no {@code @ExtendWith} of its own.
 *
 * <p>Repeat it for a receiver of several providers: each is served at {@code /NAME}, and {@link HooksReceiver#url()}
 * recognises the provider from the headers a delivery carries.
 *
 * <p>The attributes {@link #secret}, {@link #encryptionKey}, {@link #apiKey} and {@link #apiKeyHeader} belong to
 * their provider. The others ({@link #failFirst}, {@link #failStatus}, {@link #failRate}, {@link #answerStatus},
 * {@link #delayMillis}, {@link #verify}, {@link #checkTimestamp}, {@link #path}) apply to the whole receiver: with
 * several providers, set each on one of them (or the same value on all); different values are a configuration error.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Repeatable(Receive.All.class)
@ExtendWith(HooksExtension.class)
public @interface Receive {
    /**
     * The provider whose deliveries are received, as {@code dev.hooks.Hooks.providers()} names it: {@code "paismo"},
     * {@code "standard-webhooks"}, {@code "teal"}, {@code "paxos"}, ...
     *
     * @return the provider's name
     */
    String provider();

    /**
     * The signing secret, in the form the provider hands it out (e.g. {@code whsec_...} for standard-webhooks).
     * Every delivery's signature is checked with it over the raw bytes received; a delivery that does not verify is
     * refused (answered with the provider's status for a bad signature, usually 401) unless {@link #verify} is false.
     * Leave it empty for a provider that does not sign (Paxos); a provider that signs needs it, or {@code verify =
     * false} to accept its deliveries unchecked.
     *
     * @return the secret, or {@code ""} for none
     */
    String secret() default "";

    /**
     * The payload encryption key (base64 of 32 bytes) for a provider that encrypts (Teal): deliveries are decrypted
     * after their signature is checked, and {@link ReceivedDelivery#plaintext()} is the decrypted body.
     *
     * @return the key, or {@code ""} for none (encrypted bodies are then kept as received)
     */
    String encryptionKey() default "";

    /**
     * An API key every delivery of this provider must carry, in {@link #apiKeyHeader} (by default the header the
     * provider's profile names, such as Paxos's {@code X-API-Key}); a delivery without it, or with another key, is
     * refused with 401. The header's value is shown as {@code [redacted]} in {@link ReceivedDelivery#headers()}.
     *
     * @return the key, or {@code ""} when none is required
     */
    String apiKey() default "";

    /**
     * The header that must carry {@link #apiKey}; by default the provider profile's, or {@code X-API-Key} when the
     * profile names none.
     *
     * @return the header's name, or {@code ""} for the default
     */
    String apiKeyHeader() default "";

    /**
     * Answers the first N accepted deliveries with {@link #failStatus}, then succeeds: the sender under test sees
     * failures, then success, as when a receiver is briefly down. Applies to the whole receiver.
     *
     * @return how many deliveries to fail first
     */
    int failFirst() default 0;

    /**
     * The status of simulated failures ({@link #failFirst}, {@link #failRate}), 100-599. Applies to the whole receiver.
     *
     * @return the status of a simulated failure
     */
    int failStatus() default 500;

    /**
     * Fails this share (0 to 1) of the accepted deliveries at random with {@link #failStatus}, after the first
     * {@link #failFirst}. Applies to the whole receiver.
     *
     * @return the failure rate
     */
    double failRate() default 0;

    /**
     * The status answered to accepted deliveries that are not failed on purpose (100-599); a status of 300 or more
     * counts as a simulated failure in {@link ReceivedDelivery#simulated()}. Applies to the whole receiver. (Not
     * {@code status}: JUnit's {@code @ExtendWith}, which this annotation carries, is itself annotated
     * {@code @API(status = ...)}, and Spring Framework 6 would read an attribute of that name as overriding it and
     * log a warning in every Spring test.)
     *
     * @return the status of an accepted delivery
     */
    int answerStatus() default 200;

    /**
     * Waits this many milliseconds before answering each accepted delivery, without holding a thread: for testing a
     * sender's timeout. Applies to the whole receiver.
     *
     * @return the delay in milliseconds
     */
    long delayMillis() default 0;

    /**
     * False to accept every delivery even when its signature or API key does not check out;
     * {@link ReceivedDelivery#verified()} and {@link ReceivedDelivery#reason()} still say what the check found.
     * Applies to the whole receiver.
     *
     * @return whether failed checks are refused
     */
    boolean verify() default true;

    /**
     * True to refuse (400, with the errors) a verified delivery whose body breaks its event's JSON Schema (the
     * provider profile's {@code schemas}), for a team testing its own sender; by default such a delivery is
     * accepted and {@link ReceivedDelivery#schema()} says what the check found.
     *
     * @return whether deliveries that break their schema are refused
     */
    boolean schemaStrict() default false;

    /**
     * False to accept signed timestamps of any age (for replaying recorded deliveries); by default a timestamp
     * further from now than the provider's tolerance (5 minutes for most) fails verification. Applies to the whole
     * receiver.
     *
     * @return whether signed timestamps are checked
     */
    boolean checkTimestamp() default true;

    /**
     * The main path, which {@link HooksReceiver#url()} names; each provider is also served at {@code /NAME}
     * ({@link HooksReceiver#url(String)}). Applies to the whole receiver.
     *
     * @return a path starting with {@code /}
     */
    String path() default "/webhook";

    /**
     * The container of repeated {@link Receive} annotations: one receiver for several providers.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.PARAMETER})
    @ExtendWith(HooksExtension.class)
    @interface All {
        /**
         * The providers' annotations.
         *
         * @return one annotation per provider
         */
        Receive[] value();
    }
}
