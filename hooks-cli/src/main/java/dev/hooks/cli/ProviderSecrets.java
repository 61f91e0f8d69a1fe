package dev.hooks.cli;

import dev.hooks.HooksException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * Per-provider signing secrets, as {@code listen} and {@code scenario play} take them: {@code --secret P=VALUE} (and
 * {@code --secret-env P=NAME}, {@code --secret-file P=PATH}) for provider P, a value without a provider's name for
 * every provider, then {@code HOOKS_SECRET_<P>}, then {@code HOOKS_SECRET}. A {@code P=} naming a known provider that
 * is not among those at hand is an error. Never printed.
 */
final class ProviderSecrets {
    @Option(names = "--secret", paramLabel = "[P=]SECRET", description = "Signing secret, for provider P when prefixed "
            + "with its name (repeat for several). Prefer --secret-env or --secret-file.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--secret-env", paramLabel = "[P=]NAME", description = "Read a secret from this environment variable.")
    List<String> secretEnvs = new ArrayList<>();

    @Option(names = "--secret-file", paramLabel = "[P=]PATH", description = "Read a secret from this file (one trailing newline ignored).")
    List<String> secretFiles = new ArrayList<>();

    private Context ctx;
    private final Map<String, String> perProvider = new LinkedHashMap<>();
    private List<String> known;
    private String notHere;
    private String addHint;
    private String shared;

    /**
     * Reads the flags and the files and variables they name; call before {@link #of}.
     *
     * @param providerNames the providers at hand (served, or in the scenario)
     * @param known         every provider name, so that {@code P=} of a provider not at hand is told apart from a
     *                      secret that contains {@code =}
     * @param notHere       how an error says what is at hand, followed by the list ({@code "served here (serving "})
     * @param addHint       how an error says to add a provider, followed by its name ({@code "add -p "}), or null
     */
    ProviderSecrets resolve(Context ctx, List<String> providerNames, List<String> known, String notHere, String addHint) {
        this.ctx = ctx;
        perProvider.clear();
        shared = null;
        this.known = known;
        this.notHere = notHere;
        this.addHint = addHint;
        for (String s : secrets) {
            put(providerNames, s, v -> v, "--secret");
        }
        for (String s : secretEnvs) {
            put(providerNames, s, v -> {
                String value = ctx.env(v);
                if (value == null) {
                    throw HooksException.input("--secret-env names " + v + ", which is not set or empty");
                }
                return value;
            }, "--secret-env");
        }
        for (String s : secretFiles) {
            put(providerNames, s, ListenCommand::readSecretFile, "--secret-file");
        }
        return this;
    }

    private void put(List<String> providerNames, String raw, UnaryOperator<String> resolve, String flag) {
        int eq = raw.indexOf('=');
        String prefix = eq > 0 ? raw.substring(0, eq) : "";
        if (!providerNames.contains(prefix) && known.contains(prefix)) {
            throw HooksException.input(flag + " " + prefix + "=...: " + prefix + " is not " + notHere
                    + String.join(", ", providerNames) + "); " + (addHint == null ? "" : addHint + prefix + ", or ")
                    + "drop the '" + prefix + "='");
        }
        if (eq > 0 && providerNames.contains(prefix)) {
            perProvider.putIfAbsent(raw.substring(0, eq), resolve.apply(raw.substring(eq + 1)));
        } else if (shared == null) {
            shared = resolve.apply(raw);
        } else {
            throw HooksException.input(flag + ": two secrets for every provider; prefix each with the provider it is for "
                    + "(P=VALUE, P one of " + String.join(", ", providerNames.size() > 8
                    ? providerNames.subList(0, 8) : providerNames) + ")");
        }
    }

    /**
     * Makes a fresh {@code whsec_} secret for every provider ({@code listen --new-secret}); the secret flags must be
     * absent, since this one replaces them. Call after {@link #resolve}.
     *
     * @return the secret made, for the listener to print once
     */
    String make() {
        if (!secrets.isEmpty() || !secretEnvs.isEmpty() || !secretFiles.isEmpty()) {
            throw HooksException.input("--new-secret makes the secret: leave out --secret, --secret-env and "
                    + "--secret-file, or drop --new-secret");
        }
        byte[] raw = new byte[24];
        new java.security.SecureRandom().nextBytes(raw);
        shared = "whsec_" + java.util.Base64.getEncoder().encodeToString(raw);
        return shared;
    }

    /** The secret of {@code provider}, or null when none was given anywhere. */
    String of(String provider) {
        String s = perProvider.get(provider);
        if (s == null) {
            s = shared;
        }
        if (s == null) {
            s = ctx.env("HOOKS_SECRET_" + provider.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        if (s == null) {
            s = ctx.env("HOOKS_SECRET");
        }
        return s;
    }
}
