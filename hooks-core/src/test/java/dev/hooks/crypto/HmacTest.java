package dev.hooks.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** A keyed HMAC, computed from the pads' saved digest states, gives the JDK Mac's bytes, message after message. */
class HmacTest {
    @Test
    void rfc4231Vectors() {
        byte[] key = new byte[20];
        java.util.Arrays.fill(key, (byte) 0x0b);
        byte[] data = "Hi There".getBytes(StandardCharsets.US_ASCII);
        assertThat(hex(new Hmac.Keyed("HmacSHA256", key).compute(data)))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
        assertThat(hex(new Hmac.Keyed("HmacSHA512", key).compute(data))).isEqualTo("87aa7cdea5ef619d4ff0b4241a1d6cb0"
                + "2379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
        // A key longer than the block is hashed first (RFC 4231 test case 6).
        byte[] longKey = new byte[131];
        java.util.Arrays.fill(longKey, (byte) 0xaa);
        byte[] text = "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII);
        assertThat(hex(new Hmac.Keyed("HmacSHA256", longKey).compute(text)))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @Test
    void sameAsTheJdkMacForEveryKeyLengthAndMessage() throws Exception {
        SplittableRandom random = new SplittableRandom(21);
        for (String algorithm : new String[] {"HmacSHA1", "HmacSHA256", "HmacSHA512"}) {
            for (int keyLength : new int[] {0, 1, 20, 63, 64, 65, 127, 128, 129, 300}) {
                byte[] key = new byte[keyLength];
                random.nextBytes(key);
                Hmac.Keyed keyed = new Hmac.Keyed(algorithm, key);
                Mac mac = Mac.getInstance(algorithm);
                mac.init(new SecretKeySpec(keyLength == 0 ? new byte[1] : key, algorithm));
                for (int length : new int[] {0, 1, 55, 64, 200, 1000}) {
                    byte[] a = new byte[length];
                    byte[] b = new byte[length / 3];
                    random.nextBytes(a);
                    random.nextBytes(b);
                    mac.update(a);
                    byte[] expected = mac.doFinal(b);
                    assertThat(keyed.compute(a, b)).as("%s, key %d, message %d", algorithm, keyLength, length)
                            .isEqualTo(expected);
                    assertThat(Hmac.compute(algorithm, key, a, b)).isEqualTo(expected);
                }
            }
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
