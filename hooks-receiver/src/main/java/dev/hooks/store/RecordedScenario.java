package dev.hooks.store;

import dev.hooks.scenario.Scenario;
import dev.hooks.scenario.ScenarioHeaders;
import dev.hooks.scheme.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Recorded deliveries as a scenario, behind {@code hooks scenario record} and the JUnit receiver's scenario: each
 * delivery's body byte for byte (an encrypted provider's decrypted plaintext, marked {@code encrypted}), the headers
 * {@link ScenarioHeaders} keeps, and its time after the first. Handshakes, token requests and replays are not
 * deliveries and are left out; so is an encrypted delivery that was not decrypted (the listener had no key), with a
 * note, since it could not be encrypted again under another key.
 */
public final class RecordedScenario {
    private RecordedScenario() {}

    /**
     * @param deliveries oldest first
     * @param profiles   a provider's profile by name, empty for a provider not known here
     * @param notes      one line for each delivery left out, and why
     */
    public static Scenario of(List<StoredDelivery> deliveries, Function<String, Optional<Profile>> profiles,
                              Consumer<String> notes) {
        List<Scenario.Delivery> out = new ArrayList<>();
        java.time.Instant first = null;
        for (StoredDelivery d : deliveries) {
            if (!StoredDelivery.DELIVERY.equals(d.kind())) {
                continue;
            }
            Profile profile = d.provider() == null ? null : profiles.apply(d.provider()).orElse(null);
            boolean encrypted = profile != null && profile.encrypts() && d.header(profile.encryption().ivHeader()) != null;
            if (encrypted && d.decrypted() == null) {
                notes.accept("left out " + d.id() + " (" + d.provider() + " " + (d.eventType() == null ? "" : d.eventType() + " ")
                        + "): it was encrypted and not decrypted when received, so there is no plaintext to encrypt again");
                continue;
            }
            if (first == null) {
                first = d.receivedAt();
            }
            List<Scenario.Header> headers = new ArrayList<>();
            for (StoredDelivery.Header h : d.headers()) {
                headers.add(new Scenario.Header(h.name(), h.value()));
            }
            long at = Math.max(0, d.receivedAt().toEpochMilli() - first.toEpochMilli()); // as an import counts it
            out.add(new Scenario.Delivery(at, d.provider(), d.eventType(), d.eventId(), d.method(), d.path(), d.query(),
                    ScenarioHeaders.kept(profile, headers), encrypted ? d.decrypted() : d.body(), encrypted));
        }
        return new Scenario(out);
    }
}
