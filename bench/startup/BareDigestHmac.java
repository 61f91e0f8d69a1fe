import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * BareHmac's HMAC computed as hooks computes it: RFC 2104 over the JDK's SHA-256 digest, without javax.crypto (whose
 * first use sets up every security provider up to SunJCE). Not a baseline: the floor for that way of computing it.
 */
public final class BareDigestHmac {
    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        byte[] key = args[0].getBytes(StandardCharsets.UTF_8);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        if (key.length > 64) {
            key = md.digest(key);
        }
        byte[] ipad = new byte[64];
        byte[] opad = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte k = i < key.length ? key[i] : 0;
            ipad[i] = (byte) (k ^ 0x36);
            opad[i] = (byte) (k ^ 0x5c);
        }
        md.update(ipad);
        md.update(body);
        byte[] inner = md.digest();
        md.update(opad);
        md.update(inner);
        byte[] d = md.digest();
        StringBuilder hex = new StringBuilder(d.length * 2);
        for (byte b : d) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        System.out.println("X-Hub-Signature-256: sha256=" + hex);
    }
}
