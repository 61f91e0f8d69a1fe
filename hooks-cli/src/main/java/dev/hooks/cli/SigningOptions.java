package dev.hooks.cli;

import dev.hooks.scheme.Profile;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code sign} and {@code verify} both take, so the two sides of a signature scheme read the same command line:
 * the provider, its secret, {@code --providers-dir} and the payload FILE.
 * {@link Direct} sets these fields itself when it parses a {@code sign} or {@code verify} command line without picocli.
 */
final class SigningOptions {
    @Option(names = {"-p", "--provider"}, required = true, paramLabel = "P", completionCandidates = ProviderNames.class,
            description = "Provider profile: ${COMPLETION-CANDIDATES} or a user profile.")
    String provider;

    @Mixin
    SecretOptions secrets;

    @Mixin
    ProviderOptions providers;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The payload; stdin when absent or '-'.")
    String file;

    /** The provider's profile, from the built-in, user and {@code --providers-dir} profiles. */
    Profile profile(Context ctx) {
        return providers.profile(ctx, provider);
    }

    /** The secret; required unless the provider does not sign its deliveries. */
    String secret(Context ctx, Profile profile) {
        return profile.signature().none() ? secrets.resolve(ctx) : secrets.require(ctx, provider);
    }
}
