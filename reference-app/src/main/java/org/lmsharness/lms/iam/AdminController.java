package org.lmsharness.lms.iam;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.lmsharness.lms.platform.ApiError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin-only by path ({@code /api/admin/**}, see {@link SecurityRules}). */
@RestController
@RequestMapping("/api/admin/users")
class AdminController {

    record UserPage(List<AuthController.Account> items, int page, int size, long totalItems) {}

    record RoleChange(@NotNull Role role) {}

    private final Users users;
    private final CurrentRoles roles;

    AdminController(Users users, CurrentRoles roles) {
        this.users = users;
        this.roles = roles;
    }

    @GetMapping
    UserPage list(@RequestParam(defaultValue = "0") @Min(0) int page,
                  @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return new UserPage(users.page(page, size).stream().map(AuthController.Account::of).toList(), page, size, users.count());
    }

    @PutMapping("/{id}/role")
    AuthController.Account changeRole(@PathVariable long id, @Valid @RequestBody RoleChange change) {
        if (!users.changeRole(id, change.role())) throw ApiError.NOT_FOUND.because("no user with id " + id);
        roles.changed(id);
        return users.byId(id).map(AuthController.Account::of).orElseThrow();
    }
}
