package dev.hooks.term;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code hooks shell}: a read-eval loop over the same commands. Each line is split like a POSIX shell would
 * (quotes, backslashes) and handed to a runner that builds a fresh command tree, so nothing carries over from one
 * line to the next. TAB completes commands, options and option values from a {@link CommandTree}. Ctrl-C drops the
 * line being typed (or stops the command running), Ctrl-D on an empty line, {@code exit} or {@code quit} leave.
 * History is kept in a file, without the values of secret options.
 */
public final class Shell {
    static final List<String> BUILT_INS = List.of("exit", "quit", "help");

    private final CommandTree root;
    private final ToIntFunction<String[]> runner;
    private final Path historyFile;
    private final Set<String> secretOptions;

    /**
     * @param root          the root command; its subcommands are what a line starts with
     * @param runner        runs one command line (without the leading {@code hooks}) and returns its exit code
     * @param historyFile   where history is kept, or null for none
     * @param secretOptions options whose values are secrets: they and their values are left out of the history
     */
    public Shell(CommandTree root, ToIntFunction<String[]> runner, Path historyFile, Set<String> secretOptions) {
        this.root = root;
        this.runner = runner;
        this.historyFile = historyFile;
        this.secretOptions = Set.copyOf(secretOptions);
    }

    /** Runs on the process's terminal until the user leaves; returns the last command's exit code. */
    public int run() {
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).name("hooks").build()) {
            return run(terminal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs on {@code terminal} until the user leaves; returns the last command's exit code. */
    public int run(Terminal terminal) {
        LineReader reader = reader(terminal);
        int last = 0;
        terminal.writer().println("hooks shell: TAB completes, Ctrl-C drops the line, Ctrl-D or 'exit' leaves.");
        terminal.flush();
        while (true) {
            String line;
            try {
                line = reader.readLine("hooks> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            List<String> words = new ArrayList<>(reader.getParsedLine().words());
            words.removeIf(String::isEmpty);
            if (words.isEmpty()) {
                continue;
            }
            if (words.get(0).equals("hooks")) {
                words.remove(0);
                if (words.isEmpty()) {
                    continue;
                }
            }
            String first = words.get(0);
            if (first.equals("exit") || first.equals("quit")) {
                break;
            }
            if (first.equals("help")) {
                words.set(0, "--help");
            }
            last = runOne(terminal, words.toArray(String[]::new));
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            // history is a convenience: a read-only state dir must not stop the shell
        }
        return last;
    }

    /** The shell's terminal while it runs a command, for a command that draws on it (listen's status line). */
    private static volatile Terminal commandTerminal;

    /** The terminal of the shell running the current command, or null outside {@code hooks shell}. */
    static Terminal commandTerminal() {
        return commandTerminal;
    }

    private int runOne(Terminal terminal, String[] args) {
        Thread worker = Thread.currentThread();
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> worker.interrupt());
        commandTerminal = terminal;
        try {
            return runner.applyAsInt(args);
        } finally {
            commandTerminal = null;
            terminal.handle(Terminal.Signal.INT, previous);
            Thread.interrupted(); // an interrupt meant for the command must not end the next readLine
            terminal.flush();
        }
    }

    LineReader reader(Terminal terminal) {
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[] {'\\'});
        LineReaderBuilder b = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("hooks")
                .parser(parser)
                .completer(new TreeCompleter(root))
                .history(new RedactingHistory(secretOptions))
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.AUTO_FRESH_LINE, true)
                .variable(LineReader.HISTORY_SIZE, 1000);
        if (historyFile != null) {
            try {
                Files.createDirectories(historyFile.getParent());
            } catch (IOException e) {
                // the history then stays in memory
            }
            b.variable(LineReader.HISTORY_FILE, historyFile);
        }
        return b.build();
    }

    /** The line as it may be kept in history: without secret options and their values, or null when nothing is left. */
    static String redact(String line, Set<String> secretOptions) {
        if (secretOptions.isEmpty()) {
            return line;
        }
        String names = String.join("|", secretOptions.stream().map(Pattern::quote).toList());
        // The value is one shell word: any run of unquoted characters, backslash escapes, '...' and "..." parts
        // ("x"'y', --secret=a"b c", $'a\\'b'), a quote left open running to the end of the line.
        Pattern p = Pattern.compile("(^|\\s)(?:" + names + ")(?:=|\\s+)(?:\\$'(?:[^'\\\\]|\\\\.)*(?:'|$)|'[^']*(?:'|$)|\"(?:[^\"\\\\]|\\\\.)*(?:\"|$)"
                + "|[^\\s\\\\'\"]|\\\\.)+");
        Matcher m = p.matcher(line);
        String out = m.replaceAll("$1").replaceAll("\\s{2,}", " ").strip();
        // A flag with nothing after it yet, at the end of the line, may still be followed by a secret elsewhere.
        return out.isEmpty() ? null : out;
    }

    /** History that keeps lines without secret option values. */
    static final class RedactingHistory extends DefaultHistory {
        private final Set<String> secretOptions;

        RedactingHistory(Set<String> secretOptions) {
            this.secretOptions = secretOptions;
        }

        @Override
        public void add(Instant time, String line) {
            String kept = redact(line, secretOptions);
            if (kept != null) {
                super.add(time, kept);
            }
        }
    }

    /** Completes commands, options and option values by walking a {@link CommandTree}. */
    static final class TreeCompleter implements Completer {
        private final CommandTree root;

        TreeCompleter(CommandTree root) {
            this.root = root;
        }

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            candidates.addAll(candidates(line.words().subList(0, line.wordIndex()), line.word()));
        }

        /** The candidates for {@code current} after the complete words {@code before}. */
        List<Candidate> candidates(List<String> before, String current) {
            List<String> words = new ArrayList<>(before);
            if (!words.isEmpty() && words.get(0).equals("hooks")) {
                words.remove(0);
            }
            CommandTree node = root;
            CommandTree.OptionNode pending = null;
            boolean afterDoubleDash = false;
            for (String w : words) {
                if (pending != null) {
                    pending = null;
                    continue;
                }
                if (w.equals("--")) {
                    afterDoubleDash = true;
                    continue;
                }
                if (!afterDoubleDash && w.startsWith("-")) {
                    String name = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
                    CommandTree.OptionNode o = node.option(name).orElse(null);
                    if (o != null && o.takesValue() && !w.contains("=")) {
                        pending = o;
                    }
                    continue;
                }
                CommandTree sub = node.subcommand(w).orElse(null);
                if (sub != null) {
                    node = sub;
                }
            }
            List<Candidate> out = new ArrayList<>();
            if (pending != null) {
                values(pending, "", out);
                return out;
            }
            if (!afterDoubleDash && current.startsWith("-")) {
                int eq = current.indexOf('=');
                if (eq > 0) {
                    node.option(current.substring(0, eq)).filter(CommandTree.OptionNode::takesValue)
                            .ifPresent(o -> values(o, current.substring(0, eq + 1), out));
                    return out;
                }
                for (CommandTree.OptionNode o : node.options()) {
                    for (String n : o.names()) {
                        out.add(new Candidate(n, n, "options", o.description(), null, o.names().get(0), true));
                    }
                }
                return out;
            }
            for (CommandTree sub : node.subcommands()) {
                out.add(new Candidate(sub.name(), sub.name(), "commands", sub.description(), null, null, true));
            }
            if (node == root && words.isEmpty()) {
                for (String b : BUILT_INS) {
                    out.add(new Candidate(b, b, "shell", null, null, null, true));
                }
            }
            if (node.positionals() != null) {
                for (String v : node.positionals().get()) {
                    out.add(new Candidate(v, v, "values", null, null, null, true));
                }
            }
            return out;
        }

        private static void values(CommandTree.OptionNode o, String prefix, List<Candidate> out) {
            if (o.values() == null) {
                return;
            }
            for (String v : o.values().get()) {
                out.add(new Candidate(prefix + v, v, "values", null, null, null, true));
            }
        }
    }
}
