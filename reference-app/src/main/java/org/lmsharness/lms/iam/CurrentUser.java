package org.lmsharness.lms.iam;

import org.lmsharness.lms.platform.ApiError;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * The caller, read from the verified JWT and nothing else: replicas keep no session, so any
 * replica can serve any request. Controllers take it as a parameter.
 */
public record CurrentUser(long id, String email, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Owners and admins may change a resource; the detail names who may. */
    public void requireOwnerOrAdmin(long ownerId, String what) {
        if (id != ownerId && !isAdmin()) {
            throw ApiError.FORBIDDEN.because(what + " belongs to user " + ownerId + "; only its owner or an admin may change it");
        }
    }

    static CurrentUser from(Jwt jwt) {
        return new CurrentUser(Long.parseLong(jwt.getSubject()), jwt.getClaimAsString("email"),
                Role.valueOf(jwt.getClaimAsStringList("roles").get(0)));
    }

    static final class Resolver implements HandlerMethodArgumentResolver {
        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == CurrentUser.class;
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                      NativeWebRequest request, WebDataBinderFactory binders) {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) return from(jwt);
            throw ApiError.UNAUTHENTICATED.because("a valid bearer token is required");
        }
    }
}
