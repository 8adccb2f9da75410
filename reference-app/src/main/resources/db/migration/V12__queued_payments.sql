-- A checkout the payment provider could not serve is kept as QUEUED and settled by a job when a
-- provider answers (the buyer got 202 and polls GET /api/payments/{id}).
ALTER TABLE payment_payments DROP CONSTRAINT payment_payments_status_check;
ALTER TABLE payment_payments ADD CONSTRAINT payment_payments_status_check
    CHECK (status IN ('PENDING', 'SUCCEEDED', 'RETRYABLE', 'QUEUED'));
