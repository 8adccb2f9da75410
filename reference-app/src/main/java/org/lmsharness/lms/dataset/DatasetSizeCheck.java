package org.lmsharness.lms.dataset;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

/** Rejects an unknown {@code lms.dataset.size} before the database and the web server start. */
class DatasetSizeCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after logging is configured: the failure is reported in one line, not logged
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        String size = event.getEnvironment().getProperty("lms.dataset.size", "");
        if (StringUtils.hasText(size)) DatasetSize.parse(size);
    }
}
