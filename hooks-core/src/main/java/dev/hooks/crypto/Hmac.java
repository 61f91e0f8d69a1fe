package dev.hooks.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC over byte arrays with the JDK's providers. Pure function, no I/O. */
public final class Hmac {
    private Hmac() {}

    /**
     * One key bound to one algorithm, ready for many messages: each thread initialises its own {@link Mac} once
     * instead of looking up a provider and deriving the key's pads for every message.
     */
    public static final class Keyed {
        private final ThreadLocal<Mac> mac;

        public Keyed(String jcaName, byte[] key) {
            byte[] k = key.length == 0 ? new byte[1] : key.clone();
            // An anonymous subclass rather than a lambda: no invokedynamic bootstrap on the start-up path of sign.
            this.mac = new ThreadLocal<>() {
                @Override
                protected Mac initialValue() {
                    try {
                        Mac m = Mac.getInstance(jcaName);
                        m.init(new SecretKeySpec(k, jcaName));
                        return m;
                    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                        throw new IllegalStateException("the JDK has no " + jcaName, e);
                    }
                }
            };
        }

        /** The MAC of {@code parts} concatenated. */
        public byte[] compute(byte[]... parts) {
            Mac m = mac.get();
            for (byte[] part : parts) {
                m.update(part);
            }
            return m.doFinal();
        }
    }

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
