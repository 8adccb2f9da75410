package org.lmsharness.lms.enrollment;

/** Published inside the transaction that created the enrolment; {@code paid} when checkout made it. */
public record EnrollmentCreated(long enrollmentId, long userId, long courseId, boolean paid) {}
