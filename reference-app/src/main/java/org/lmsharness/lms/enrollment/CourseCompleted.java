package org.lmsharness.lms.enrollment;

/** Published inside the transaction in which the learner's last lesson was completed. */
public record CourseCompleted(long userId, long courseId) {}
