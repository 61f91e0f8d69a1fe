package dev.hooks.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The published test vectors (signatures.json, encryption.json), kept with the tests under
 * src/test/resources/vectors so that a clone needs nothing beside it.
 */
public final class Vectors {
    /** Where the copies live on the test classpath. */
    public static final String RESOURCE_DIRECTORY = "/vectors/";
    /** The vector files there. */
    public static final String[] FILES = {"signatures.json", "encryption.json"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {}

    /** The bytes of one vector file, as committed. */
    public static byte[] bytes(String file) {
        try (InputStream in = Vectors.class.getResourceAsStream(RESOURCE_DIRECTORY + file)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE_DIRECTORY + file + " on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One vector file's {@code vectors} array. */
    public static JsonNode read(String file) {
        try {
            return JSON.readTree(bytes(file)).get("vectors");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
