package dev.hooks.testing;

/**
 * A Teal encrypted body as the oracle made it: {@code iv} is the base64 IV (the X-Teal-Encryption-IV header),
 * {@code body} the body text, base64(ciphertext || 16-byte tag). Same shape as {@code hooks encrypt --format json}.
 */
public record EncryptedBody(String iv, String body) {
}
