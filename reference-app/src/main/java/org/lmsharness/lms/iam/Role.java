package org.lmsharness.lms.iam;

public enum Role {
    STUDENT, INSTRUCTOR, ADMIN
}
