package org.lmsharness.lms.payment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code payment_payments} table: one row per (buyer, Idempotency-Key).
 *
 * <pre>
 *   (none) --insert--> PENDING --provider charged--> SUCCEEDED (final: replays return it)
 *                      PENDING --provider failed/timed out--> QUEUED --settlement job charged--> SUCCEEDED
 *                      PENDING, its replica gone past the lease --same key again--> PENDING
 *   RETRYABLE: what a failed charge left before settlement jobs; taken over by the same key again
 * </pre>
 */
@Repository
class Payments {

    enum Status { PENDING, SUCCEEDED, RETRYABLE, QUEUED }

    record Payment(long id, long userId, String idempotencyKey, long courseId, long amountCents, String currency,
                   Status status, String providerChargeId, Instant updatedAt) {
        /** The key the provider deduplicates on: stable across every retry of this payment. */
        String providerKey() {
            return "lms-payment-" + id;
        }
    }

    private static final String COLUMNS = "id, user_id, idempotency_key, course_id, amount_cents, currency, status, provider_charge_id, updated_at";

    private final JdbcClient db;

    Payments(JdbcClient db) {
        this.db = db;
    }

    /** Empty when a payment with this key exists: the unique key decides the race between duplicates. */
    Optional<Payment> insertPending(long userId, String key, long courseId, long amountCents, String currency) {
        return db.sql("INSERT INTO payment_payments (user_id, idempotency_key, course_id, amount_cents, currency, status) "
                        + "VALUES (:user, :key, :course, :amount, :currency, 'PENDING') "
                        + "ON CONFLICT DO NOTHING RETURNING " + COLUMNS) // the same key, or another key for the same course (V10)
                .param("user", userId).param("key", key).param("course", courseId).param("amount", amountCents).param("currency", currency)
                .query(Payments::payment).optional();
    }

    /** The buyer's payment for the course, whichever key made it: there is at most one. */
    Optional<Payment> findForCourse(long userId, long courseId) {
        return db.sql("SELECT " + COLUMNS + " FROM payment_payments WHERE user_id = :user AND course_id = :course")
                .param("user", userId).param("course", courseId).query(Payments::payment).optional();
    }

    Optional<Payment> byId(long id) {
        return db.sql("SELECT " + COLUMNS + " FROM payment_payments WHERE id = :id").param("id", id).query(Payments::payment).optional();
    }

    Optional<Payment> find(long userId, String key) {
        return db.sql("SELECT " + COLUMNS + " FROM payment_payments WHERE user_id = :user AND idempotency_key = :key")
                .param("user", userId).param("key", key).query(Payments::payment).optional();
    }

    /**
     * Takes over a payment left RETRYABLE, or PENDING for longer than {@code lease} (its replica died
     * mid-call). Only one of several concurrent callers succeeds.
     */
    Optional<Payment> reclaim(long id, Duration lease) {
        return db.sql("UPDATE payment_payments SET status = 'PENDING', updated_at = now() "
                        + "WHERE id = :id AND (status = 'RETRYABLE' OR (status = 'PENDING' AND updated_at < now() - make_interval(secs => :lease))) "
                        + "RETURNING " + COLUMNS)
                .param("id", id).param("lease", lease.toMillis() / 1000.0).query(Payments::payment).optional();
    }

    /** False when the payment had succeeded already: the caller must not enrol or announce it again. */
    boolean markSucceeded(long id, String chargeId) {
        return db.sql("UPDATE payment_payments SET status = 'SUCCEEDED', provider_charge_id = :charge, last_error = NULL, updated_at = now() "
                        + "WHERE id = :id AND status <> 'SUCCEEDED'")
                .param("charge", chargeId).param("id", id).update() == 1;
    }

    /** The provider did not confirm the charge: a settlement job will (in the caller's transaction). */
    void markQueued(long id, String error) {
        db.sql("UPDATE payment_payments SET status = 'QUEUED', last_error = :error, updated_at = now() WHERE id = :id AND status = 'PENDING'")
                .param("error", error.length() > 500 ? error.substring(0, 500) : error).param("id", id).update();
    }

    private static Payment payment(ResultSet row, int n) throws SQLException {
        return new Payment(row.getLong("id"), row.getLong("user_id"), row.getString("idempotency_key"), row.getLong("course_id"),
                row.getLong("amount_cents"), row.getString("currency"), Status.valueOf(row.getString("status")),
                row.getString("provider_charge_id"), row.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
