package org.lmsharness.cli;

import java.time.Duration;
import org.lmsharness.common.Durations;
import org.lmsharness.simulations.Load;
import org.lmsharness.simulations.Profile;
import org.lmsharness.topology.Backend;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values as people write them: durations such as 90s, back ends in any case. */
final class Converters {

    private Converters() {}

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return Durations.parse(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("a duration such as 250ms, 90s, 10m or 1h, got '" + value + "'");
            }
        }
    }

    static final class BackendConverter implements ITypeConverter<Backend> {
        @Override
        public Backend convert(String value) {
            try {
                return Backend.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("auto, local or containers, got '" + value + "'");
            }
        }
    }

    static final class ProfileConverter implements ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            try {
                return Profile.of(value);
            } catch (Load.Invalid e) {
                throw new TypeConversionException("one of " + String.join(", ", Profile.labels()) + ", got '" + value + "'");
            }
        }
    }
}
