package org.lmsharness.lms.enrollment;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.lmsharness.lms.jobs.JobHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Issues a course certificate after completion, off the request path. */
@Component
class CertificateIssuer implements JobHandler {

    private final Enrollments enrollments;

    CertificateIssuer(Enrollments enrollments) {
        this.enrollments = enrollments;
    }

    @Override
    public String kind() {
        return Enrollment.ISSUE_CERTIFICATE;
    }

    @Override
    public void handle(JsonNode payload) {
        long userId = payload.get("userId").asLong();
        long courseId = payload.get("courseId").asLong();
        // The code is derived from the pair, so a re-run issues the same certificate.
        String code = UUID.nameUUIDFromBytes(("certificate:" + userId + ":" + courseId).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 12).toUpperCase();
        enrollments.issueCertificate(userId, courseId, code);
    }
}
