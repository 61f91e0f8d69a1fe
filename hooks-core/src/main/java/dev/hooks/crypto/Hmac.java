package dev.hooks.crypto;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC over byte arrays with the JDK's providers. Pure function, no I/O. */
public final class Hmac {
    private Hmac() {}

    /**
     * One key bound to one algorithm, ready for many messages. For SHA-1, SHA-256 and SHA-512 each thread keeps the
     * digest states after the key's inner and outer pads (RFC 2104), so a message costs its own blocks and the outer
     * hash only, not the two pad blocks again; for other algorithms each thread initialises its own {@link Mac} once
     * instead of looking up a provider and deriving the key's pads for every message.
     */
    public static final class Keyed {
        private final ThreadLocal<Mac> mac;
        private final ThreadLocal<MessageDigest[]> pads;

        public Keyed(String jcaName, byte[] key) {
            byte[] k = key.length == 0 ? new byte[1] : key.clone();
            // Anonymous subclasses rather than lambdas: no invokedynamic bootstrap on the start-up path of sign.
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
            String digest = switch (jcaName) {
                case "HmacSHA1" -> "SHA-1";
                case "HmacSHA256" -> "SHA-256";
                case "HmacSHA512" -> "SHA-512";
                default -> null;
            };
            this.pads = digest == null ? null : new ThreadLocal<>() {
                @Override
                protected MessageDigest[] initialValue() {
                    return padded(digest, digest.equals("SHA-512") ? 128 : 64, k);
                }
            };
        }

        /** The MAC of {@code parts} concatenated. */
        public byte[] compute(byte[]... parts) {
            MessageDigest[] p = pads == null ? null : pads.get();
            if (p != null) {
                try {
                    MessageDigest inner = (MessageDigest) p[0].clone();
                    for (byte[] part : parts) {
                        inner.update(part);
                    }
                    MessageDigest outer = (MessageDigest) p[1].clone();
                    outer.update(inner.digest());
                    return outer.digest();
                } catch (CloneNotSupportedException e) {
                    // this provider's digests cannot be copied: the Mac below does the same
                }
            }
            Mac m = mac.get();
            for (byte[] part : parts) {
                m.update(part);
            }
            return m.doFinal();
        }

        /** The digest states after the inner and outer pads of {@code key}, or null where they cannot be copied. */
        private static MessageDigest[] padded(String digest, int block, byte[] key) {
            try {
                MessageDigest inner = MessageDigest.getInstance(digest);
                MessageDigest outer = MessageDigest.getInstance(digest);
                byte[] k = key.length > block ? inner.digest(key) : key;
                byte[] ipad = new byte[block];
                byte[] opad = new byte[block];
                for (int i = 0; i < block; i++) {
                    byte b = i < k.length ? k[i] : 0;
                    ipad[i] = (byte) (b ^ 0x36);
                    opad[i] = (byte) (b ^ 0x5c);
                }
                inner.update(ipad);
                outer.update(opad);
                inner.clone();
                return new MessageDigest[] {inner, outer};
            } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
                return null;
            }
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
