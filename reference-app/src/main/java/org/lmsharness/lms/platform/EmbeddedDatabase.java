package org.lmsharness.lms.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The embedded default: with no {@code spring.datasource.url} (nor {@code DATABASE_URL}), the app
 * starts a real PostgreSQL server of its own (binaries from Maven Central), so it runs on a machine
 * that has nothing but a JDK. Commits are synchronous: an acknowledged write survives a crash.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabase.NoDatabaseConfigured.class)
class EmbeddedDatabase {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    static class NoDatabaseConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(@Value("${lms.embedded-database.data-dir:}") String dataDir,
                                      @Value("${lms.embedded-database.port:0}") int port) throws IOException {
        // No shutdown hook of its own: Spring stops the server after the web server has drained, so
        // requests still in flight at SIGTERM can commit.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200");
        if (port > 0) builder.setPort(port);
        if (StringUtils.hasText(dataDir)) {
            builder.setDataDirectory(Path.of(dataDir)).setCleanDataDirectory(false);
        }
        EmbeddedPostgres postgres = builder.start();
        log.info("embedded PostgreSQL started on port {}{}", postgres.getPort(),
                StringUtils.hasText(dataDir) ? " with data in " + dataDir : " (temporary data, removed on exit)");
        return postgres;
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .driverClassName("org.postgresql.Driver")
                .url(postgres.getJdbcUrl("postgres", "postgres"))
                .username("postgres")
                .password("")
                .build();
    }

}
