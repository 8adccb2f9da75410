-- One purchase per buyer and course, whatever the Idempotency-Key: two checkouts of one course with
-- different keys (a double click, two tabs) both passed the "already enrolled" check and were both
-- charged. The database now lets only one of them exist; the other is told which key to retry with.
CREATE UNIQUE INDEX payment_payments_one_per_course ON payment_payments (user_id, course_id);
