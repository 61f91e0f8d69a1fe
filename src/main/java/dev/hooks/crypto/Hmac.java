package dev.hooks.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC over byte arrays with the JDK's providers. Pure function, no I/O. */
public final class Hmac {
    private Hmac() {}

    /**
     * Computes the MAC of {@code parts} concatenated, without copying them into one array.
     *
     * @param jcaName the JCA name, e.g. {@code HmacSHA256}
     */
    public static byte[] compute(String jcaName, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(jcaName);
            // An empty key is legal for HMAC but SecretKeySpec refuses it; one zero byte is the same key.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, jcaName));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("the JDK has no " + jcaName, e);
        }
    }
}
