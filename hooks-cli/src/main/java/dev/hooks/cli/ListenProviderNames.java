package dev.hooks.cli;

import dev.hooks.scheme.ProviderCatalog;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Completion candidates for {@code listen --provider}: 'auto', then the built-in provider names. */
final class ListenProviderNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        List<String> names = new ArrayList<>();
        names.add("auto");
        ProviderCatalog.BUILT_IN.forEach(names::add);
        return names.iterator();
    }
}
