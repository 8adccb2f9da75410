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
     * The failed logins from {@code client} in the last {@code windowSeconds}: for this e-mail, for any, and the seconds until
     * the oldest of each leaves the window. Shared by every replica through the database.
     */
    record LoginFailures(long forEmail, long forClient, long emailWaitSeconds, long clientWaitSeconds) {}

    LoginFailures loginFailures(String client, String email, int windowSeconds) {
        return db.sql("""
                        SELECT count(*) FILTER (WHERE email = lower(:email)),
                               count(*),
                               coalesce(ceil(extract(epoch FROM min(failed_at) FILTER (WHERE email = lower(:email))
                                                                + make_interval(secs => :window) - now())), 0)::bigint,
                               coalesce(ceil(extract(epoch FROM min(failed_at) + make_interval(secs => :window) - now())), 0)::bigint
                        FROM iam_login_failures WHERE client = :client AND failed_at > now() - make_interval(secs => :window)""")
                .param("client", client).param("email", email).param("window", windowSeconds)
                .query((row, n) -> new LoginFailures(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4))).single();
    }

    void recordLoginFailure(String client, String email, int windowSeconds) {
        db.sql("INSERT INTO iam_login_failures (client, email) VALUES (:client, lower(:email))").param("client", client).param("email", email).update();
        db.sql("DELETE FROM iam_login_failures WHERE failed_at < now() - make_interval(secs => :window)").param("window", windowSeconds).update();
    }

    void clearLoginFailures(String client, String email) {
        db.sql("DELETE FROM iam_login_failures WHERE client = :client AND email = lower(:email)").param("client", client).param("email", email).update();
    }

    private static User user(java.sql.ResultSet row, int n) throws java.sql.SQLException {
        return new User(row.getLong("id"), row.getString("email"), row.getString("display_name"), row.getString("password_hash"),
                Role.valueOf(row.getString("role")), row.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
