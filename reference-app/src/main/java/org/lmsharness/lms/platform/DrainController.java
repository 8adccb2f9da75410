package org.lmsharness.lms.platform;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admin-only (see the security rules): take this replica out of rotation, or put it back. */
@RestController
@RequestMapping("/api/admin/replica")
class DrainController {

    private final Draining draining;
    private final Replica.Identity identity;

    DrainController(Draining draining, Replica.Identity identity) {
        this.draining = draining;
        this.identity = identity;
    }

    @GetMapping
    Map<String, Object> state() {
        return Map.of("replica", identity.id(), "zone", identity.zone(), "draining", draining.isDraining());
    }

    @PostMapping("/drain")
    Map<String, Object> drain() {
        draining.drain();
        return state();
    }

    @PostMapping("/undrain")
    Map<String, Object> undrain() {
        draining.undrain();
        return state();
    }
}
