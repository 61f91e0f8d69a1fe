package dev.hooks;

import dev.hooks.cli.Cli;
import dev.hooks.cli.Context;
import dev.hooks.cli.Direct;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/** The {@code hooks} command. The only caller of {@link System#exit}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = run(args, System.in, System.out, System.err, System.getenv());
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command line and returns its exit code; the seam tests use. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        Context ctx = new Context(env, in, out, err);
        // A plain sign, verify, encrypt, decrypt or keygen first, before the class that builds picocli's command line is even loaded:
        // verifying Cli alone loads picocli classes and opens picocli's jar.
        int direct = Direct.run(ctx, args);
        return direct != Direct.NOT_HANDLED ? direct : Cli.run(ctx, args);
    }
}
