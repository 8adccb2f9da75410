package org.lmsharness.lms.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.lms.platform.InvalidSetting;
import org.lmsharness.lms.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

class DatasetGeneratorTests extends ApiTest {

    @Autowired
    DataSource dataSource;

    /** Rows of each table as generated; tests add their own rows later, so count generated ids only. */
    @Test
    void xsDatasetHasExactlyTheDocumentedCounts() {
        JdbcClient db = JdbcClient.create(dataSource);
        DatasetSize xs = DatasetSize.XS;

        assertThat(count(db, "SELECT count(*) FROM iam_users WHERE email LIKE '%@lms.test'")).isEqualTo(xs.users()).isEqualTo(106);
        assertThat(count(db, "SELECT count(*) FROM iam_users WHERE email LIKE 'student%@lms.test'")).isEqualTo(xs.students);
        assertThat(count(db, "SELECT count(*) FROM iam_users WHERE email LIKE 'instructor%@lms.test'")).isEqualTo(xs.instructors);
        assertThat(count(db, "SELECT count(*) FROM catalog_courses WHERE summary LIKE '%Course number%'")).isEqualTo(xs.courses);
        assertThat(count(db, "SELECT count(*) FROM catalog_lessons WHERE title LIKE 'Lesson % of course %'")).isEqualTo(xs.lessons());
        assertThat(count(db, "SELECT count(*) FROM enrollment_enrollments e JOIN iam_users u ON u.id = e.user_id WHERE u.email LIKE 'student%@lms.test'"))
                .isEqualTo(xs.enrolments());
        assertThat(count(db, "SELECT count(*) FROM assessment_questions WHERE prompt LIKE 'Question % of quiz %'")).isEqualTo(xs.questions());
        // Derived counts, as listed in docs/dataset.md.
        assertThat(count(db, "SELECT count(*) FROM enrollment_lesson_progress WHERE user_id <= 106")).isEqualTo(498);
        assertThat(count(db, "SELECT count(*) FROM enrollment_enrollments WHERE user_id <= 106 AND completed_at IS NOT NULL")).isEqualTo(33);
        assertThat(count(db, "SELECT count(*) FROM review_reviews WHERE user_id <= 106 AND comment LIKE 'Review of course %'")).isEqualTo(40);
        assertThat(count(db, "SELECT count(*) FROM catalog_courses WHERE summary LIKE '%Course number%' AND price_cents > 0"))
                .as("every 4th course is paid").isEqualTo(xs.courses / 4);
        assertThat(db.sql("SELECT size FROM dataset_info").query(String.class).single()).isEqualTo("XS");
    }

    @Test
    void sameSizeGivesTheSameRowsOnAnotherServer(@TempDir Path exportDir) throws Exception {
        try (EmbeddedPostgres other = EmbeddedPostgres.builder().start()) {
            DataSource otherSource = other.getPostgresDatabase();
            Flyway.configure().dataSource(otherSource).locations("classpath:db/migration").load().migrate();
            TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(otherSource));
            new DatasetGenerator(JdbcClient.create(otherSource), transaction, new BCryptPasswordEncoder(4)).generate(DatasetSize.XS, "lms-load-test");

            assertThat(fingerprint(JdbcClient.create(otherSource))).isEqualTo(fingerprint(JdbcClient.create(dataSource)));

            new DatasetExport(new JdbcTemplate(otherSource), transaction).export(exportDir, "lms-load-test");
            List<String> users = Files.readAllLines(exportDir.resolve("users.csv"));
            assertThat(users.get(0)).isEqualTo("email,password,role,userId");
            assertThat(users).hasSize(1 + 106).contains("student1@lms.test,lms-load-test,STUDENT,7");
            assertThat(Files.readAllLines(exportDir.resolve("enrollments.csv"))).hasSize(1 + 200);
            assertThat(Files.readAllLines(exportDir.resolve("courses.csv"))).hasSize(1 + 10);
            assertThat(Files.list(exportDir).map(path -> path.getFileName().toString())).doesNotContain("users.csv.partial");

            assertThatThrownBy(() -> new DatasetGenerator(JdbcClient.create(otherSource), transaction, new BCryptPasswordEncoder(4))
                    .generate(DatasetSize.XS, "lms-load-test"))
                    .hasMessageContaining("already holds 106 users");
        }
    }

    @Test
    void unknownSizeNamesTheKeyAndTheChoices() {
        assertThatThrownBy(() -> DatasetSize.parse("XXL"))
                .isInstanceOf(InvalidSetting.class)
                .hasMessage("lms.dataset.size must be one of [XS, S, M, L, XL], got 'XXL'");
    }

    /** A digest of the generated content (not of rows tests added later). */
    private static String fingerprint(JdbcClient db) {
        return db.sql("""
                        SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
                          SELECT 'u' || id || email || role FROM iam_users WHERE email LIKE '%@lms.test'
                          UNION ALL SELECT 'c' || id || title || category || price_cents || instructor_id FROM catalog_courses WHERE summary LIKE '%Course number%'
                          UNION ALL SELECT 'e' || user_id || ':' || course_id || enrolled_at FROM enrollment_enrollments WHERE user_id <= 106
                          UNION ALL SELECT 'p' || user_id || ':' || lesson_id || completed FROM enrollment_lesson_progress WHERE user_id <= 106
                          UNION ALL SELECT 'q' || quiz_id || ':' || position || correct_option FROM assessment_questions WHERE quiz_id <= 10
                          UNION ALL SELECT 'r' || course_id || ':' || user_id || rating FROM review_reviews WHERE user_id <= 106
                        ) t(x)""")
                .query(String.class).single();
    }

    private static long count(JdbcClient db, String sql) {
        return db.sql(sql).query(Long.class).single();
    }
}
