package org.lmsharness.lms.platform;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/** Applies {@code DATABASE_URL} (or {@code lms.database-url}) unless spring.datasource.url is set explicitly. */
class DatabaseUrlEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
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
