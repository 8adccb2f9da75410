package org.lmsharness.lms.payment;

/** Published inside the transaction that recorded the provider's charge. */
public record PaymentSucceeded(long paymentId, long userId, long courseId, long amountCents, String currency, String chargeId) {}
