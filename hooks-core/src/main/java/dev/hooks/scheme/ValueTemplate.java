package dev.hooks.scheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signature header's value template, e.g. {@code t={timestamp},v1={hex}} or {@code v1,{base64}}, written
 * forwards when signing and read backwards when verifying.
 *
 * <p>With a separator, the header may carry several entries; each entry is matched against each part of the
 * template split by the same separator, and entries that match no part (an unknown version such as {@code v0=} or
 * {@code v1a,}) are ignored. Hex is accepted in either case.
 */
public final class ValueTemplate {
    static final Set<String> SIGNATURE_VARIABLES = Set.of("hex", "HEX", "base64");
    static final Set<String> VARIABLES = Set.of("hex", "HEX", "base64", "id", "timestamp");

    private final String template;
    private final List<Templates.Part> parts;
    private final String separator;
    private final List<Pattern> entries = new ArrayList<>();
    private final List<List<String>> entryVars = new ArrayList<>();
    private final String encoding;

    public ValueTemplate(String template, String separator) {
        this.template = template;
        this.parts = Templates.parts(template);
        this.separator = separator;
        List<String> pieces = separator == null ? List.of(template) : List.of(template.split(Pattern.quote(separator)));
        for (String piece : pieces) {
            StringBuilder regex = new StringBuilder();
            List<String> vars = new ArrayList<>();
            for (Templates.Part p : Templates.parts(piece)) {
                if (p.literal() != null) {
                    regex.append(Pattern.quote(p.literal()));
                } else {
                    vars.add(p.variable());
                    switch (p.variable()) {
                        case "hex", "HEX" -> regex.append("([0-9A-Fa-f]+)");
                        case "base64" -> regex.append("([A-Za-z0-9+/_=-]+)");
                        default -> regex.append(separator == null ? "(.+?)" : "([^" + Pattern.quote(separator) + "]+?)");
                    }
                }
            }
            entries.add(Pattern.compile(regex.toString()));
            entryVars.add(vars);
        }
        this.encoding = Templates.variables(template).stream().filter(SIGNATURE_VARIABLES::contains).findFirst()
                .orElse("hex");
    }

    public String render(Map<String, String> values) {
        return Templates.render(parts, values);
    }

    public String template() {
        return template;
    }

    /** What a header value says: the signatures it carries (in their text form) and any timestamp or id. */
    public record Parsed(List<String> signatures, String timestamp, String id, int entries, int ignored) {}

    public Parsed parse(String headerValue) {
        List<String> signatures = new ArrayList<>();
        String timestamp = null;
        String id = null;
        int ignored = 0;
        List<String> items = separator == null ? List.of(headerValue.strip())
                : List.of(headerValue.strip().split(Pattern.quote(separator)));
        int count = 0;
        for (String raw : items) {
            String item = separator != null && !separator.isBlank() ? raw.strip() : raw;
            if (item.isEmpty()) {
                continue;
            }
            count++;
            boolean matched = false;
            for (int i = 0; i < entries.size() && !matched; i++) {
                Matcher m = entries.get(i).matcher(item);
                if (m.matches()) {
                    matched = true;
                    List<String> vars = entryVars.get(i);
                    for (int g = 0; g < vars.size(); g++) {
                        String v = m.group(g + 1);
                        switch (vars.get(g)) {
                            case "hex", "HEX", "base64" -> signatures.add(v);
                            case "timestamp" -> timestamp = v;
                            case "id" -> id = v;
                            default -> { }
                        }
                    }
                }
            }
            if (!matched) {
                ignored++;
            }
        }
        return new Parsed(signatures, timestamp, id, count, ignored);
    }

    /** The encoding of the signature in this template: {@code hex}, {@code HEX} or {@code base64}. */
    public String encoding() {
        return encoding;
    }
}
