package dev.hooks.cli;

import dev.hooks.HooksException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: its spec, the context and the streams it prints through. */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Set instead of {@link #spec} when {@link Direct} runs the command without picocli. */
    private Context boundContext;
    private PrintWriter boundOut;
    private PrintWriter boundErr;

    void bind(Context ctx, PrintWriter out, PrintWriter err) {
        this.boundContext = ctx;
        this.boundOut = out;
        this.boundErr = err;
    }

    Context ctx() {
        return boundContext != null ? boundContext : ((HooksCommand) spec.root().userObject()).context();
    }

    PrintWriter out() {
        return boundOut != null ? boundOut : spec.commandLine().getOut();
    }

    PrintWriter err() {
        return boundErr != null ? boundErr : spec.commandLine().getErr();
    }

    /** Reads a payload from FILE, or stdin for {@code -} or none, byte for byte. */
    byte[] readPayload(String file) {
        try {
            if (file == null || file.equals("-")) {
                return ctx().in().readAllBytes();
            }
            return Files.readAllBytes(Path.of(file));
        } catch (NoSuchFileException e) {
            throw HooksException.input("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw HooksException.input("cannot read " + (file == null ? "standard input" : file) + ": " + e.getMessage());
        }
    }

    /** Writes bytes exactly, without a newline, through the same stream as {@link #out()}. */
    void writeBytes(byte[] bytes) {
        out().flush();
        ctx().out().write(bytes, 0, bytes.length);
        ctx().out().flush();
    }
}
