package dev.hooks.listen;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request header value as text. Jetty hands each byte above ASCII over as the character of the same number (ISO
 * 8859-1), so UTF-8 text such as {@code café} arrives as {@code cafÃ©}: stored like that, it shows garbled and is
 * encoded a second time when replayed. A value whose bytes are valid UTF-8 is read as UTF-8; any other is kept as
 * received.
 */
final class HeaderText {
    private HeaderText() {}

    static String of(String received) {
        if (received == null) {
            return null;
        }
        int i = 0;
        while (i < received.length() && received.charAt(i) < 0x80) {
            i++;
        }
        if (i == received.length()) {
            return received; // ASCII, nearly always
        }
        for (int j = i; j < received.length(); j++) {
            if (received.charAt(j) > 0xFF) {
                return received; // already text
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(received.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException notUtf8) {
            return received;
        }
    }
}
