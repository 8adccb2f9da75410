package org.lmsharness.lms.iam;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.lmsharness.lms.platform.ApiError;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Sign-up and login, with brute-force throttling per account. */
@Service
public class Accounts {

    private final Users users;
    private final PasswordEncoder passwords;
    private final Tokens tokens;
    private final int maxFailures;
    private final int windowSeconds;
    private final String dummyHash;
    private final Counter loginsOk;
    private final Counter loginsFailed;
    private final Counter loginsThrottled;

    Accounts(Users users, PasswordEncoder passwords, Tokens tokens, MeterRegistry metrics,
                   @Value("${lms.iam.max-failed-logins:5}") int maxFailures,
                   @Value("${lms.iam.failed-login-window:60s}") java.time.Duration window) {
        this.users = users;
        this.passwords = passwords;
        this.tokens = tokens;
        this.maxFailures = maxFailures;
        this.windowSeconds = (int) window.toSeconds();
        // Unknown e-mails still pay for one hash check, so response time does not reveal who has an account.
        this.dummyHash = passwords.encode("no-such-user");
        this.loginsOk = Counter.builder("lms.logins").tag("outcome", "success").register(metrics);
        this.loginsFailed = Counter.builder("lms.logins").tag("outcome", "failure").register(metrics);
        this.loginsThrottled = Counter.builder("lms.logins").tag("outcome", "throttled").register(metrics);
    }

    public Users.User signUp(String email, String password, String displayName) {
        return users.create(email.trim(), displayName.trim(), passwords.encode(password), Role.STUDENT)
                .orElseThrow(() -> ApiError.CONFLICT.because("an account with e-mail '" + email + "' already exists"));
    }

    record LoggedIn(Users.User user, Tokens.Issued token) {}

    LoggedIn logIn(String email, String password) {
        Optional<Users.User> found = users.byEmail(email.trim());
        if (found.isEmpty()) {
            passwords.matches(password, dummyHash);
            loginsFailed.increment();
            throw ApiError.UNAUTHENTICATED.because("e-mail or password is wrong");
        }
        Users.User user = found.get();
        long wait = users.throttledForSeconds(user.id(), maxFailures, windowSeconds);
        if (wait > 0) {
            loginsThrottled.increment();
            throw ApiError.TOO_MANY_REQUESTS.because("too many failed logins for this account; retry in " + wait + " s", wait);
        }
        if (!passwords.matches(password, user.passwordHash())) {
            users.recordFailedLogin(user.id(), windowSeconds);
            loginsFailed.increment();
            throw ApiError.UNAUTHENTICATED.because("e-mail or password is wrong");
        }
        users.clearFailedLogins(user.id());
        loginsOk.increment();
        return new LoggedIn(user, tokens.issue(user.id(), user.email(), user.role()));
    }
}
