package dev.hooks.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.HooksException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Addresses a field in a JSON tree by a dotted path such as {@code data.changes.status.new_value} or
 * {@code Notifications.0.Action}.
 *
 * <p>Segments are separated by {@code .}; a literal dot in a key is written {@code \.}. On an object a
 * segment is a field name (digits included); on an array it must be a zero-based index. The empty path
 * {@code ""} is the root itself.
 */
public final class DottedPath {
    private DottedPath() {
    }

    /** The node at {@code path}, or empty when any step is missing or crosses a scalar. */
    public static Optional<JsonNode> get(JsonNode tree, String path) {
        JsonNode current = tree;
        for (String segment : segments(path)) {
            if (current == null) {
                return Optional.empty();
            }
            if (current.isObject()) {
                current = current.get(segment);
            } else if (current.isArray()) {
                int index = index(segment);
                current = index < 0 ? null : current.get(index);
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(current).filter(node -> !node.isMissingNode());
    }

    /**
     * The text of the scalar at {@code path}: a string as is, a number or boolean as written in JSON.
     * Empty when the path is missing, null, or an object or array.
     */
    public static Optional<String> text(JsonNode tree, String path) {
        return get(tree, path).filter(JsonNode::isValueNode).filter(node -> !node.isNull()).map(JsonNode::asText);
    }

    /**
     * Sets the value at {@code path}, creating missing (or null) objects on the way. On an array the
     * last segment may be the array's size, which appends.
     *
     * @throws HooksException (input) naming the path when it is empty, indexes into something that is
     *     not an array, uses a non-number or out-of-range index on an array, or crosses a scalar
     */
    /** Removes the field at a dotted path, where its parent is an object; nothing when there is none. */
    public static void remove(JsonNode tree, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? tree : get(tree, path.substring(0, dot)).orElse(null);
        if (parent instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            o.remove(dot < 0 ? path : path.substring(dot + 1));
        }
    }

    public static void set(JsonNode tree, String path, JsonNode value) {
        List<String> segments = segments(path);
        if (segments.isEmpty()) {
            throw HooksException.input("cannot set an empty path; name a field such as data.status");
        }
        if (!tree.isContainerNode()) {
            throw HooksException.input("cannot set '" + path + "': the document is " + kind(tree) + ", not an object");
        }
        JsonNode current = tree;
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (current.isObject()) {
                ObjectNode object = (ObjectNode) current;
                if (last) {
                    object.set(segment, value);
                    return;
                }
                JsonNode next = object.get(segment);
                if (next == null || next.isNull()) {
                    next = object.putObject(segment);
                }
                current = requireContainer(next, path, segments, i);
            } else {
                ArrayNode array = (ArrayNode) current;
                int index = index(segment);
                if (index < 0) {
                    throw HooksException.input("cannot set '" + path + "': '" + prefix(segments, i)
                            + "' is an array, and '" + segment + "' is not an index");
                }
                if (index > array.size()) {
                    throw HooksException.input("cannot set '" + path + "': index " + index + " is out of range for '"
                            + prefix(segments, i) + "', which has " + array.size() + " element(s)");
                }
                if (last) {
                    if (index == array.size()) {
                        array.add(value);
                    } else {
                        array.set(index, value);
                    }
                    return;
                }
                JsonNode next = index < array.size() ? array.get(index) : null;
                if (next == null || next.isNull()) {
                    next = array.objectNode();
                    if (index == array.size()) {
                        array.add(next);
                    } else {
                        array.set(index, next);
                    }
                }
                current = requireContainer(next, path, segments, i);
            }
        }
    }

    private static JsonNode requireContainer(JsonNode node, String path, List<String> segments, int i) {
        if (!node.isContainerNode()) {
            throw HooksException.input("cannot set '" + path + "': '" + prefix(segments, i + 1) + "' is "
                    + kind(node) + ", not an object or array");
        }
        return node;
    }

    /** Splits a path into its segments; {@code ""} gives none. */
    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        if (path == null || path.isEmpty()) {
            return segments;
        }
        StringBuilder segment = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length() && path.charAt(i + 1) == '.') {
                segment.append('.');
                i++;
            } else if (c == '.') {
                segments.add(checked(segment.toString(), path));
                segment.setLength(0);
            } else {
                segment.append(c);
            }
        }
        segments.add(checked(segment.toString(), path));
        return segments;
    }

    private static String checked(String segment, String path) {
        if (segment.isEmpty()) {
            throw HooksException.input("bad path '" + path + "': empty segment (two dots, or a dot at an end)");
        }
        return segment;
    }

    private static int index(String segment) {
        if (segment.length() > 9 || segment.chars().anyMatch(c -> c < '0' || c > '9')) {
            return -1;
        }
        return Integer.parseInt(segment);
    }

    private static String prefix(List<String> segments, int count) {
        List<String> escaped = new ArrayList<>();
        for (String s : segments.subList(0, count)) {
            escaped.add(s.replace(".", "\\."));
        }
        return String.join(".", escaped);
    }

    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return "null";
    }
}
