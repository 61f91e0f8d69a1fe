package dev.hooks.cli;

import picocli.CommandLine.Option;

/**
 * {@code --encryption-key B64}, falling back on {@code HOOKS_ENCRYPTION_KEY}. Never printed. {@link Direct} sets it
 * itself when it parses an {@code encrypt} or {@code decrypt} command line without picocli.
 */
final class EncryptionKeyOption {
    @Option(names = "--encryption-key", paramLabel = "B64",
            description = "AES-256 key, base64 of 32 bytes (default: $HOOKS_ENCRYPTION_KEY).")
    String key;

    String resolve(Context ctx) {
        return key != null ? key : ctx.env("HOOKS_ENCRYPTION_KEY");
    }
}
