package dev.hooks.cli;

import dev.hooks.HooksException;
import java.net.URI;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a command that acts as a provider towards a receiver takes: the receiver's URL ({@code --to}), the signing
 * secret, where provider profiles come from, and how to make the HTTP requests. {@code send}, {@code check},
 * {@code handshake} and {@code events replay} share it, so that these options mean the same in each and a command
 * line that reaches a receiver with one reaches it with the others.
 */
final class DeliveryOptions {
    @Option(names = "--to", paramLabel = "URL", description = "The receiver's URL (required, except by 'events replay').")
    String to;

    @Mixin
    SecretOptions secrets;

    @Mixin
    ProviderOptions providers;

    @Mixin
    HttpOptions http;

    /** {@code --to}, checked: http or https with a host (http when it has no scheme). */
    URI url() {
        if (to == null) {
            throw HooksException.input("missing --to URL: the receiver's URL, e.g. http://127.0.0.1:3000/webhook");
        }
        return HttpOptions.url("--to", to);
    }
}
