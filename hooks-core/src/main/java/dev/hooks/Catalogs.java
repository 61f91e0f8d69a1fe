package dev.hooks;

import dev.hooks.samples.SampleCatalog;
import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import java.nio.file.Path;
import java.util.List;

/** The providers and samples the Java API works with: the built-in ones, plus those of a directory when given. */
final class Catalogs {
    private static final ProviderCatalog BUILT_IN = new ProviderCatalog(List.of());

    private Catalogs() {}

    /** The profile named {@code provider}, from {@code dir} (a directory of profile files) or the built-ins. */
    static Profile profile(String provider, Path dir) {
        if (provider == null || provider.isBlank()) {
            throw HooksException.input("name the provider (see Hooks.providers())");
        }
        if (dir != null) {
            return new ProviderCatalog(List.of(dir)).get(provider);
        }
        synchronized (BUILT_IN) { // the catalog parses each built-in once, on first use
            return BUILT_IN.get(provider);
        }
    }

    /** A catalog of its own for the caller: catalogs are not shared between threads. */
    static ProviderCatalog providers(Path dir) {
        return new ProviderCatalog(dir == null ? List.of() : List.of(dir));
    }

    static SampleCatalog samples(Path dir) {
        return dir == null ? SampleCatalog.builtIn() : SampleCatalog.withDirectory(dir);
    }
}
