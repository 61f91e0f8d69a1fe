package com.example.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The test classpath holds one Jetty: the version Spring Boot manages, for the receiver's ee10 artifacts too (the
 * pom imports jetty-ee10-bom at Boot's jetty.version; Boot 4 manages only Jetty's core and ee11 artifacts).
 */
class JettyVersionsTest {
    private static final Pattern JETTY_JAR = Pattern.compile("/org/eclipse/jetty/(?:.*/)?([^/]+)/([^/]+)/\\1-\\2\\.jar!");

    @Test
    void everyJettyJarIsOneVersion() throws Exception {
        Map<String, TreeSet<String>> byVersion = new TreeMap<>();
        for (URL manifest : Collections.list(getClass().getClassLoader().getResources("META-INF/MANIFEST.MF"))) {
            Matcher m = JETTY_JAR.matcher(manifest.toString());
            if (m.find()) {
                byVersion.computeIfAbsent(m.group(2), v -> new TreeSet<>()).add(m.group(1));
            }
        }
        assertThat(byVersion).as("Jetty artifacts by version").isNotEmpty().hasSize(1);
    }
}
