package dev.hooks.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hooks.HooksException;
import org.junit.jupiter.api.Test;

class DottedPathTest {

    private static JsonNode tree(String json) {
        return JsonBody.parse(json.replace('\'', '"').getBytes(UTF_8), "test");
    }

    private final JsonNode envelope = tree(
            "{'Id':'abc','Attempt':2,'Notifications':[{'Action':'EmployeeCreated','Hours':38.0}],"
                    + "'data':{'n':null,'ok':true,'obj':{},'a.b':'dotted'}}");

    @Test
    void textReadsScalarsAsWritten() {
        assertThat(DottedPath.text(envelope, "Id")).contains("abc");
        assertThat(DottedPath.text(envelope, "Attempt")).contains("2");
        assertThat(DottedPath.text(envelope, "Notifications.0.Action")).contains("EmployeeCreated");
        assertThat(DottedPath.text(envelope, "Notifications.0.Hours")).contains("38.0");
        assertThat(DottedPath.text(envelope, "data.ok")).contains("true");
        assertThat(DottedPath.text(envelope, "data.a\\.b")).contains("dotted");
    }

    @Test
    void textIsEmptyForMissingNullAndContainers() {
        assertThat(DottedPath.text(envelope, "nope")).isEmpty();
        assertThat(DottedPath.text(envelope, "Notifications.1.Action")).isEmpty();
        assertThat(DottedPath.text(envelope, "Notifications.x")).isEmpty();
        assertThat(DottedPath.text(envelope, "Id.deeper")).isEmpty();
        assertThat(DottedPath.text(envelope, "data.n")).isEmpty();
        assertThat(DottedPath.text(envelope, "data.obj")).isEmpty();
        assertThat(DottedPath.text(envelope, "Notifications")).isEmpty();
    }

    @Test
    void emptyPathIsTheRoot() {
        assertThat(DottedPath.get(envelope, "")).contains(envelope);
    }

    @Test
    void setReplacesAppendsAndCreates() {
        JsonNode t = envelope.deepCopy();

        DottedPath.set(t, "Notifications.0.Action", TextNode.valueOf("EmployeeUpdated"));
        DottedPath.set(t, "Notifications.1", tree("{'Action':'PayRunFinalised'}"));
        DottedPath.set(t, "data.n.x", IntNode.valueOf(1));
        DottedPath.set(t, "fresh.deep.er", IntNode.valueOf(2));

        assertThat(DottedPath.text(t, "Notifications.0.Action")).contains("EmployeeUpdated");
        assertThat(DottedPath.text(t, "Notifications.1.Action")).contains("PayRunFinalised");
        assertThat(t.get("data").get("n")).isEqualTo(tree("{'x':1}"));
        assertThat(t.get("fresh")).isEqualTo(tree("{'deep':{'er':2}}"));
    }

    @Test
    void badPathsNameThePath() {
        JsonNode t = envelope.deepCopy();

        assertThatThrownBy(() -> DottedPath.set(t, "Id.x", IntNode.valueOf(1)))
                .isInstanceOf(HooksException.class)
                .hasMessage("cannot set 'Id.x': 'Id' is a string, not an object or array");
        assertThatThrownBy(() -> DottedPath.set(t, "Notifications.first.Action", IntNode.valueOf(1)))
                .hasMessage("cannot set 'Notifications.first.Action': 'Notifications' is an array, and 'first' is not an index");
        assertThatThrownBy(() -> DottedPath.set(t, "Notifications.5", IntNode.valueOf(1)))
                .hasMessageContaining("'Notifications.5'").hasMessageContaining("out of range");
        assertThatThrownBy(() -> DottedPath.set(t, "data..x", IntNode.valueOf(1)))
                .hasMessageContaining("'data..x'").hasMessageContaining("empty segment");
        assertThatThrownBy(() -> DottedPath.set(t, "", IntNode.valueOf(1)))
                .isInstanceOf(HooksException.class);
        assertThat(((HooksException) org.assertj.core.api.Assertions.catchThrowable(
                () -> DottedPath.set(t, "Id.x", IntNode.valueOf(1)))).exitCode()).isEqualTo(HooksException.USAGE);
    }
}
