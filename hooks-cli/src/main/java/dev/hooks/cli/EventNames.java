package dev.hooks.cli;

import dev.hooks.samples.SampleCatalog;
import dev.hooks.samples.SampleEvent;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/** Completion candidates for an EVENT parameter: every built-in sample event name. */
final class EventNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        SampleCatalog catalog = SampleCatalog.builtIn();
        Set<String> names = new LinkedHashSet<>();
        for (String folder : catalog.folders()) {
            for (SampleEvent e : catalog.events(folder)) {
                names.add(e.eventType());
            }
        }
        return names.iterator();
    }
}
