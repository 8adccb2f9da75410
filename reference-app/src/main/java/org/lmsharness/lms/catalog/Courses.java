package org.lmsharness.lms.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code catalog_courses} and {@code catalog_lessons} tables. */
@Repository
class Courses {

    private static final String COURSE_COLUMNS = "id, title, summary, category, instructor_id, price_cents, currency";

    private final JdbcClient db;

    Courses(JdbcClient db) {
        this.db = db;
    }

    /**
     * One page of courses, optionally in one category and matching a web-search style query
     * (PostgreSQL full text; best matches first, else newest first).
     */
    Catalog.CoursePage page(String category, String query, int page, int size) {
        boolean searching = query != null && !query.isBlank();
        String where = " WHERE (CAST(:category AS text) IS NULL OR category = :category)"
                + (searching ? " AND search @@ websearch_to_tsquery('english', :query)" : "");
        String order = searching ? " ORDER BY ts_rank(search, websearch_to_tsquery('english', :query)) DESC, id" : " ORDER BY id DESC";
        List<Catalog.CourseSummary> items = db.sql("SELECT " + COURSE_COLUMNS + " FROM catalog_courses" + where + order + " LIMIT :size OFFSET :offset")
                .param("category", category).param("query", query).param("size", size).param("offset", (long) page * size)
                .query(Courses::summary).list();
        long total = db.sql("SELECT count(*) FROM catalog_courses" + where)
                .param("category", category).param("query", query).query(Long.class).single();
        return new Catalog.CoursePage(items, page, size, total);
    }

    Optional<Catalog.CourseDetail> detail(long id) {
        return db.sql("SELECT " + COURSE_COLUMNS + " FROM catalog_courses WHERE id = :id").param("id", id)
                .query(Courses::summary).optional()
                .map(course -> new Catalog.CourseDetail(course, lessons(id)));
    }

    private List<Catalog.Lesson> lessons(long courseId) {
        return db.sql("SELECT id, position, title, body, duration_seconds FROM catalog_lessons WHERE course_id = :id ORDER BY position")
                .param("id", courseId)
                .query((row, n) -> new Catalog.Lesson(row.getLong("id"), row.getInt("position"), row.getString("title"),
                        row.getString("body"), row.getInt("duration_seconds")))
                .list();
    }

    long create(long instructorId, Catalog.CourseDraft draft) {
        return db.sql("""
                        INSERT INTO catalog_courses (title, summary, category, instructor_id, price_cents, currency)
                        VALUES (:title, :summary, :category, :instructor, :price, :currency) RETURNING id""")
                .param("title", draft.title()).param("summary", draft.summary()).param("category", draft.category())
                .param("instructor", instructorId).param("price", draft.priceCents()).param("currency", draft.currency())
                .query(Long.class).single();
    }

    boolean update(long id, Catalog.CourseDraft draft) {
        return db.sql("""
                        UPDATE catalog_courses SET title = :title, summary = :summary, category = :category,
                               price_cents = :price, currency = :currency, updated_at = now()
                        WHERE id = :id""")
                .param("title", draft.title()).param("summary", draft.summary()).param("category", draft.category())
                .param("price", draft.priceCents()).param("currency", draft.currency()).param("id", id)
                .update() == 1;
    }

    /** Appends a lesson at the next position; the course row lock keeps concurrent appends in order. */
    long addLesson(long courseId, Catalog.LessonDraft draft) {
        db.sql("SELECT id FROM catalog_courses WHERE id = :id FOR UPDATE").param("id", courseId).query(Long.class).single();
        return db.sql("""
                        INSERT INTO catalog_lessons (course_id, position, title, body, duration_seconds)
                        VALUES (:course, (SELECT coalesce(max(position), 0) + 1 FROM catalog_lessons WHERE course_id = :course),
                                :title, :body, :duration)
                        RETURNING id""")
                .param("course", courseId).param("title", draft.title()).param("body", draft.body())
                .param("duration", draft.durationSeconds())
                .query(Long.class).single();
    }

    private static Catalog.CourseSummary summary(ResultSet row, int n) throws SQLException {
        return new Catalog.CourseSummary(row.getLong("id"), row.getString("title"), row.getString("summary"), row.getString("category"),
                row.getLong("instructor_id"), row.getLong("price_cents"), row.getString("currency"));
    }
}
