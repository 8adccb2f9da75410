package org.lmsharness.lms.platform;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Applies {@code DATABASE_URL} (or {@code lms.database-url}) unless spring.datasource.url is set
 * explicitly. Runs before any bean exists, so a malformed URL fails in a second, and after logging
 * is configured, so the failure is reported in one line rather than logged.
 */
class DatabaseUrlSetting implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        String databaseUrl = environment.getProperty("lms.database-url", environment.getProperty("DATABASE_URL", ""));
        if (!StringUtils.hasText(databaseUrl) || StringUtils.hasText(environment.getProperty("spring.datasource.url"))) return;
        try {
            environment.getPropertySources().addLast(new MapPropertySource("databaseUrl", DatabaseUrl.toDataSourceProperties(databaseUrl)));
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("DATABASE_URL", databaseUrl.replaceAll("//[^@/]*@", "//***@"),
                    "postgres://user:password@host:port/database or jdbc:postgresql://host:port/database");
        }
    }
}
