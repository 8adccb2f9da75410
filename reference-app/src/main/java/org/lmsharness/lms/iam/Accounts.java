package org.lmsharness.lms.iam;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.lmsharness.lms.platform.ApiError;
import org.lmsharness.lms.platform.ApiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Sign-up and login, with brute-force throttling per client address (and per e-mail from it). */
@Service
public class Accounts {

    private final Users users;
    private final PasswordEncoder passwords;
    private final Tokens tokens;
    private final int maxFailures;
    private final int maxClientFailures;
    private final int windowSeconds;
    private final String dummyHash;
    private final Counter loginsOk;
    private final Counter loginsFailed;
    private final Counter loginsThrottled;

    Accounts(Users users, PasswordEncoder passwords, Tokens tokens, MeterRegistry metrics,
                   @Value("${lms.iam.max-failed-logins:5}") int maxFailures,
                   @Value("${lms.iam.max-failed-logins-per-client:20}") int maxClientFailures,
                   @Value("${lms.iam.failed-login-window:60s}") java.time.Duration window) {
        this.users = users;
        this.passwords = passwords;
        this.tokens = tokens;
        this.maxFailures = maxFailures;
        this.maxClientFailures = maxClientFailures;
        this.windowSeconds = (int) window.toSeconds();
        this.dummyHash = passwords.encode("no-such-user");
        this.loginsOk = Counter.builder("lms.logins").tag("outcome", "success").register(metrics);
        this.loginsFailed = Counter.builder("lms.logins").tag("outcome", "failure").register(metrics);
        this.loginsThrottled = Counter.builder("lms.logins").tag("outcome", "throttled").register(metrics);
    }

    public Users.User signUp(String email, String password, String displayName) {
        // BCrypt reads 72 bytes at most and refuses more: 72 characters of 'é' are 144 bytes (that answered 500).
        int bytes = password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > 72) throw ApiError.INVALID.because("'password' must be at most 72 bytes in UTF-8 (BCrypt's limit), got " + bytes);
        return users.create(email.trim(), displayName.trim(), passwords.encode(password), Role.STUDENT)
                .orElseThrow(() -> ApiError.CONFLICT.because("an account with e-mail '" + email + "' already exists"));
    }

    record LoggedIn(Users.User user, Tokens.Issued token) {}

    /**
     * Logs in, throttled per client address: at most {@code maxFailures} failed logins for one e-mail from one client, and
     * {@code maxClientFailures} for any e-mails, in the window. Both are checked before the password is hashed (a client
     * spraying many accounts no longer costs a BCrypt hash each), the same way for e-mails with and without an account (a
     * 429 no longer tells which exist), and per client only, so a stranger's wrong passwords cannot lock a user out.
     */
    LoggedIn logIn(String email, String password, String client) {
        String address = email.trim();
        Users.LoginFailures failures = users.loginFailures(client, address, windowSeconds);
        if (failures.forEmail() >= maxFailures) throw throttled("for this e-mail from your address", failures.emailWaitSeconds());
        if (failures.forClient() >= maxClientFailures) throw throttled("from your address", failures.clientWaitSeconds());
        Optional<Users.User> found = users.byEmail(address);
        // Unknown e-mails still pay for one hash check, so response time does not reveal who has an account.
        if (!passwords.matches(password, found.map(Users.User::passwordHash).orElse(dummyHash)) || found.isEmpty()) {
            users.recordLoginFailure(client, address, windowSeconds);
            loginsFailed.increment();
            throw ApiError.UNAUTHENTICATED.because("e-mail or password is wrong");
        }
        Users.User user = found.get();
        if (failures.forEmail() > 0) users.clearLoginFailures(client, address);
        loginsOk.increment();
        return new LoggedIn(user, tokens.issue(user.id(), user.email(), user.role()));
    }

    private ApiException throttled(String scope, long waitSeconds) {
        loginsThrottled.increment();
        long wait = Math.max(1, waitSeconds);
        return ApiError.TOO_MANY_REQUESTS.because("too many failed logins " + scope + "; retry in " + wait + " s", wait);
    }
}
