package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.scheme.PayloadEncryption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decrypt",
        description = {"Decrypt an AES-256-GCM body (base64(ciphertext||tag), as Teal sends it) and print the plaintext "
                + "exactly. Exit 1 when the authentication tag does not match."},
        footerHeading = "%nExamples:%n",
        footer = {"  hooks decrypt --encryption-key $KEY --iv AAECAwQFBgcICQoL body.txt"})
final class DecryptCommand extends BaseCommand {
    @Mixin
    EncryptionKeyOption key;

    @Option(names = "--iv", required = true, paramLabel = "B64", description = "The IV sent with the body (X-Teal-Encryption-IV).")
    String iv;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The encrypted body; stdin when absent or '-'.")
    String file;

    @Override
    public Integer call() {
        PayloadEncryption enc = new PayloadEncryption(PayloadEncryption.defaultSpec(), key.resolve(ctx()));
        PayloadEncryption.Decrypted d = enc.decrypt(readPayload(file), iv);
        if (!d.ok()) {
            if (d.error().startsWith("malformed IV")) {
                throw HooksException.input("--iv: " + d.error());
            }
            throw HooksException.check("decryption failed: " + d.error());
        }
        writeBytes(d.plaintext());
        return 0;
    }
}
