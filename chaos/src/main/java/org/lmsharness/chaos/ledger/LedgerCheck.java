package org.lmsharness.chaos.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lmsharness.simulations.ledger.WriteLedger;

/**
 * Checks every write the LMS acknowledged during an experiment against the database, after the
 * rollback: an acknowledged write that is not there was lost. Also counts purchases charged twice
 * (two succeeded payments of one buyer for one course), which idempotency keys must prevent
 * whatever replica or retry a checkout meets. A checkout the provider could not serve was accepted
 * (202) and queued: it counts as found, and as unsettled until a settlement job charged it; the check
 * first waits (bounded) for the queue of such payments to empty.
 *
 * @param acknowledged writes in the ledger
 * @param found        of those, present in the database
 * @param lost         acknowledged and absent: must be 0
 * @param chargedTwice buyer and course pairs with more than one succeeded payment: must be 0
 * @param unsettled    acknowledged checkouts still QUEUED, not charged, after the wait: must be 0
 * @param byKind       kind → acknowledged, found
 * @param lostExamples up to ten lost entries, as written in the ledger
 * @param lostAt       when each lost write was acknowledged (epoch milliseconds), in ledger order: how far back a loss reaches
 */
public record LedgerCheck(long acknowledged, long found, long lost, long chargedTwice, long unsettled, Map<String, long[]> byKind,
                          List<String> lostExamples, List<Long> lostAt) {

    public LedgerCheck(long acknowledged, long found, long lost, long chargedTwice, long unsettled, Map<String, long[]> byKind, List<String> lostExamples) {
        this(acknowledged, found, lost, chargedTwice, unsettled, byKind, lostExamples, List.of());
    }

    /** The earliest acknowledgement of a lost write, epoch milliseconds; empty when none was lost. */
    public java.util.OptionalLong earliestLostAt() {
        return lostAt.stream().mapToLong(Long::longValue).min();
    }

    /** How long queued checkouts get to settle once the provider is back: settlement jobs back off 1 s doubling. */
    public static final Duration SETTLE_WITHIN = Duration.ofSeconds(60);

    private static final Map<String, String> QUERIES = Map.of(
            "checkout", "SELECT status FROM payment_payments WHERE id = ? AND idempotency_key = ? AND status IN ('SUCCEEDED', 'QUEUED')",
            "progress", "SELECT 1 FROM enrollment_lesson_progress p JOIN iam_users u ON u.id = p.user_id WHERE lower(u.email) = lower(?) AND p.lesson_id = ?",
            "attempt", "SELECT 1 FROM assessment_attempts WHERE id = ?",
            "course", "SELECT 1 FROM catalog_courses WHERE id = ?",
            "lesson", "SELECT 1 FROM catalog_lessons WHERE id = ?");

    private static final String CHARGED_TWICE = "SELECT count(*) FROM (SELECT user_id, course_id FROM payment_payments WHERE status = 'SUCCEEDED'"
            + " GROUP BY user_id, course_id HAVING count(*) > 1) twice";

    private static final String QUEUED = "SELECT count(*) FROM payment_payments WHERE status = 'QUEUED'";

    /**
     * Waits up to {@code settleWithin} for queued checkouts to settle, then reads the ledger and looks
     * each entry up, over one connection to whichever server is the primary now.
     */
    public static LedgerCheck of(Path ledgerFile, String jdbcUrl, Duration settleWithin) throws SQLException, InterruptedException {
        List<WriteLedger.Entry> entries = Files.exists(ledgerFile) ? WriteLedger.read(ledgerFile) : List.of();
        Map<String, long[]> byKind = new TreeMap<>();
        List<String> lostExamples = new ArrayList<>();
        List<Long> lostAt = new ArrayList<>();
        long found = 0;
        long unsettled = 0;
        long chargedTwice;
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            db.setReadOnly(true);
            long deadline = System.nanoTime() + settleWithin.toNanos();
            while (count(db, QUEUED) > 0 && System.nanoTime() < deadline) Thread.sleep(500);
            for (WriteLedger.Entry entry : entries) {
                long[] counts = byKind.computeIfAbsent(entry.kind(), kind -> new long[2]);
                counts[0]++;
                String status = status(db, entry);
                if (status != null) {
                    counts[1]++;
                    found++;
                    if (status.equals("QUEUED")) unsettled++;
                } else {
                    lostAt.add(entry.acknowledgedAt());
                    if (lostExamples.size() < 10) lostExamples.add(entry.kind() + " " + String.join(" ", entry.fields()));
                }
            }
            chargedTwice = count(db, CHARGED_TWICE);
        }
        return new LedgerCheck(entries.size(), found, entries.size() - found, chargedTwice, unsettled, byKind, lostExamples, lostAt);
    }

    private static long count(Connection db, String query) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(query); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The entry's row: for a checkout its status, for the others "found"; null when absent. */
    private static String status(Connection db, WriteLedger.Entry entry) throws SQLException {
        String query = QUERIES.get(entry.kind());
        if (query == null) throw new IllegalArgumentException("unknown write in the ledger: " + entry.kind());
        try (PreparedStatement statement = db.prepareStatement(query)) {
            switch (entry.kind()) {
                case "checkout" -> {
                    statement.setLong(1, Long.parseLong(entry.field(0)));
                    statement.setString(2, entry.field(2));
                }
                case "progress" -> {
                    statement.setString(1, entry.field(0));
                    statement.setLong(2, Long.parseLong(entry.field(1)));
                }
                default -> statement.setLong(1, Long.parseLong(entry.field(0)));
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) return null;
                return entry.kind().equals("checkout") ? rows.getString(1) : "found";
            }
        }
    }
}
