package org.lmsharness.lms.platform;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code DATABASE_URL} in either form a platform hands out, {@code postgres://user:pass@host:5432/db?x=y}
 * or {@code jdbc:postgresql://host:5432/db}, into Spring's {@code spring.datasource.*} properties.
 */
public final class DatabaseUrl {

    private DatabaseUrl() {}

    public static Map<String, Object> toDataSourceProperties(String databaseUrl) {
        Map<String, Object> properties = new LinkedHashMap<>();
        String url = databaseUrl.trim();
        if (url.startsWith("jdbc:postgresql:")) {
            properties.put("spring.datasource.url", url);
            return properties;
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new IllegalArgumentException("DATABASE_URL must start with postgres://, postgresql:// or jdbc:postgresql:, got '"
                    + url.replaceAll("//[^@/]*@", "//***@") + "'");
        }
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("DATABASE_URL must name a host and a database, as in postgres://user:password@host:5432/lms");
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
        if (uri.getRawQuery() != null) jdbc += "?" + uri.getRawQuery();
        properties.put("spring.datasource.url", jdbc);
        if (uri.getRawUserInfo() != null) {
            String[] userInfo = uri.getRawUserInfo().split(":", 2);
            properties.put("spring.datasource.username", URLDecoder.decode(userInfo[0], StandardCharsets.UTF_8));
            if (userInfo.length == 2) properties.put("spring.datasource.password", URLDecoder.decode(userInfo[1], StandardCharsets.UTF_8));
        }
        return properties;
    }
}
