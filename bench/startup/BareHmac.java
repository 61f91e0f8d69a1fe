import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The baseline: what `hooks sign --provider github` computes, with nothing but the JDK. */
public final class BareHmac {
    public static void main(String[] args) throws Exception {
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(args[0].getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] d = mac.doFinal(body);
        StringBuilder hex = new StringBuilder(d.length * 2);
        for (byte b : d) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        System.out.println("X-Hub-Signature-256: sha256=" + hex);
    }
}
