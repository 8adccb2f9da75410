package org.lmsharness.reports.html;

import com.samskivert.mustache.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * What every HTML page of the harness shares (the capacity report, the chaos report): a Mustache
 * template from the classpath with its partials, and the ECharts bundle from its WebJar inlined, so
 * the page opens offline from file://. The view's {@code echarts} is set here.
 */
public final class Page {

    private static final String ECHARTS_VERSION = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
    private static final String ECHARTS = "META-INF/resources/webjars/echarts/%s/dist/echarts.min.js";

    private Page() {}

    /** Renders {@code <templates><template>.mustache}; partials ({@code {{> name}}}) come from the same folder. */
    public static String render(String templates, String template, Map<String, Object> view) {
        view.put("echarts", script(echarts()));
        return Mustache.compiler().nullValue("").zeroIsFalse(true)
                .withLoader(partial -> new StringReader(resource(templates + partial + ".mustache")))
                .compile(resource(templates + template + ".mustache")).execute(view);
    }

    /**
     * JSON made safe inside a script element: it can hold '&lt;' only in strings, where \u003c means
     * the same, so nothing in it can end the element.
     */
    public static String json(String json) {
        return json.replace("<", "\\u003c");
    }

    /** Script text made safe inside a script element: only "&lt;/script" or "&lt;!--" could end or confuse it. */
    static String script(String script) {
        return script.replace("</script", "<\\/script").replace("<!--", "<\\!--");
    }

    private static String echarts() {
        Properties webjar = new Properties();
        try (InputStream in = Page.class.getClassLoader().getResourceAsStream(ECHARTS_VERSION)) {
            if (in == null) throw new IllegalStateException("the ECharts WebJar is not on the classpath (" + ECHARTS_VERSION + ")");
            webjar.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource(String.format(ECHARTS, webjar.getProperty("version")));
    }

    private static String resource(String name) {
        try (InputStream in = Page.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
