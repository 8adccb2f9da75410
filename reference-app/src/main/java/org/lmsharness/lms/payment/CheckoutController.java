package org.lmsharness.lms.payment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import org.lmsharness.lms.iam.CurrentUser;
import org.lmsharness.lms.platform.ApiError;
import org.springframework.http.ResponseEntity;
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

    /** 201 when this request charged, 200 with {@code Idempotent-Replayed: true} when it replays an earlier one. */
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
        if (receipt.replayed()) return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(receipt);
        return ResponseEntity.created(URI.create("/api/me/courses")).body(receipt);
    }
}
