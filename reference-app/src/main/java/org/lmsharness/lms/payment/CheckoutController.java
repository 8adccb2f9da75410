package org.lmsharness.lms.payment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import org.lmsharness.lms.iam.CurrentUser;
import org.lmsharness.lms.platform.ApiError;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CheckoutController {

    record CheckoutRequest(@NotNull @Positive Long courseId) {}

    private final Checkout checkout;

    CheckoutController(Checkout checkout) {
        this.checkout = checkout;
    }

    /**
     * 201 when this request charged, 200 with {@code Idempotent-Replayed: true} when it replays an earlier one,
     * 202 when the provider did not answer and the payment waits to be charged (QUEUED).
     */
    @PostMapping("/api/payments/checkout")
    ResponseEntity<Checkout.Receipt> checkout(CurrentUser buyer,
                                              @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                              @Valid @RequestBody CheckoutRequest request) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw ApiError.BAD_REQUEST.because("the Idempotency-Key header is required (a unique value per purchase, e.g. a UUID)");
        }
        if (idempotencyKey.length() > 255) {
            throw ApiError.BAD_REQUEST.because("the Idempotency-Key header must be at most 255 characters, got " + idempotencyKey.length());
        }
        Checkout.Receipt receipt = checkout.checkout(buyer, idempotencyKey, request.courseId());
        if (receipt.status().equals("QUEUED")) {
            // Accepted, to be charged when the provider answers: where to poll, and how soon.
            ResponseEntity.BodyBuilder accepted = ResponseEntity.accepted().location(URI.create("/api/payments/" + receipt.paymentId()))
                    .header(HttpHeaders.RETRY_AFTER, "1");
            if (receipt.replayed()) accepted.header("Idempotent-Replayed", "true");
            return accepted.body(receipt);
        }
        if (receipt.replayed()) return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(receipt);
        return ResponseEntity.created(URI.create("/api/me/courses")).body(receipt);
    }

    /** The buyer's own payment: QUEUED until a provider charges it, then SUCCEEDED with its charge. */
    @GetMapping("/api/payments/{paymentId}")
    Checkout.Receipt payment(CurrentUser buyer, @PathVariable long paymentId) {
        return checkout.payment(buyer, paymentId);
    }
}
