package dev.hooks.cli;

import dev.hooks.crypto.Encoding;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keygen",
        description = {"Print a fresh random secret or key."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  hooks keygen                   # 32 random bytes as hex, for HMAC secrets",
            "  hooks keygen --type aes        # base64 AES-256 key for --encryption-key",
            "  hooks keygen --type whsec      # whsec_ secret for Standard Webhooks and Svix",
            "  hooks keygen --type ed25519    # whsk_ private and whpk_ public key (v1a)"})
final class KeygenCommand extends BaseCommand {
    enum Type { secret, aes, whsec, ed25519 }

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "secret",
            description = "secret, aes, whsec or ed25519. Default: ${DEFAULT-VALUE}.")
    Type type;

    @Override
    public Integer call() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        switch (type) {
            case aes -> out().println(Encoding.base64(bytes(random, 32)));
            case whsec -> out().println("whsec_" + Encoding.base64(bytes(random, 24)));
            case ed25519 -> {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                byte[] priv = pair.getPrivate().getEncoded();
                byte[] pub = pair.getPublic().getEncoded();
                out().println("whsk_" + Encoding.base64(Arrays.copyOfRange(priv, priv.length - 32, priv.length)));
                out().println("whpk_" + Encoding.base64(Arrays.copyOfRange(pub, pub.length - 32, pub.length)));
            }
            default -> out().println(Encoding.hex(bytes(random, 32)));
        }
        return 0;
    }

    private static byte[] bytes(SecureRandom random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
