-- A learner's attempts beyond lms.assessment.scored-attempts on a quiz are practice: recorded, their
-- score kept from the learner and from the gradebook. Unlimited scored attempts let the answers be
-- inferred by changing one at a time.
ALTER TABLE assessment_attempts ADD COLUMN scored BOOLEAN NOT NULL DEFAULT true;
