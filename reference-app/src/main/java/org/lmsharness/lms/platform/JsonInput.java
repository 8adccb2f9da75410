package org.lmsharness.lms.platform;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * What request bodies may hold beyond their declared types (Spring Boot registers the module with
 * its JSON mapper): no NUL character in any text. PostgreSQL cannot store one, and a title with
 * {@code \u0000} in it was answered 409 "conflicts with existing data"; it is now a 400 naming the field.
 * Fractions in integer fields are refused by {@code spring.jackson.deserialization.accept-float-as-int=false}.
 */
@Configuration(proxyBeanMethods = false)
class JsonInput {

    @Bean
    SimpleModule textWithoutNul() {
        return new SimpleModule("text-without-nul").addDeserializer(String.class, new TextWithoutNul());
    }

    static final class TextWithoutNul extends StdScalarDeserializer<String> {
        TextWithoutNul() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && text.indexOf('\0') >= 0) {
                return (String) context.handleWeirdStringValue(String.class, text, "a NUL character cannot be stored");
            }
            return text;
        }
    }
}
