package org.opensn.schemas.serde;

import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificFixed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Avro 1.12 refuses to load a class named by a schema unless it is trusted (by default only
 * java.lang and a few others), so a specific reader fails with "Forbidden ... not trusted". This
 * adds, once per JVM and on top of whatever is configured, trust in generated Avro types only:
 * records implementing {@link SpecificRecord}, generated enums and {@link SpecificFixed}. A writer
 * schema can therefore not make the reader load anything else.
 */
final class GeneratedClassTrust {

    private GeneratedClassTrust() {
    }

    static synchronized void install() {
        ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (!(current instanceof TrustGenerated)) {
            ClassSecurityValidator.setGlobal(new TrustGenerated(current));
        }
    }

    private record TrustGenerated(ClassSecurityPredicate delegate) implements ClassSecurityPredicate {
        @Override
        public boolean isTrusted(Class<?> type) {
            return delegate.isTrusted(type) || isGenerated(type);
        }

        @Override
        public void forbiddenClass(String className) {
            delegate.forbiddenClass(className);
        }

        private static boolean isGenerated(Class<?> type) {
            return SpecificRecord.class.isAssignableFrom(type)
                    || type.isEnum() && GenericEnumSymbol.class.isAssignableFrom(type)
                    || SpecificFixed.class.isAssignableFrom(type);
        }
    }
}
