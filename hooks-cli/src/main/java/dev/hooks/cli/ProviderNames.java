package dev.hooks.cli;

import dev.hooks.scheme.ProviderCatalog;
import java.util.Iterator;

/** Completion candidates for {@code --provider}: the built-in provider names. */
final class ProviderNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return ProviderCatalog.BUILT_IN.iterator();
    }
}
