package org.lmsharness.lms.platform;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** Prints the one line a person or a launcher waits for: where the LMS listens. */
@Component
class ReadyAnnouncement implements ApplicationListener<ApplicationReadyEvent> {

    private final Replica.Identity identity;
    private final String address;

    ReadyAnnouncement(Replica.Identity identity, @Value("${server.address:127.0.0.1}") String address) {
        this.identity = identity;
        this.address = address;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            String host = address.contains(":") ? "[" + address + "]" : address;
            System.out.println("LMS ready on http://" + host + ":" + web.getWebServer().getPort()
                    + " (replica " + identity.id() + ", zone " + identity.zone() + ")");
            System.out.flush();
        }
    }
}
