package org.lmsharness.lms.iam;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.lmsharness.lms.platform.InvalidSetting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
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
        this.decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
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
