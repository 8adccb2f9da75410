package org.lmsharness.lms.iam;

import java.util.List;
import org.lmsharness.lms.platform.ApiError;
import org.lmsharness.lms.platform.Problems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may call what. Stateless: no session, no CSRF token, no request cache; the bearer JWT is
 * the whole identity. Role rules by path here; ownership rules (an instructor's own course) in the
 * features, through {@link CurrentUser}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableMethodSecurity
class SecurityRules {

    @Bean
    SecurityFilterChain api(HttpSecurity http, Tokens tokens, Problems problems, CurrentRoles roles) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(response, ApiError.UNAUTHENTICATED, "a valid bearer token is required: " + reason(e.getMessage()), request.getRequestURI());
        };
        AccessDeniedHandler denied = (request, response, e) ->
                problems.write(response, ApiError.FORBIDDEN, "your role may not call " + request.getMethod() + " " + request.getRequestURI(), request.getRequestURI());

        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> {})
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers(HttpMethod.POST, "/api/auth/signup", "/api/auth/login").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/courses", "/api/courses/*", "/api/courses/*/reviews").permitAll()
                        .requestMatchers(HttpMethod.HEAD, "/api/courses", "/api/courses/*", "/api/courses/*/reviews").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").hasRole(Role.ADMIN.name()) // the metrics endpoint is the operators', not any user's
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/admin/**").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(tokens.decoder()).jwtAuthenticationConverter(rolesFromClaim(roles)))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied));
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder(Tokens tokens) {
        return tokens.decoder();
    }

    @Bean
    WebMvcConfigurer currentUserArgument() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CurrentUser.Resolver());
            }
        };
    }

    /**
     * The token's role as its authority, once the role is checked to still be the user's: roles were read from the token alone,
     * so a demoted instructor or admin kept their powers until the token expired (an hour).
     */
    private static Converter<Jwt, AbstractAuthenticationToken> rolesFromClaim(CurrentRoles roles) {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("roles");
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);
        return jwt -> {
            CurrentUser user = CurrentUser.from(jwt);
            if (!roles.holds(user.id(), user.role())) throw new InvalidBearerTokenException("the user's role changed since this token was issued; log in again");
            return converter.convert(jwt);
        };
    }

    /** The decoder's reasons ("Jwt expired at ...", "signature did not match") are safe and useful. */
    private static String reason(String message) {
        if (message == null) return "missing";
        String oneLine = message.replace('\n', ' ');
        return oneLine.length() > 160 ? oneLine.substring(0, 160) : oneLine;
    }
}
