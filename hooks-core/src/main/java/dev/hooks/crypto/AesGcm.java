package dev.hooks.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 128-bit tag appended to the ciphertext, as {@code AES/GCM/NoPadding} produces it.
 * Decryption answers empty on any authentication failure; it never returns unauthenticated bytes.
 */
public final class AesGcm {
    public static final int KEY_BYTES = 32;
    public static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {}

    public static byte[] randomIv(int bytes) {
        byte[] iv = new byte[bytes];
        RANDOM.nextBytes(iv);
        return iv;
    }

    /** Returns ciphertext followed by the 16-byte tag. */
    public static byte[] encrypt(byte[] key, byte[] iv, byte[] plaintext) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            return cipher.doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-256-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    /** The plaintext, or empty when the tag does not authenticate key, IV and ciphertext. */
    public static Optional<byte[]> decrypt(byte[] key, byte[] iv, byte[] ciphertextAndTag) {
        if (ciphertextAndTag.length < TAG_BITS / 8 || iv.length == 0) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            return Optional.of(cipher.doFinal(ciphertextAndTag));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-256-GCM decryption failed: " + e.getMessage(), e);
        }
    }
}
