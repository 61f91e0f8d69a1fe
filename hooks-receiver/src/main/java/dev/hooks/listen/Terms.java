package dev.hooks.listen;

import java.util.Locale;

/**
 * How the engine names its own settings in the reasons it records: the command line's flags for {@code hooks listen},
 * the annotation's attributes for the JUnit extension. One reason, worded for whoever set the receiver up.
 *
 * @param failFirst the setting that fails the first N deliveries
 * @param failRate the setting that fails a share of deliveries
 * @param status the setting that fixes the answer's status
 * @param secretHint how to give a provider's secret; {@code {name}} and {@code {env}} stand for the provider's name
 *     and its environment variable
 */
public record Terms(String failFirst, String failRate, String status, String secretHint) {
    /** The words of {@code hooks listen}. */
    public static final Terms FLAGS = new Terms("--fail-first", "--fail-rate", "--status",
            "pass --secret {name}=VALUE or set {env}");

    /** How to give the secret of provider {@code name}. */
    public String secretHint(String name) {
        return secretHint.replace("{name}", name)
                .replace("{env}", "HOOKS_SECRET_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
