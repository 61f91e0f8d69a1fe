package dev.hooks.scheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Templates of the form {@code v0:{timestamp}:{body}}: literal text with {@code {name}} placeholders. */
final class Templates {
    private Templates() {}

    /** A template split into literal text and placeholder names, in order. */
    record Part(String literal, String variable) {}

    static List<Part> parts(String template) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        StringBuilder lit = new StringBuilder();
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close > i + 1 && template.substring(i + 1, close).matches("[A-Za-z0-9_]+")) {
                if (lit.length() > 0) {
                    parts.add(new Part(lit.toString(), null));
                    lit.setLength(0);
                }
                parts.add(new Part(null, template.substring(i + 1, close)));
                i = close + 1;
            } else {
                lit.append(c);
                i++;
            }
        }
        if (lit.length() > 0) {
            parts.add(new Part(lit.toString(), null));
        }
        return parts;
    }

    static List<String> variables(String template) {
        List<String> vars = new ArrayList<>();
        for (Part p : parts(template)) {
            if (p.variable() != null) {
                vars.add(p.variable());
            }
        }
        return vars;
    }

    static String render(String template, Map<String, String> values) {
        return render(parts(template), values);
    }

    /** Renders a template split once by {@link #parts}, for templates used many times. */
    static String render(List<Part> parts, Map<String, String> values) {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            sb.append(p.literal() != null ? p.literal() : values.getOrDefault(p.variable(), ""));
        }
        return sb.toString();
    }
}
