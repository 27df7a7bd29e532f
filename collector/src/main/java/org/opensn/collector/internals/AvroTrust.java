package org.opensn.collector.internals;

import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12 loads a class named by a schema only if it is trusted; reading the spool back (single-object
 * encoding of our own generated classes) needs the generated records and enums of {@code org.opensn.schemas.avro}.
 * This adds exactly those, on top of whatever is configured, once per JVM.
 */
final class AvroTrust {

    private static final String PACKAGE = "org.opensn.schemas.avro.";

    private AvroTrust() {
    }

    static synchronized void install() {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (!(current instanceof OpenSnGenerated)) {
            ClassSecurityValidator.setGlobal(new OpenSnGenerated(current));
        }
    }

    private record OpenSnGenerated(ClassSecurityPredicate delegate) implements ClassSecurityPredicate {
        @Override
        public boolean isTrusted(Class<?> type) {
            return delegate.isTrusted(type) || type.getName().startsWith(PACKAGE)
                    && (SpecificRecord.class.isAssignableFrom(type) || type.isEnum() && GenericEnumSymbol.class.isAssignableFrom(type));
        }

        @Override
        public void forbiddenClass(String className) {
            delegate.forbiddenClass(className);
        }
    }
}
