package org.opensn.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClusterSelectionTest {

    @AfterEach
    void reset() {
        System.clearProperty(EmbeddedServices.CLUSTER_PROPERTY);
    }

    @Test
    void embeddedIsTheDefault() {
        assertThat(EmbeddedServices.useContainers()).isFalse();
    }

    @Test
    void containersAreChosenByTheSystemProperty() {
        System.setProperty(EmbeddedServices.CLUSTER_PROPERTY, "containers");
        assertThat(EmbeddedServices.useContainers()).isTrue();
    }

    @Test
    void anUnknownClusterIsRefusedWithTheChoices() {
        System.setProperty(EmbeddedServices.CLUSTER_PROPERTY, "docker");
        assertThatThrownBy(EmbeddedServices::useContainers)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("-Dopensn.it.cluster=docker")
                .hasMessageContaining("embedded or containers");
    }
}
