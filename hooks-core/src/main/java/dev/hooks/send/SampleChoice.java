package dev.hooks.send;

import dev.hooks.HooksException;
import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * Which provider sends a sample event, and which sample it is: one lookup for {@code hooks send} and
 * {@code Hooks.send}. {@code providerHint} is how the caller names the provider in a message ({@code --provider P}
 * on the command line, {@code .provider(P)} in Java).
 */
public final class SampleChoice {
    private SampleChoice() {}

    /** The only provider with a sample {@code event}, or an error that says how to name one. */
    public static Profile providerOf(ProviderCatalog catalog, SampleCatalog samples, String event, String providerHint) {
        List<Profile> found = new ArrayList<>();
        for (Profile p : catalog.all()) {
            if (samples.find(p.samples(), event).isPresent()) {
                found.add(p);
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw HooksException.input("no provider has a sample event '" + event + "' (see 'hooks samples'); "
                    + "pass " + providerHint + ", or --body-file FILE to send your own body");
        }
        throw HooksException.input("event '" + event + "' is sent by several providers ("
                + String.join(", ", found.stream().map(Profile::name).toList()) + "): pass " + providerHint);
    }

    /** The sample {@code event} of {@code profile}, or an error that lists the ones it has. */
    public static SampleEvent sample(SampleCatalog samples, Profile profile, String event) {
        String folder = profile.samples();
        return samples.find(folder, event).orElseThrow(() -> HooksException.input("provider '" + profile.name()
                + "' has no sample event '" + event + "'; it has: " + String.join(", ", eventNames(samples, folder))));
    }

    private static List<String> eventNames(SampleCatalog samples, String folder) {
        try {
            return samples.events(folder).stream().map(SampleEvent::eventType).toList();
        } catch (HooksException e) {
            return List.of("(none)");
        }
    }
}
