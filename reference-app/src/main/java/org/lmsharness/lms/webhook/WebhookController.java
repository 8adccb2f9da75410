package org.lmsharness.lms.webhook;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.lmsharness.lms.iam.CurrentUser;
import org.lmsharness.lms.platform.ApiError;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Instructors and admins register URLs for events; the secret is shown once, at creation. */
@RestController
@RequestMapping("/api/webhooks")
@PreAuthorize("hasAnyRole('INSTRUCTOR', 'ADMIN')")
class WebhookController {

    record Registration(@NotBlank @Size(max = 2000) String url, @NotEmpty @Size(max = 10) List<@NotBlank String> events) {}

    record Created(long id, String url, List<String> events, String secret, Instant createdAt) {}

    record Listed(long id, String url, List<String> events, Instant createdAt) {}

    private final Webhooks webhooks;
    private final Subscriptions subscriptions;

    WebhookController(Webhooks webhooks, Subscriptions subscriptions) {
        this.webhooks = webhooks;
        this.subscriptions = subscriptions;
    }

    @PostMapping
    ResponseEntity<Created> register(CurrentUser user, @Valid @RequestBody Registration registration) {
        Subscriptions.Subscription s = webhooks.register(user.id(), registration.url(), registration.events());
        return ResponseEntity.created(URI.create("/api/webhooks/" + s.id())).body(new Created(s.id(), s.url(), s.events(), s.secret(), s.createdAt()));
    }

    @GetMapping
    List<Listed> mine(CurrentUser user) {
        return subscriptions.ofOwner(user.id()).stream().map(s -> new Listed(s.id(), s.url(), s.events(), s.createdAt())).toList();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(CurrentUser user, @PathVariable long id) {
        Subscriptions.Subscription subscription = subscriptions.find(id)
                .orElseThrow(() -> ApiError.NOT_FOUND.because("no webhook with id " + id));
        user.requireOwnerOrAdmin(subscription.ownerId(), "webhook " + id);
        subscriptions.delete(id);
        return ResponseEntity.noContent().build();
    }
}
