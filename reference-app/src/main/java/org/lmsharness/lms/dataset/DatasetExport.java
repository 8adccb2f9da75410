package org.lmsharness.lms.dataset;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;
import tools.jackson.databind.SequenceWriter;

/**
 * Writes the feeder files load tests read, each with a header line:
 * <ul>
 *   <li>{@code users.csv}: email, password, role, userId: every generated account</li>
 *   <li>{@code courses.csv}: courseId, category, priceCents, currency, quizId, firstLessonId, lessonCount</li>
 *   <li>{@code enrollments.csv}: email, courseId, firstLessonId: who is enrolled where</li>
 * </ul>
 * Each file is written beside its final name and moved into place, so a reader never sees half a file.
 */
public class DatasetExport {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CsvMapper csv = new CsvMapper();

    public DatasetExport(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(10_000);
        this.transaction = transaction;
    }

    public void export(Path directory, String password) throws IOException {
        Files.createDirectories(directory);
        write(directory.resolve("users.csv"), List.of("email", "password", "role", "userId"),
                "SELECT email, role, id FROM iam_users ORDER BY id",
                row -> List.of(row.getString(1), password, row.getString(2), row.getLong(3)));
        write(directory.resolve("courses.csv"), List.of("courseId", "category", "priceCents", "currency", "quizId", "firstLessonId", "lessonCount"),
                """
                SELECT c.id, c.category, c.price_cents, c.currency,
                       (SELECT min(q.id) FROM assessment_quizzes q WHERE q.course_id = c.id),
                       (SELECT min(l.id) FROM catalog_lessons l WHERE l.course_id = c.id),
                       (SELECT count(*) FROM catalog_lessons l WHERE l.course_id = c.id)
                FROM catalog_courses c ORDER BY c.id""",
                row -> List.of(row.getLong(1), row.getString(2), row.getLong(3), row.getString(4),
                        nullable(row.getObject(5)), nullable(row.getObject(6)), row.getLong(7)));
        write(directory.resolve("enrollments.csv"), List.of("email", "courseId", "firstLessonId"),
                """
                SELECT u.email, e.course_id, (SELECT min(l.id) FROM catalog_lessons l WHERE l.course_id = e.course_id)
                FROM enrollment_enrollments e JOIN iam_users u ON u.id = e.user_id ORDER BY e.id""",
                row -> List.of(row.getString(1), row.getLong(2), nullable(row.getObject(3))));
    }

    interface Row {
        List<Object> read(java.sql.ResultSet row) throws java.sql.SQLException;
    }

    private void write(Path target, List<String> header, String sql, Row row) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        CsvSchema.Builder schema = CsvSchema.builder();
        header.forEach(schema::addColumn);
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
             SequenceWriter lines = csv.writerFor(List.class).with(schema.build().withHeader()).writeValues(out)) {
            // A cursor (fetch size inside a transaction) keeps XL's million rows out of memory.
            transaction.executeWithoutResult(status -> jdbc.query(sql, (RowCallbackHandler) rs -> lines.write(row.read(rs))));
        } catch (RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Object nullable(Object value) {
        return value == null ? "" : value;
    }
}
