package dev.hooks.cli;

import dev.hooks.scheme.Profile;
import dev.hooks.scheme.ProviderCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --providers-dir}: where user profiles come from, on top of the built-in ones and the user's config. */
final class ProviderOptions {
    @Option(names = "--providers-dir", paramLabel = "DIR", description = "Also load provider profiles (*.json) from DIR; "
            + "they override built-in and user profiles of the same name.")
    Path providersDir;

    ProviderCatalog catalog(Context ctx) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(ctx.configDir().resolve("providers"));
        if (providersDir != null) {
            if (!java.nio.file.Files.isDirectory(providersDir)) {
                throw dev.hooks.HooksException.input("--providers-dir " + providersDir + " is not a directory");
            }
            dirs.add(providersDir);
        }
        return new ProviderCatalog(dirs);
    }

    Profile profile(Context ctx, String name) {
        return catalog(ctx).get(name);
    }
}
