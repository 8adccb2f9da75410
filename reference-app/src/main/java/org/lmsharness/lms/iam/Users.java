package org.lmsharness.lms.iam;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code iam_users} table. */
@Repository
public class Users {

    public record User(long id, String email, String displayName, String passwordHash, Role role, Instant createdAt) {}

    private final JdbcClient db;

    Users(JdbcClient db) {
        this.db = db;
    }

    /** Empty when the e-mail is taken (case-insensitively). */
    Optional<User> create(String email, String displayName, String passwordHash, Role role) {
        return db.sql("""
                        INSERT INTO iam_users (email, display_name, password_hash, role)
                        VALUES (:email, :name, :hash, :role)
                        ON CONFLICT ((lower(email))) DO NOTHING
                        RETURNING id, email, display_name, password_hash, role, created_at""")
                .param("email", email).param("name", displayName).param("hash", passwordHash).param("role", role.name())
                .query(Users::user).optional();
    }

    Optional<User> byEmail(String email) {
        return db.sql("SELECT id, email, display_name, password_hash, role, created_at FROM iam_users WHERE lower(email) = lower(:email)")
                .param("email", email).query(Users::user).optional();
    }

    public Optional<User> byId(long id) {
        return db.sql("SELECT id, email, display_name, password_hash, role, created_at FROM iam_users WHERE id = :id")
                .param("id", id).query(Users::user).optional();
    }

    List<User> page(int page, int size) {
        return db.sql("SELECT id, email, display_name, password_hash, role, created_at FROM iam_users ORDER BY id LIMIT :size OFFSET :offset")
                .param("size", size).param("offset", (long) page * size).query(Users::user).list();
    }

    long count() {
        return db.sql("SELECT count(*) FROM iam_users").query(Long.class).single();
    }

    boolean changeRole(long id, Role role) {
        return db.sql("UPDATE iam_users SET role = :role WHERE id = :id").param("role", role.name()).param("id", id).update() == 1;
    }

    /**
     * Counts a failed login in a window of {@code windowSeconds}, shared by every replica through the
     * database; returns the failures in the current window.
     */
    int recordFailedLogin(long id, int windowSeconds) {
        return db.sql("""
                        UPDATE iam_users SET
                          failed_logins = CASE WHEN failed_window_start > now() - make_interval(secs => :window) THEN failed_logins + 1 ELSE 1 END,
                          failed_window_start = CASE WHEN failed_window_start > now() - make_interval(secs => :window) THEN failed_window_start ELSE now() END
                        WHERE id = :id
                        RETURNING failed_logins""")
                .param("window", windowSeconds).param("id", id).query(Integer.class).single();
    }

    /** Seconds until the throttle window of this user ends, 0 when logins are allowed. */
    long throttledForSeconds(long id, int maxFailures, int windowSeconds) {
        return db.sql("""
                        SELECT CASE WHEN failed_logins >= :max AND failed_window_start > now() - make_interval(secs => :window)
                                    THEN ceil(extract(epoch FROM failed_window_start + make_interval(secs => :window) - now()))::bigint
                                    ELSE 0 END
                        FROM iam_users WHERE id = :id""")
                .param("max", maxFailures).param("window", windowSeconds).param("id", id).query(Long.class).single();
    }

    void clearFailedLogins(long id) {
        db.sql("UPDATE iam_users SET failed_logins = 0, failed_window_start = NULL WHERE id = :id AND failed_logins > 0").param("id", id).update();
    }

    private static User user(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        return new User(row.getLong("id"), row.getString("email"), row.getString("display_name"), row.getString("password_hash"),
                Role.valueOf(row.getString("role")), row.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
