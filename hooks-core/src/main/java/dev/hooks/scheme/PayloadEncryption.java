package dev.hooks.scheme;

import dev.hooks.HooksException;
import dev.hooks.crypto.AesGcm;
import dev.hooks.crypto.Encoding;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * AES-256-GCM payload encryption as a profile describes it (Teal: 12-byte IV in a header, body =
 * base64(ciphertext‖tag), encrypt then sign). The key is base64 of 32 bytes.
 */
public final class PayloadEncryption {
    private final Profile.EncryptionSpec spec;
    private final byte[] key;

    public PayloadEncryption(Profile.EncryptionSpec spec, String keyBase64) {
        this.spec = spec;
        this.key = parseKey(keyBase64);
    }

    /** The spec Teal documents; used by {@code hooks encrypt/decrypt} when no provider is named. */
    public static Profile.EncryptionSpec defaultSpec() {
        return new Profile.EncryptionSpec("aes-256-gcm", "X-Teal-Encryption-IV", 12, "base64", "encrypt-then-sign");
    }

    /** Checks and decodes an AES-256 key; the message never shows the key. */
    public static byte[] parseKey(String keyBase64) {
        if (keyBase64 == null || keyBase64.isBlank()) {
            throw HooksException.input("missing encryption key: pass --encryption-key B64 or set HOOKS_ENCRYPTION_KEY");
        }
        byte[] key = Encoding.fromBase64(keyBase64.strip()).orElseThrow(() ->
                HooksException.input("the encryption key is not valid base64: it must be base64 of 32 bytes "
                        + "(make one with 'hooks keygen --type aes')"));
        if (key.length != AesGcm.KEY_BYTES) {
            throw HooksException.input("the encryption key decodes to " + key.length + " bytes; AES-256 needs 32 "
                    + "(make one with 'hooks keygen --type aes')");
        }
        return key;
    }

    /** The key, base64: so a receiver can keep it out of what it records. Never print it. */
    public String keyBase64() {
        return Encoding.base64(key);
    }

    /** An encrypted body and the IV to send in {@link #ivHeader()}, base64. */
    public record Encrypted(byte[] body, String ivBase64) {}

    public Encrypted encrypt(byte[] plaintext, byte[] iv) {
        byte[] useIv = iv != null ? iv : AesGcm.randomIv(spec.ivBytes());
        byte[] sealed = AesGcm.encrypt(key, useIv, plaintext);
        byte[] body = "raw".equals(spec.body()) ? sealed : Encoding.base64(sealed).getBytes(StandardCharsets.US_ASCII);
        return new Encrypted(body, Encoding.base64(useIv));
    }

    /** The result of decrypting: the plaintext, or why there is none. */
    public record Decrypted(byte[] plaintext, String error) {
        public boolean ok() {
            return plaintext != null;
        }
    }

    public Decrypted decrypt(byte[] body, String ivBase64) {
        if (ivBase64 == null || ivBase64.isBlank()) {
            return new Decrypted(null, "missing header " + spec.ivHeader());
        }
        Optional<byte[]> iv = Encoding.fromBase64(ivBase64.strip());
        if (iv.isEmpty()) {
            return new Decrypted(null, "malformed IV: not base64");
        }
        if (iv.get().length == 0) {
            return new Decrypted(null, "malformed IV: empty");
        }
        byte[] sealed;
        if ("raw".equals(spec.body())) {
            sealed = body;
        } else {
            Optional<byte[]> decoded = Encoding.fromBase64(new String(body, StandardCharsets.US_ASCII).strip());
            if (decoded.isEmpty()) {
                return new Decrypted(null, "malformed body: not base64");
            }
            sealed = decoded.get();
        }
        return AesGcm.decrypt(key, iv.get(), sealed)
                .map(p -> new Decrypted(p, null))
                .orElseGet(() -> new Decrypted(null, "authentication tag mismatch (wrong key or IV, or the body changed)"));
    }

    public String ivHeader() {
        return spec.ivHeader();
    }
}
