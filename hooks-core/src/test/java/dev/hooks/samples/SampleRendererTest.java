package dev.hooks.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hooks.HooksException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleRendererTest {
    private static final Instant NOW = Instant.parse("2026-03-05T14:07:09.123456Z");
    private final SampleRenderer renderer = new SampleRenderer(Clock.fixed(NOW, ZoneOffset.UTC), new Random(42));

    private static ObjectNode tree(String json) {
        return (ObjectNode) JsonBody.parse(json.replace('\'', '"').getBytes(UTF_8), "test");
    }

    private ObjectNode render(String json) {
        return renderer.render(tree(json));
    }

    @Test
    void timePlaceholders() {
        ObjectNode out = render("{'iso':'{{now:iso}}','rfc':'{{now:rfc3339}}','unix':'{{now:unix}}',"
                + "'ms':'{{now:unix-ms}}','today':'{{today}}','before':'{{date:-14}}','after':'{{date:+30}}'}");

        assertThat(out).isEqualTo(tree("{'iso':'2026-03-05T14:07:09.123Z','rfc':'2026-03-05T14:07:09Z',"
                + "'unix':1772719629,'ms':1772719629123,'today':'2026-03-05','before':'2026-02-19','after':'2026-04-04'}"));
        assertThat(out.get("unix").isIntegralNumber()).isTrue();
    }

    @Test
    void randomPlaceholdersHaveTheirFormats() {
        ObjectNode out = render("{'u':'{{uuid}}','n':'{{uuid:n}}','evt':'{{id:evt_}}','a':'{{alnum:10}}',"
                + "'up':'{{upper:9}}','h':'{{hex:40}}','d':'{{digits:11}}','i':'{{int:1000:1002}}',"
                + "'big':'{{int:5000000000000:5999999999999}}','neg':'{{int:-3:-3}}'}");

        assertThat(out.get("u").textValue()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(out.get("n").textValue()).matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}");
        assertThat(out.get("evt").textValue()).matches("evt_[A-Za-z0-9]{24}");
        assertThat(out.get("a").textValue()).matches("[A-Za-z0-9]{10}");
        assertThat(out.get("up").textValue()).matches("[A-Z0-9]{9}");
        assertThat(out.get("h").textValue()).matches("[0-9a-f]{40}");
        assertThat(out.get("d").textValue()).matches("[1-9][0-9]{10}");
        assertThat(out.get("i").isIntegralNumber()).isTrue();
        assertThat(out.get("i").longValue()).isBetween(1000L, 1002L);
        assertThat(out.get("big").longValue()).isBetween(5000000000000L, 5999999999999L);
        assertThat(out.get("neg").longValue()).isEqualTo(-3L);
    }

    @Test
    void placeholdersInsideLongerStringsBecomeText() {
        ObjectNode out = render("{'s':'pay run {{int:1000:1000}} on {{today}}','ts':'{{now:unix}}.{{digits:6}}'}");

        assertThat(out.get("s").textValue()).isEqualTo("pay run 1000 on 2026-03-05");
        assertThat(out.get("ts").textValue()).matches("1772719629\\.[1-9][0-9]{5}");
    }

    @Test
    void keyedPlaceholdersRepeatTheirValueWithinOneRender() {
        ObjectNode out = render("{'number':'{{int:100:999#pr}}','pull_request':{'number':'{{int:100:999#pr}}',"
                + "'url':'https://github.com/o/r/pull/{{int:100:999#pr}}'},'other':'{{uuid#x}}','same':['{{uuid#x}}']}");

        long pr = out.get("number").longValue();
        assertThat(out.at("/pull_request/number").longValue()).isEqualTo(pr);
        assertThat(out.at("/pull_request/url").textValue()).endsWith("/pull/" + pr);
        assertThat((Object) out.at("/same/0")).isEqualTo(out.get("other"));
    }

    @Test
    void renderingDoesNotChangeTheTemplateAndKeepsOtherValues() {
        ObjectNode template = tree("{'id':'{{uuid}}','n':4250.00,'b':false,'z':null,'a':[1,'x'],'o':{}}");
        ObjectNode copy = template.deepCopy();

        ObjectNode out = renderer.render(template);

        assertThat(template).isEqualTo(copy);
        assertThat((JsonNode) out.without("id")).isEqualTo(tree("{'n':4250.00,'b':false,'z':null,'a':[1,'x'],'o':{}}"));
    }

    @Test
    void twoRendersDiffer() {
        SampleRenderer fresh = new SampleRenderer();
        ObjectNode template = tree("{'id':'{{uuid}}','evt':'{{id:evt_}}'}");

        assertThat(fresh.render(template)).isNotEqualTo(fresh.render(template));
    }

    @Test
    void badPlaceholdersAreErrorsNamingTheField() {
        assertThatThrownBy(() -> render("{'data':{'x':'{{nope}}'}}"))
                .isInstanceOf(HooksException.class).hasMessageStartingWith("at 'data.x': {{nope}} is not a known placeholder");
        assertThatThrownBy(() -> render("{'a':['{{int:9:1}}']}")).hasMessageStartingWith("at 'a.0': {{int:9:1}}");
        assertThatThrownBy(() -> render("{'a':'{{hex:0}}'}")).hasMessageContaining("length");
        assertThatThrownBy(() -> render("{'a':'x {{uuid} y'}")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> render("{'a':'{{now:week}}'}")).isInstanceOf(HooksException.class);
    }

    @Test
    void setParsesJsonValuesAndFallsBackToPlainText() {
        ObjectNode t = tree("{'data':{'status':'OPEN','list':[{'v':1}]}}");

        SampleRenderer.setAll(t, List.of(
                "data.status=CLOSED",
                "data.count=3",
                "data.rate=38.50",
                "data.ok=true",
                "data.gone=null",
                "data.quoted=\"3\"",
                "data.obj={\"a\":[1,2]}",
                "data.arr=[1,\"two\"]",
                "data.list.0.v=2",
                "data.list.1={\"v\":3}",
                "data.words=hello world",
                "data.eq=a=b",
                "data.empty=",
                "data.lead=0012",
                "new.nested.field=x"));

        assertThat(t).isEqualTo(tree("{'data':{'status':'CLOSED','list':[{'v':2},{'v':3}],'count':3,'rate':38.50,"
                + "'ok':true,'gone':null,'quoted':'3','obj':{'a':[1,2]},'arr':[1,'two'],'words':'hello world',"
                + "'eq':'a=b','empty':'','lead':'0012'},'new':{'nested':{'field':'x'}}}"));
    }

    @Test
    void setRejectsBadAssignmentsNamingThePath() {
        ObjectNode t = tree("{'data':{'status':'OPEN','list':[]}}");

        assertThatThrownBy(() -> SampleRenderer.set(t, "data.status")).isInstanceOf(HooksException.class)
                .hasMessageContaining("no '='");
        assertThatThrownBy(() -> SampleRenderer.set(t, "data.status.x=1")).hasMessageContaining("'data.status.x'");
        assertThatThrownBy(() -> SampleRenderer.set(t, "data.list.x=1")).hasMessageContaining("'data.list.x'");
        assertThatThrownBy(() -> SampleRenderer.set(t, "data.list.3=1")).hasMessageContaining("'data.list.3'");
        assertThatThrownBy(() -> SampleRenderer.set(t, "=1")).isInstanceOf(HooksException.class);
    }

    @Test
    void replaceDataSwapsTheDataPart() {
        ObjectNode t = tree("{'id':'1','data':{'old':true}}");
        JsonNode data = tree("{'employee_id':'emp_1'}");

        SampleRenderer.replaceData(t, "data", data);

        assertThat(t).isEqualTo(tree("{'id':'1','data':{'employee_id':'emp_1'}}"));
    }

    @Test
    void replaceDataInsideAnArrayAndAtTheRoot() {
        ObjectNode workItem = tree("{'Id':'x','Notifications':[{'Action':'A'}]}");
        SampleRenderer.replaceData(workItem, "Notifications.0", tree("{'Action':'B','EmployeeId':1}"));
        assertThat(workItem).isEqualTo(tree("{'Id':'x','Notifications':[{'Action':'B','EmployeeId':1}]}"));

        ObjectNode whole = tree("{'id':'x','type':'a'}");
        SampleRenderer.replaceData(whole, "", tree("{'id':'y'}"));
        assertThat(whole).isEqualTo(tree("{'id':'y'}"));
    }

    @Test
    void replaceDataWithoutADataPartIsAnInputError() {
        ObjectNode t = tree("{'id':'x'}");

        assertThatThrownBy(() -> SampleRenderer.replaceData(t, null, tree("{}")))
                .isInstanceOf(HooksException.class).hasMessageContaining("no data part");
    }

    @Test
    void compiledStringsRenderAsTheTreeDoes() {
        List<String> texts = List.of("{{uuid}}", "{{int:1:9#k}}", "n {{int:1:9#k}} of {{alnum:5}}", "{{now:iso}}",
                "{{now:rfc3339}}", "{{now:unix}}", "{{id:evt_}}", "{{date:+1}}", "{{uuid:n}}", "{{digits:4}}");
        ObjectNode template = tree("{}");
        for (int i = 0; i < texts.size(); i++) {
            template.put(Integer.toString(i), texts.get(i));
        }
        ObjectNode whole = new SampleRenderer(Clock.fixed(NOW, ZoneOffset.UTC), new Random(7)).render(template);
        Object[] compiled = new SampleRenderer(Clock.fixed(NOW, ZoneOffset.UTC), new Random(7)).compile(texts).render();

        for (int i = 0; i < texts.size(); i++) {
            JsonNode expected = whole.get(Integer.toString(i));
            if (expected.isIntegralNumber()) {
                assertThat(compiled[i]).as(texts.get(i)).isEqualTo(expected.longValue());
            } else {
                assertThat(compiled[i]).as(texts.get(i)).isEqualTo(expected.textValue());
            }
        }
        assertThat(compiled[3]).isEqualTo("2026-03-05T14:07:09.123Z");
        assertThat(compiled[2]).isEqualTo("n " + compiled[1] + " of " + compiled[2].toString().substring(7));
    }

    @Test
    void compiledTimesMatchTheFormatterAcrossYears() {
        for (String t : List.of("0001-01-01T00:00:00.007Z", "1999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.000Z",
                "+10000-01-01T00:00:00.000Z", "-0001-06-30T12:00:00.500Z")) {
            Instant at = Instant.parse(t);
            SampleRenderer r = new SampleRenderer(Clock.fixed(at, ZoneOffset.UTC), new Random(1));
            ObjectNode whole = r.render(tree("{'a':'{{now:iso}}','b':'{{now:rfc3339}}'}"));
            assertThat(r.compile(List.of("{{now:iso}}", "{{now:rfc3339}}")).render())
                    .containsExactly(whole.get("a").textValue(), whole.get("b").textValue());
        }
    }

    @Test
    void compilingABadPlaceholderFailsAsRenderingDoes() {
        assertThatThrownBy(() -> renderer.compile(List.of("ok", "{{nope}}"))).isInstanceOf(HooksException.class)
                .hasMessageContaining("{{nope}} is not a known placeholder");
        assertThatThrownBy(() -> renderer.compile(List.of("{{uuid}} {{"))).isInstanceOf(HooksException.class)
                .hasMessageContaining("unclosed or nested");
    }
}
