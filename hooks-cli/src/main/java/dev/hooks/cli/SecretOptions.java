package dev.hooks.cli;

import dev.hooks.HooksException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a signing secret comes from, in order: {@code --secret}, {@code --secret-env}, {@code --secret-file},
 * {@code HOOKS_SECRET}. The secret is never printed or echoed in an error.
 */
final class SecretOptions {
    @Option(names = "--secret", paramLabel = "SECRET", description = "The signing secret (prefer --secret-env or --secret-file: "
            + "command lines are visible to other users).")
    String secret;

    @Option(names = "--secret-env", paramLabel = "NAME", description = "Read the secret from this environment variable.")
    String secretEnv;

    @Option(names = "--secret-file", paramLabel = "PATH", description = "Read the secret from this file (one trailing newline is ignored).")
    Path secretFile;

    /** The secret, or null when none was given anywhere. */
    String resolve(Context ctx) {
        if (secret != null) {
            return secret;
        }
        if (secretEnv != null) {
            String v = ctx.env(secretEnv);
            if (v == null) {
                throw HooksException.input("--secret-env names " + secretEnv + ", which is not set or empty");
            }
            return v;
        }
        if (secretFile != null) {
            try {
                String v = Files.readString(secretFile, StandardCharsets.UTF_8);
                if (v.endsWith("\r\n")) {
                    v = v.substring(0, v.length() - 2);
                } else if (v.endsWith("\n")) {
                    v = v.substring(0, v.length() - 1);
                }
                if (v.isEmpty()) {
                    throw HooksException.input("the secret file " + secretFile + " is empty");
                }
                return v;
            } catch (IOException e) {
                throw HooksException.input("cannot read the secret file " + secretFile + ": "
                        + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
            }
        }
        return ctx.env("HOOKS_SECRET");
    }

    String require(Context ctx, String provider) {
        String s = resolve(ctx);
        if (s == null) {
            throw HooksException.input("provider '" + provider + "' needs a secret: pass --secret, --secret-env NAME, "
                    + "--secret-file PATH or set HOOKS_SECRET");
        }
        return s;
    }
}
