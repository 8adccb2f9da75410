package org.lmsharness.lms.iam;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class Passwords {

    /** A realistic cost (Spring Security's default, 10): login is CPU-heavy, as it is in production. */
    @Bean
    PasswordEncoder passwordEncoder(@Value("${lms.iam.bcrypt-strength:10}") int strength) {
        return new BCryptPasswordEncoder(strength);
    }
}
