package org.lmsharness.lms.jobs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A durable job queue in PostgreSQL ({@code jobs_jobs}).
 *
 * <pre>
 *   enqueue (in the caller's transaction) -> PENDING --claim (FOR UPDATE SKIP LOCKED)--> RUNNING
 *   RUNNING --ok--> DONE (purged later)      RUNNING --error--> PENDING at now + backoff
 *   RUNNING --error, attempts used up--> DEAD (the dead letters)
 *   RUNNING, worker gone past the visibility timeout --> PENDING again
 * </pre>
 *
 * Enqueueing inside the caller's transaction makes the job exactly as durable as the change that
 * caused it: both commit, or neither does.
 */
@Repository
public class Jobs {

    public record Job(long id, String kind, JsonNode payload, int attempts, int maxAttempts) {}

    /** Counts by state; {@code oldestReadySeconds} is how long the oldest runnable job has waited. */
    public record QueueStats(long pending, long ready, long running, long dead, double oldestReadySeconds) {}

    private final JdbcClient db;
    private final JsonMapper json;
    private final int defaultMaxAttempts;

    Jobs(JdbcClient db, JsonMapper json, @Value("${lms.jobs.max-attempts:8}") int defaultMaxAttempts) {
        this.db = db;
        this.json = json;
        this.defaultMaxAttempts = defaultMaxAttempts;
    }

    public void enqueue(String kind, Object payload) {
        enqueue(kind, payload, null);
    }

    /** With a dedup key, a job is not added while one of the same kind and key is still pending. */
    public void enqueue(String kind, Object payload, String dedupKey) {
        enqueue(kind, payload, dedupKey, defaultMaxAttempts);
    }

    /** With attempts of its own: work that must outlast a long outage of what it calls. */
    public void enqueue(String kind, Object payload, String dedupKey, int maxAttempts) {
        db.sql("""
                        INSERT INTO jobs_jobs (kind, payload, status, max_attempts, dedup_key)
                        VALUES (:kind, CAST(:payload AS jsonb), 'PENDING', :max, :dedup)
                        ON CONFLICT (kind, dedup_key) WHERE status = 'PENDING' AND dedup_key IS NOT NULL DO NOTHING""")
                .param("kind", kind).param("payload", json.writeValueAsString(payload))
                .param("max", maxAttempts).param("dedup", dedupKey)
                .update();
    }

    /**
     * Takes up to {@code limit} runnable jobs of the given kinds for {@code worker}; two workers never
     * get the same job. Kinds no worker handles stay queued (and show in the depth gauge).
     */
    List<Job> claim(String worker, java.util.Collection<String> kinds, int limit) {
        return db.sql("""
                        UPDATE jobs_jobs SET status = 'RUNNING', locked_by = :worker, locked_at = now(), attempts = attempts + 1
                        WHERE id IN (SELECT id FROM jobs_jobs WHERE status = 'PENDING' AND run_at <= now() AND kind IN (:kinds)
                                     ORDER BY run_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING id, kind, payload::text AS payload, attempts, max_attempts""")
                .param("worker", worker).param("kinds", kinds).param("limit", limit)
                .query(this::job).list();
    }

    void complete(long id) {
        db.sql("UPDATE jobs_jobs SET status = 'DONE', finished_at = now(), locked_by = NULL, last_error = NULL WHERE id = :id")
                .param("id", id).update();
    }

    void retryLater(long id, String error, Duration delay) {
        db.sql("""
                        UPDATE jobs_jobs SET status = 'PENDING', locked_by = NULL, locked_at = NULL, last_error = :error,
                               run_at = now() + make_interval(secs => :delay)
                        WHERE id = :id""")
                .param("error", truncate(error)).param("delay", delay.toMillis() / 1000.0).param("id", id).update();
    }

    void bury(long id, String error) {
        db.sql("UPDATE jobs_jobs SET status = 'DEAD', finished_at = now(), locked_by = NULL, last_error = :error WHERE id = :id")
                .param("error", truncate(error)).param("id", id).update();
    }

    /** Jobs whose worker vanished (crash, kill -9, partition) go back to the queue, or to the dead letters. */
    int reclaimAbandoned(Duration visibilityTimeout) {
        double seconds = visibilityTimeout.toMillis() / 1000.0;
        int dead = db.sql("""
                        UPDATE jobs_jobs SET status = 'DEAD', finished_at = now(), locked_by = NULL,
                               last_error = 'worker vanished on the last attempt'
                        WHERE status = 'RUNNING' AND locked_at < now() - make_interval(secs => :seconds) AND attempts >= max_attempts""")
                .param("seconds", seconds).update();
        return dead + db.sql("""
                        UPDATE jobs_jobs SET status = 'PENDING', locked_by = NULL, locked_at = NULL,
                               last_error = 'worker vanished', run_at = now()
                        WHERE status = 'RUNNING' AND locked_at < now() - make_interval(secs => :seconds)""")
                .param("seconds", seconds).update();
    }

    int purgeDone(Duration olderThan) {
        return db.sql("DELETE FROM jobs_jobs WHERE status = 'DONE' AND finished_at < now() - make_interval(secs => :seconds)")
                .param("seconds", olderThan.toSeconds()).update();
    }

    public QueueStats stats() {
        return db.sql("""
                        SELECT count(*) FILTER (WHERE status = 'PENDING') AS pending,
                               count(*) FILTER (WHERE status = 'PENDING' AND run_at <= now()) AS ready,
                               count(*) FILTER (WHERE status = 'RUNNING') AS running,
                               count(*) FILTER (WHERE status = 'DEAD') AS dead,
                               coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE status = 'PENDING' AND run_at <= now())), 0) AS lag
                        FROM jobs_jobs WHERE status <> 'DONE'""")
                .query((row, n) -> new QueueStats(row.getLong("pending"), row.getLong("ready"), row.getLong("running"),
                        row.getLong("dead"), row.getDouble("lag")))
                .single();
    }

    /** The dead letters of one kind, newest first, for operators and tests. */
    public List<DeadJob> dead(String kind, int limit) {
        return db.sql("SELECT id, kind, payload::text AS payload, attempts, last_error FROM jobs_jobs WHERE status = 'DEAD' AND kind = :kind ORDER BY id DESC LIMIT :limit")
                .param("kind", kind).param("limit", limit)
                .query((row, n) -> new DeadJob(row.getLong("id"), row.getString("kind"), json.readTree(row.getString("payload")),
                        row.getInt("attempts"), row.getString("last_error")))
                .list();
    }

    public record DeadJob(long id, String kind, JsonNode payload, int attempts, String lastError) {}

    private Job job(ResultSet row, int n) throws SQLException {
        return new Job(row.getLong("id"), row.getString("kind"), json.readTree(row.getString("payload")),
                row.getInt("attempts"), row.getInt("max_attempts"));
    }

    private static String truncate(String error) {
        if (error == null) return "error";
        return error.length() > 1000 ? error.substring(0, 1000) : error;
    }
}
