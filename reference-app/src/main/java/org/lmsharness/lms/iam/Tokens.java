package org.lmsharness.lms.iam;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.lmsharness.lms.platform.InvalidSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/**
 * Issues and verifies HS256 bearer tokens. Every replica must share {@code lms.jwt.secret} (at least
 * 32 bytes) so a token issued by one is accepted by all; without it a random key is made and only
 * this process accepts its tokens.
 */
@Component
public class Tokens {

    public static final String ISSUER = "lms";
    private static final Logger log = LoggerFactory.getLogger(Tokens.class);

    private final SecretKey key;
    private final Duration lifetime;
    private final JwtEncoder encoder;
    private final NimbusJwtDecoder decoder;

    Tokens(@Value("${lms.jwt.secret:}") String secret, @Value("${lms.jwt.lifetime:1h}") Duration lifetime) {
        this.key = new SecretKeySpec(keyBytes(secret), "HmacSHA256");
        this.lifetime = lifetime;
        this.encoder = new NimbusJwtEncoder(new ImmutableSecret<>(key));
        this.decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        OAuth2TokenValidator<Jwt> ours = Tokens::issuedByUs;
        this.decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(ISSUER), ours));
    }

    /**
     * The claims this class issues and nothing else: a numeric subject and exactly one known role. A token signed with the key
     * but holding other claims (a subject that is not a number, no role, an unknown role, roles as a string) answered 500 where
     * the caller was read from it; it is not a token of ours, so it is refused with the decoder's other reasons (401).
     */
    static OAuth2TokenValidatorResult issuedByUs(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null || !subject.matches("[1-9][0-9]{0,17}")) return invalid("the subject is not a user id");
        Object roles = jwt.getClaims().get("roles");
        if (!(roles instanceof List<?> list) || list.size() != 1 || !(list.get(0) instanceof String role)
                || Arrays.stream(Role.values()).noneMatch(known -> known.name().equals(role))) {
            return invalid("the roles claim is not one known role");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String reason) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, reason, null));
    }

    public record Issued(String token, Instant expiresAt) {}

    public Issued issue(long userId, String email, Role role) {
        return issue(userId, email, role, Instant.now());
    }

    /** Issued as if at {@code now}: tests use a past instant to make expired tokens. */
    Issued issue(long userId, String email, Role role, Instant now) {
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(ISSUER)
                .subject(Long.toString(userId))
                .issuedAt(now)
                .expiresAt(now.plus(lifetime))
                .claim("email", email)
                .claim("roles", List.of(role.name()))
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
        return new Issued(token, now.plus(lifetime));
    }

    public Duration lifetime() {
        return lifetime;
    }

    JwtDecoder decoder() {
        return decoder;
    }

    private static byte[] keyBytes(String secret) {
        if (secret == null || secret.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            log.warn("lms.jwt.secret is not set: using a random key, so tokens are valid on this replica only");
            return random;
        }
        byte[] bytes = secret.startsWith("base64:")
                ? Base64.getDecoder().decode(secret.substring("base64:".length()))
                : secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) throw new InvalidSetting("lms.jwt.secret", "(" + bytes.length + " bytes)", "at least 32 bytes for HS256");
        return bytes;
    }
}
