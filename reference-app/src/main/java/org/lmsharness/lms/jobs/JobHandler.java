package org.lmsharness.lms.jobs;

import tools.jackson.databind.JsonNode;

/**
 * Does one kind of background work. Throwing means "try again later" (with backoff) until the
 * job's attempts run out; then the job goes to the dead letters. Handlers must be idempotent: a job
 * whose worker died mid-way runs again.
 */
public interface JobHandler {

    String kind();

    void handle(JsonNode payload) throws Exception;
}
