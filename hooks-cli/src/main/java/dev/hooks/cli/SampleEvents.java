package dev.hooks.cli;

import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import java.util.List;

/** Event names of a provider's sample folder, for {@code providers show}. */
final class SampleEvents {
    private SampleEvents() {}

    static List<String> names(String folder) {
        SampleCatalog catalog = SampleCatalog.builtIn();
        if (!catalog.folders().contains(folder)) {
            return List.of();
        }
        return catalog.events(folder).stream().map(SampleEvent::eventType).toList();
    }
}
