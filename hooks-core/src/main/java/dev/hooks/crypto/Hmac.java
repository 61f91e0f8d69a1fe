package dev.hooks.crypto;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC (RFC 2104) over byte arrays. Pure function, no I/O.
 *
 * <p>The SHA-1 and SHA-2 HMACs are computed here over the JDK's {@link MessageDigest}, exactly as the JDK's own
 * {@code Mac} computes them over the same digests: the first {@code javax.crypto} call of a JVM loads and instantiates
 * every security provider in order until SunJCE, reads the cryptography policy files and scans the class path for
 * URL handlers, which is about as much CPU as the rest of a {@code hooks sign}. A digest comes from the first
 * provider, SUN, with none of that. Any other name goes to {@code javax.crypto.Mac}.
 */
public final class Hmac {
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private Hmac() {}

    /** The digest under an HMAC's JCA name, or null when {@code javax.crypto.Mac} computes it. */
    static String digestOf(String jcaName) {
        return switch (jcaName) {
            case "HmacSHA1" -> "SHA-1";
            case "HmacSHA224" -> "SHA-224";
            case "HmacSHA256" -> "SHA-256";
            case "HmacSHA384" -> "SHA-384";
            case "HmacSHA512" -> "SHA-512";
            default -> null;
        };
    }

    /** The digest's block size in bytes: 128 for SHA-384 and SHA-512, 64 for the others. */
    static int blockSize(String digest) {
        return digest.equals("SHA-384") || digest.equals("SHA-512") ? 128 : 64;
    }

    /**
     * One HMAC key for one thread: the inner and outer digests and the key's pads. Not thread-safe. Where the digests
     * can be copied (the SUN provider's can), the digests are kept in their state after the pads, and each message
     * starts from copies of them: it costs its own blocks and the outer hash, not the two pad blocks again.
     */
    static final class Instance {
        private final MessageDigest inner;
        private final MessageDigest outer;
        private final byte[] ipad;
        private final byte[] opad;
        private final Mac mac;
        /** True once {@link #inner} and {@link #outer} hold the pads and are copied, never updated, per message. */
        private boolean padded;

        Instance(String jcaName, byte[] key) {
            String digest = digestOf(jcaName);
            try {
                if (digest == null) {
                    mac = Mac.getInstance(jcaName);
                    // An empty key is legal for HMAC but SecretKeySpec refuses it; one zero byte is the same key.
                    mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, jcaName));
                    inner = outer = null;
                    ipad = opad = null;
                    return;
                }
                mac = null;
                inner = MessageDigest.getInstance(digest);
                outer = MessageDigest.getInstance(digest);
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("the JDK has no " + jcaName, e);
            }
            int block = blockSize(digest);
            byte[] k = key.length > block ? inner.digest(key) : key;
            ipad = new byte[block];
            opad = new byte[block];
            for (int i = 0; i < block; i++) {
                byte b = i < k.length ? k[i] : 0;
                ipad[i] = (byte) (b ^ IPAD);
                opad[i] = (byte) (b ^ OPAD);
            }
        }

        byte[] compute(byte[]... parts) {
            if (mac != null) {
                for (byte[] part : parts) {
                    mac.update(part);
                }
                return mac.doFinal();
            }
            if (padded) {
                try {
                    return finish((MessageDigest) inner.clone(), (MessageDigest) outer.clone(), parts);
                } catch (CloneNotSupportedException e) {
                    throw new IllegalStateException("a digest that was copied once cannot be copied", e);
                }
            }
            inner.update(ipad);
            for (byte[] part : parts) {
                inner.update(part);
            }
            outer.update(opad);
            outer.update(inner.digest());
            return outer.digest();
        }

        /**
         * Keeps the digests in their state after the pads, for an instance that computes many messages; does nothing
         * where the provider's digests cannot be copied.
         */
        Instance keepPads() {
            if (mac != null || padded) {
                return this;
            }
            try {
                inner.update(ipad);
                outer.update(opad);
                inner.clone();
                padded = true;
            } catch (CloneNotSupportedException e) {
                inner.reset();
                outer.reset();
            }
            return this;
        }

        /** Whether each message starts from copies of the padded digests (what {@link #keepPads} asked for). */
        boolean keepsPads() {
            return padded;
        }

        private static byte[] finish(MessageDigest in, MessageDigest out, byte[][] parts) {
            for (byte[] part : parts) {
                in.update(part);
            }
            out.update(in.digest());
            return out.digest();
        }
    }

    /**
     * One key bound to one algorithm, ready for many messages: each thread makes its digests and the key's pads once
     * instead of looking up a provider and deriving the pads for every message.
     */
    public static final class Keyed {
        private final ThreadLocal<Instance> instance;

        public Keyed(String jcaName, byte[] key) {
            byte[] k = key.clone();
            // An anonymous subclass rather than a lambda: no invokedynamic bootstrap on the start-up path of sign.
            this.instance = new ThreadLocal<>() {
                @Override
                protected Instance initialValue() {
                    return new Instance(jcaName, k).keepPads();
                }
            };
        }

        /** The MAC of {@code parts} concatenated. */
        public byte[] compute(byte[]... parts) {
            return instance.get().compute(parts);
        }
    }

    /**
     * Computes the MAC of {@code parts} concatenated, without copying them into one array.
     *
     * @param jcaName the JCA name, e.g. {@code HmacSHA256}
     */
    public static byte[] compute(String jcaName, byte[] key, byte[]... parts) {
        return new Instance(jcaName, key).compute(parts);
    }
}
