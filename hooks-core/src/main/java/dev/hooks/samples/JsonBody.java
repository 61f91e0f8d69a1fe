package dev.hooks.samples;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hooks.HooksException;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON as the bytes of a webhook body: the package's one {@link ObjectMapper} and the serialisation
 * styles providers use.
 *
 * <p>Parsing keeps numbers exactly as written ({@code 4250.00} stays {@code 4250.00}, through
 * {@link java.math.BigDecimal}), rejects duplicate keys and trailing content, and never coerces.
 * Serialising never adds a trailing newline, and writes characters outside the Basic Multilingual Plane as
 * themselves (UTF-8), never as surrogate escapes.
 */
public final class JsonBody {

    /** How a tree becomes bytes. */
    public enum Style {
        /** Jackson's compact form: no whitespace at all (what most providers send). */
        COMPACT,
        /** Two-space indent, {@code "key": value}, LF line endings, {@code {}} and {@code []} for empties. */
        PRETTY,
        /**
         * Newtonsoft.Json {@code Formatting.Indented} as the ASP.NET WebHooks sender writes it: like
         * {@link #PRETTY} but with CRLF line endings and Newtonsoft's string escapes (lowercase
         * <code>&#92;u00xx</code> for control characters, and U+0085, U+2028, U+2029 escaped).
         */
        NEWTONSOFT_INDENTED
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // an emoji as its four UTF-8 bytes, as Newtonsoft and JSON.stringify write it, not as two \\u escapes
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writer(new IndentedPrinter("\n"));
    private static final ObjectWriter NEWTONSOFT =
            MAPPER.writer(new IndentedPrinter("\r\n")).with(new NewtonsoftEscapes());

    private JsonBody() {
    }

    /** The shared, configured mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises {@code tree} in the given style. */
    public static byte[] toBytes(JsonNode tree, Style style) {
        ObjectWriter writer = switch (style) {
            case COMPACT -> COMPACT;
            case PRETTY -> PRETTY;
            case NEWTONSOFT_INDENTED -> NEWTONSOFT;
        };
        try {
            return writer.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new HooksException(HooksException.INTERNAL, "cannot serialise JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses one JSON document; {@code source} names it in the error (a file name, "--data-file x").
     *
     * @throws HooksException (input) when the bytes are not one well-formed JSON document
     */
    public static JsonNode parse(byte[] bytes, String source) {
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw HooksException.input(source + ": empty, expected a JSON document");
            }
            return node;
        } catch (IOException e) {
            throw HooksException.input(source + ": not valid JSON: " + oneLine(e));
        }
    }

    static JsonNode parse(InputStream in, String source) {
        try (in) {
            return parse(in.readAllBytes(), source);
        } catch (IOException e) {
            throw HooksException.input(source + ": cannot read: " + e.getMessage());
        }
    }

    /** Parses {@code text} as JSON, or returns null when it is not exactly one JSON value. */
    static JsonNode tryParse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    private static String oneLine(IOException e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (e instanceof JsonProcessingException j && j.getLocation() != null) {
            message += " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
        }
        return message.replace('\n', ' ').replace('\r', ' ');
    }
}
