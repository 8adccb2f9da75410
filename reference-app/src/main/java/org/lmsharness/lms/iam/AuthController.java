package org.lmsharness.lms.iam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import org.lmsharness.lms.platform.ApiError;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AuthController {

    record SignUp(@NotBlank @Email @Size(max = 254) String email,
                  @NotBlank @Size(min = 8, max = 72) String password,
                  @NotBlank @Size(max = 100) String displayName) {}

    record LogIn(@NotBlank String email, @NotBlank @Size(max = 72) String password) {}

    record Account(long id, String email, String displayName, Role role, Instant createdAt) {
        static Account of(Users.User user) {
            return new Account(user.id(), user.email(), user.displayName(), user.role(), user.createdAt());
        }
    }

    record Token(String accessToken, String tokenType, long expiresIn, Instant expiresAt, long userId, Role role) {}

    private final Accounts accounts;
    private final Users users;
    private final Tokens tokens;

    AuthController(Accounts accounts, Users users, Tokens tokens) {
        this.accounts = accounts;
        this.users = users;
        this.tokens = tokens;
    }

    @PostMapping("/api/auth/signup")
    ResponseEntity<Account> signUp(@Valid @RequestBody SignUp request) {
        Users.User user = accounts.signUp(request.email(), request.password(), request.displayName());
        return ResponseEntity.created(URI.create("/api/me")).body(Account.of(user));
    }

    @PostMapping("/api/auth/login")
    Token logIn(@Valid @RequestBody LogIn request, HttpServletRequest http) {
        // The client's address: behind the edge, from its X-Forwarded-For (server.forward-headers-strategy=native trusts it from
        // private and loopback addresses only).
        Accounts.LoggedIn loggedIn = accounts.logIn(request.email(), request.password(), http.getRemoteAddr());
        return new Token(loggedIn.token().token(), "Bearer", tokens.lifetime().toSeconds(), loggedIn.token().expiresAt(),
                loggedIn.user().id(), loggedIn.user().role());
    }

    @GetMapping("/api/me")
    Account me(CurrentUser user) {
        return users.byId(user.id()).map(Account::of)
                .orElseThrow(() -> ApiError.NOT_FOUND.because("user " + user.id() + " no longer exists"));
    }
}
