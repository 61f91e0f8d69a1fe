package dev.hooks.cli;

import dev.hooks.HooksException;
import dev.hooks.crypto.Encoding;
import dev.hooks.scheme.Json;
import dev.hooks.scheme.PayloadEncryption;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "encrypt",
        description = {"Encrypt a payload with AES-256-GCM as Teal does: 12-byte IV, 128-bit tag appended, "
                + "body = base64(ciphertext||tag)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hooks encrypt --encryption-key \"$(hooks keygen --type aes)\" payload.json",
            "  hooks encrypt --encryption-key $KEY --format body payload.json > body.txt"})
final class EncryptCommand extends BaseCommand {
    enum Format { json, body }

    @Mixin
    EncryptionKeyOption key;

    @Option(names = "--iv", paramLabel = "B64", description = "Use this IV (base64) instead of a fresh random one: for tests only.")
    String iv;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json ({\"iv\", \"body\"}) or body (the encrypted body alone, no newline). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The plaintext; stdin when absent or '-'.")
    String file;

    @Override
    public Integer call() {
        PayloadEncryption enc = new PayloadEncryption(PayloadEncryption.defaultSpec(), key.resolve(ctx()));
        byte[] ivBytes = null;
        if (iv != null) {
            ivBytes = Encoding.fromBase64(iv).orElseThrow(() -> HooksException.input("--iv is not valid base64"));
            if (ivBytes.length < 12) {
                throw HooksException.input("--iv decodes to " + ivBytes.length + " bytes; use 12");
            }
        }
        PayloadEncryption.Encrypted e = enc.encrypt(readPayload(file), ivBytes);
        if (format == Format.body) {
            writeBytes(e.body());
        } else {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("iv", e.ivBase64());
            doc.put("body", new String(e.body(), StandardCharsets.US_ASCII));
            out().println(Json.write(doc, 0));
        }
        return 0;
    }
}
