package org.lmsharness.lms.review;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code review_*} tables. */
@Repository
class Reviews {

    record Review(long id, long courseId, long userId, int rating, String comment, Instant createdAt) {}

    /** The aggregate as last refreshed; {@code refreshedAt} says how fresh it is. */
    record Rating(long courseId, int reviewCount, BigDecimal averageRating, Instant refreshedAt) {}

    private final JdbcClient db;

    Reviews(JdbcClient db) {
        this.db = db;
    }

    /** Empty when this learner already reviewed the course. */
    Optional<Review> insert(long courseId, long userId, int rating, String comment) {
        return db.sql("""
                        INSERT INTO review_reviews (course_id, user_id, rating, comment) VALUES (:course, :user, :rating, :comment)
                        ON CONFLICT (course_id, user_id) DO NOTHING
                        RETURNING id, course_id, user_id, rating, comment, created_at""")
                .param("course", courseId).param("user", userId).param("rating", rating).param("comment", comment)
                .query(Reviews::review).optional();
    }

    List<Review> page(long courseId, int page, int size) {
        return db.sql("SELECT id, course_id, user_id, rating, comment, created_at FROM review_reviews WHERE course_id = :course ORDER BY id DESC LIMIT :size OFFSET :offset")
                .param("course", courseId).param("size", size).param("offset", (long) page * size).query(Reviews::review).list();
    }

    Optional<Rating> rating(long courseId) {
        return db.sql("SELECT course_id, review_count, average_rating, refreshed_at FROM review_course_ratings WHERE course_id = :course")
                .param("course", courseId)
                .query((row, n) -> new Rating(row.getLong("course_id"), row.getInt("review_count"), row.getBigDecimal("average_rating"),
                        row.getObject("refreshed_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** Recomputes the aggregate from the reviews; safe to run any number of times. */
    void refreshRating(long courseId) {
        db.sql("""
                        INSERT INTO review_course_ratings (course_id, review_count, average_rating, refreshed_at)
                        SELECT :course, count(*), coalesce(round(avg(rating), 2), 0), now() FROM review_reviews WHERE course_id = :course
                        ON CONFLICT (course_id) DO UPDATE
                          SET review_count = EXCLUDED.review_count, average_rating = EXCLUDED.average_rating, refreshed_at = now()""")
                .param("course", courseId).update();
    }

    private static Review review(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        return new Review(row.getLong("id"), row.getLong("course_id"), row.getLong("user_id"), row.getInt("rating"),
                row.getString("comment"), row.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
