package dev.hooks.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * How every command's help is laid out, installed once on the whole tree by {@link Cli#create} (so commands added
 * later get it too): descriptions, options and the command list wrap only at spaces. picocli's own wrapping breaks
 * wherever {@link java.text.BreakIterator} allows, which is after any '.' or '/': "history.db" came out as
 * "history." and "db", "~/.local" as "~/." and "local", "(e.g." as "(e." and "g.".
 */
final class HelpFormat extends CommandLine.Help {
    HelpFormat(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    /** Installs this layout on {@code cl} and every command below it. */
    static void install(CommandLine cl) {
        cl.setHelpFactory(HelpFormat::new);
    }

    private int width() {
        return commandSpec().usageMessage().width();
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
        Layout layout = super.createDefaultLayout(options, positionals, scheme);
        TextTable table = new SpaceWrapping(scheme, layout.textTable().columns());
        table.indentWrappedLines = layout.textTable().indentWrappedLines;
        return new Layout(scheme, table, layout.optionRenderer(), layout.parameterRenderer());
    }

    @Override
    protected String insertSynopsisCommandName(int headingLength, Text details) {
        CommandLine.Model.UsageMessageSpec usage = commandSpec().usageMessage();
        String name = commandSpec().qualifiedName();
        int indent = headingLength + name.length() + 1;
        if (indent > usage.synopsisAutoIndentThreshold() * width()) {
            indent = Math.min(usage.synopsisIndent() < 0 ? headingLength : usage.synopsisIndent(), width() / 2);
        }
        TextTable table = new SpaceWrapping(colorScheme(), new Column(width(), 0, Column.Overflow.WRAP));
        table.indentWrappedLines = indent;
        Text padding = colorScheme().text("X".repeat(headingLength));
        table.addRowValues(padding.concat(colorScheme().commandText(name)).concat(details));
        return table.toString().substring(headingLength);
    }

    @Override
    public String description(Object... params) {
        String[] lines = commandSpec().usageMessage().description();
        if (lines.length == 0) {
            return "";
        }
        TextTable table = new SpaceWrapping(colorScheme(), new Column(width(), 0, Column.Overflow.WRAP));
        table.indentWrappedLines = 0;
        for (String line : lines) {
            for (Text part : colorScheme().text(String.format(line, params)).splitLines()) {
                table.addRowValues(part);
            }
        }
        return table.toString();
    }

    @Override
    public String commandList(Map<String, CommandLine.Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        int longest = subcommands.keySet().stream().mapToInt(String::length).max().orElse(0);
        int names = Math.min(longest, width() / 2 - 2) + 2;
        TextTable table = new SpaceWrapping(colorScheme(), new Column(names, 2, Column.Overflow.SPAN),
                new Column(width() - names, 2, Column.Overflow.WRAP));
        for (Map.Entry<String, CommandLine.Help> e : subcommands.entrySet()) {
            CommandLine.Model.UsageMessageSpec usage = e.getValue().commandSpec().usageMessage();
            String first = usage.header().length > 0 ? usage.header()[0]
                    : usage.description().length > 0 ? usage.description()[0] : "";
            Text[] lines = colorScheme().text(String.format(first)).splitLines();
            for (int i = 0; i < lines.length; i++) {
                table.addRowValues(i == 0 ? e.getValue().commandNamesText(", ") : colorScheme().text(""),
                        lines[i]);
            }
        }
        return table.toString();
    }

    /** A table whose wrapping columns break only at spaces (a word longer than the column is still cut). */
    static final class SpaceWrapping extends TextTable {
        private final ColorScheme scheme;

        SpaceWrapping(ColorScheme scheme, Column... columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (column.overflow != Column.Overflow.WRAP || value == null) {
                return super.putValue(row, col, value);
            }
            Cell last = null;
            int at = row;
            for (Text line : value.splitLines()) {
                List<Text> pieces = wrap(line, column.width - column.indent - 1, indentWrappedLines);
                for (int i = 0; i < pieces.size(); i++, at++) {
                    while (at >= rowCount()) {
                        addEmptyRow();
                    }
                    Text piece = i == 0 ? pieces.get(i) : scheme.text(" ".repeat(indentWrappedLines)).concat(pieces.get(i));
                    last = super.putValue(at, col, piece);
                }
            }
            return last != null ? last : super.putValue(row, col, value);
        }

        /** {@code text} cut at spaces into pieces of at most {@code room} columns (the later ones {@code indent} less). */
        static List<Text> wrap(Text text, int room, int indent) {
            String plain = text.plainString();
            List<Text> pieces = new ArrayList<>();
            int start = 0;
            while (start < plain.length()) {
                int fits = pieces.isEmpty() ? room : room - indent;
                if (plain.length() - start <= fits) {
                    pieces.add(text.substring(start));
                    break;
                }
                int cut = plain.lastIndexOf(' ', start + fits);
                if (cut <= start) {
                    cut = plain.indexOf(' ', start + fits);
                    if (cut < 0) {
                        pieces.add(text.substring(start));
                        break;
                    }
                }
                pieces.add(text.substring(start, cut));
                start = cut + 1;
                while (start < plain.length() && plain.charAt(start) == ' ') {
                    start++;
                }
            }
            if (pieces.isEmpty()) {
                pieces.add(text);
            }
            return pieces;
        }
    }
}
