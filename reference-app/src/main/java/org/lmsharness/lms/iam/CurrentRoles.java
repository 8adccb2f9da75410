package org.lmsharness.lms.iam;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Each user's role as the database has it now, read through a short per-replica cache. A token
 * carries the role it was issued with; one whose role is no longer the user's (demoted, promoted,
 * deleted) is refused, so a role change takes effect within {@code lms.iam.role-cache-ttl} on every
 * replica (at once on the replica that made it) rather than when the token expires. The cost is a
 * primary-key read per user per TTL per replica.
 */
@Component
class CurrentRoles {

    private final Users users;
    private final Cache<Long, Optional<Role>> roles;

    CurrentRoles(Users users, @Value("${lms.iam.role-cache-ttl:5s}") Duration ttl) {
        this.users = users;
        this.roles = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    /** Whether {@code role} is still the user's: false for a changed role and for a user that no longer exists. */
    boolean holds(long userId, Role role) {
        return roles.get(userId, id -> users.byId(id).map(Users.User::role)).filter(role::equals).isPresent();
    }

    /** A role changed here: this replica knows at once. */
    void changed(long userId) {
        roles.invalidate(userId);
    }
}
