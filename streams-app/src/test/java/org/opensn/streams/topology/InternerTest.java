package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InternerTest {

    @Test
    void equalStringsBecomeOneInstance() {
        Interner interner = new Interner(10);
        String first = new String("Trojan.Win32.Agent.abc");
        String second = new String("Trojan.Win32.Agent.abc");
        assertThat(second).isNotSameAs(first);
        assertThat(interner.intern(first)).isSameAs(first);
        assertThat(interner.intern(second)).isSameAs(first);
        assertThat(interner.intern(null)).isNull();
    }

    @Test
    void beyondItsCapacityAStringIsReturnedAsItIsAndNothingMoreIsHeld() {
        Interner interner = new Interner(2);
        interner.intern("a");
        interner.intern("b");
        String c = new String("c");
        assertThat(interner.intern(c)).isSameAs(c);
        assertThat(interner.intern(new String("c"))).isEqualTo("c").isNotSameAs(c);
        assertThat(interner.size()).isEqualTo(2);
        assertThat(interner.intern(new String("a"))).as("what it holds is still shared").isSameAs(interner.intern("a"));
        assertThatThrownBy(() -> new Interner(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    }
}
