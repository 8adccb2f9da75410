package org.lmsharness.lms.dataset;

import java.util.Arrays;
import java.util.Locale;
import org.lmsharness.lms.platform.InvalidSetting;

/**
 * Named dataset sizes, in the spirit of Moodle's test-course generator. Every count is exact and
 * documented in docs/dataset.md; {@code DatasetGeneratorTests} holds the generator to them.
 *
 * @param students            learner accounts ({@code student<n>@lms.test})
 * @param instructors         instructor accounts, each owning a share of the courses
 * @param courses             courses; every 4th is paid, the rest free
 * @param lessonsPerCourse    lessons in every course
 * @param enrolmentsPerStudent distinct courses each student is enrolled in
 * @param questionsPerQuiz    questions in the one quiz of every course, 4 options each
 */
public enum DatasetSize {
    XS(100, 5, 10, 5, 2, 5),
    S(1_000, 20, 100, 8, 3, 8),
    M(10_000, 100, 1_000, 10, 4, 10),
    L(50_000, 500, 5_000, 12, 5, 12),
    XL(200_000, 2_000, 20_000, 15, 5, 15);

    public final int students;
    public final int instructors;
    public final int courses;
    public final int lessonsPerCourse;
    public final int enrolmentsPerStudent;
    public final int questionsPerQuiz;

    DatasetSize(int students, int instructors, int courses, int lessonsPerCourse, int enrolmentsPerStudent, int questionsPerQuiz) {
        this.students = students;
        this.instructors = instructors;
        this.courses = courses;
        this.lessonsPerCourse = lessonsPerCourse;
        this.enrolmentsPerStudent = enrolmentsPerStudent;
        this.questionsPerQuiz = questionsPerQuiz;
    }

    /** Students, instructors and the one admin. */
    public long users() {
        return (long) students + instructors + 1;
    }

    public long lessons() {
        return (long) courses * lessonsPerCourse;
    }

    public long enrolments() {
        return (long) students * enrolmentsPerStudent;
    }

    public long questions() {
        return (long) courses * questionsPerQuiz;
    }

    public static DatasetSize parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("lms.dataset.size", value, "one of " + Arrays.toString(values()));
        }
    }
}
