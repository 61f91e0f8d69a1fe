package dev.hooks.samples;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.Instantiatable;
import java.io.IOException;

/**
 * Two-space indentation with {@code "key": value}, a chosen line ending, and {@code {}} / {@code []} for
 * empty containers: the shape of JSON.stringify(v, null, 2) with LF and of Newtonsoft's
 * Formatting.Indented with CRLF. Jackson's DefaultPrettyPrinter differs ({@code "key" : value},
 * {@code { }}, inline arrays), hence this class.
 */
final class IndentedPrinter implements PrettyPrinter, Instantiatable<IndentedPrinter> {
    private final String lineEnd;
    private int depth;

    IndentedPrinter(String lineEnd) {
        this.lineEnd = lineEnd;
    }

    @Override
    public IndentedPrinter createInstance() {
        return new IndentedPrinter(lineEnd);
    }

    private void newline(JsonGenerator g) throws IOException {
        g.writeRaw(lineEnd);
        for (int i = 0; i < depth; i++) {
            g.writeRaw("  ");
        }
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(lineEnd);
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw('{');
        depth++;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        newline(g);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        newline(g);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        depth--;
        if (entries > 0) {
            newline(g);
        }
        g.writeRaw('}');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw('[');
        depth++;
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        newline(g);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        newline(g);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        depth--;
        if (values > 0) {
            newline(g);
        }
        g.writeRaw(']');
    }
}
