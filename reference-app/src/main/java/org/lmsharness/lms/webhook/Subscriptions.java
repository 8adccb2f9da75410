package org.lmsharness.lms.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhook_subscriptions} table. */
@Repository
class Subscriptions {

    record Subscription(long id, long ownerId, String url, List<String> events, String secret, Instant createdAt) {}

    private final JdbcClient db;

    Subscriptions(JdbcClient db) {
        this.db = db;
    }

    Subscription create(long ownerId, String url, List<String> events, String secret) {
        return db.sql("""
                        INSERT INTO webhook_subscriptions (owner_id, url, events, secret)
                        VALUES (:owner, :url, string_to_array(:events, ','), :secret)
                        RETURNING id, owner_id, url, events, secret, created_at""")
                .param("owner", ownerId).param("url", url).param("events", String.join(",", events)).param("secret", secret)
                .query(Subscriptions::subscription).single();
    }

    List<Subscription> forEvent(String event) {
        return db.sql("SELECT id, owner_id, url, events, secret, created_at FROM webhook_subscriptions WHERE events @> ARRAY[CAST(:event AS text)]")
                .param("event", event).query(Subscriptions::subscription).list();
    }

    List<Subscription> ofOwner(long ownerId) {
        return db.sql("SELECT id, owner_id, url, events, secret, created_at FROM webhook_subscriptions WHERE owner_id = :owner ORDER BY id")
                .param("owner", ownerId).query(Subscriptions::subscription).list();
    }

    Optional<Subscription> find(long id) {
        return db.sql("SELECT id, owner_id, url, events, secret, created_at FROM webhook_subscriptions WHERE id = :id")
                .param("id", id).query(Subscriptions::subscription).optional();
    }

    boolean delete(long id) {
        return db.sql("DELETE FROM webhook_subscriptions WHERE id = :id").param("id", id).update() == 1;
    }

    private static Subscription subscription(ResultSet row, int n) throws SQLException {
        return new Subscription(row.getLong("id"), row.getLong("owner_id"), row.getString("url"),
                Arrays.asList((String[]) row.getArray("events").getArray()), row.getString("secret"),
                row.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
