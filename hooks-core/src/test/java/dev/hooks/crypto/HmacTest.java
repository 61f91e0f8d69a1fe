package dev.hooks.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The HMACs computed over the digests are the JDK's {@code Mac}'s, for every key length around the block size. */
class HmacTest {
    static final String[] NAMES = {"HmacSHA1", "HmacSHA224", "HmacSHA256", "HmacSHA384", "HmacSHA512"};

    static byte[] jdk(String name, byte[] key, byte[] message) throws Exception {
        Mac mac = Mac.getInstance(name);
        mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, name));
        return mac.doFinal(message);
    }

    @Test
    void rfc4231TestCase2() {
        byte[] mac = Hmac.compute("HmacSHA256", "Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want ".getBytes(StandardCharsets.US_ASCII), "for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(mac))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void sameAsTheJdksMacForKeysShorterLongerAndAsLongAsTheBlock() throws Exception {
        Random random = new Random(42);
        int[] keyLengths = {0, 1, 20, 63, 64, 65, 127, 128, 129, 300};
        int[] messageLengths = {0, 1, 55, 56, 64, 111, 112, 128, 1000};
        for (String name : NAMES) {
            for (int kl : keyLengths) {
                byte[] key = new byte[kl];
                random.nextBytes(key);
                Hmac.Keyed keyed = new Hmac.Keyed(name, key);
                for (int ml : messageLengths) {
                    byte[] message = new byte[ml];
                    random.nextBytes(message);
                    byte[] expected = jdk(name, key, message);
                    int cut = ml / 3;
                    byte[] head = java.util.Arrays.copyOfRange(message, 0, cut);
                    byte[] tail = java.util.Arrays.copyOfRange(message, cut, ml);
                    String what = name + ", key " + kl + " bytes, message " + ml + " bytes";
                    assertThat(Hmac.compute(name, key, message)).as(what).isEqualTo(expected);
                    assertThat(Hmac.compute(name, key, head, tail)).as(what + " in two parts").isEqualTo(expected);
                    // The same keyed instance again and again: each message starts from the key, not the last one.
                    assertThat(keyed.compute(head, tail)).as(what + ", keyed").isEqualTo(expected);
                    assertThat(keyed.compute(message)).as(what + ", keyed again").isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aKeyedInstanceStartsEachMessageFromCopiesOfItsPaddedDigests() throws Exception {
        byte[] key = "whsec_key".getBytes(StandardCharsets.UTF_8);
        for (String name : NAMES) {
            Hmac.Instance instance = new Hmac.Instance(name, key).keepPads();
            assertThat(instance.keepsPads()).as(name).isTrue();
            for (String m : new String[] {"one", "", "three"}) {
                byte[] message = m.getBytes(StandardCharsets.UTF_8);
                assertThat(instance.compute(message)).as(name + " " + m).isEqualTo(jdk(name, key, message));
            }
        }
        assertThat(new Hmac.Instance("HmacMD5", key).keepPads().keepsPads()).isFalse();
    }

    @Test
    void otherNamesAreTheJdksMac() throws Exception {
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        assertThat(Hmac.digestOf("HmacMD5")).isNull();
        assertThat(Hmac.compute("HmacMD5", key, message)).isEqualTo(jdk("HmacMD5", key, message));
        assertThat(new Hmac.Keyed("HmacMD5", new byte[0]).compute(message)).isEqualTo(jdk("HmacMD5", new byte[0], message));
    }
}
