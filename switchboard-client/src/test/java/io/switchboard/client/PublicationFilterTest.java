package io.switchboard.client;

import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.StreamPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class PublicationFilterTest {

    private static Publication pub(String id, long offset) {
        return new Publication(id, offset, Payload.ofJson("1"), null);
    }

    @Test
    void dropsARepeatedIdAndAnOffsetAlreadyPassed() {
        PublicationFilter f = new PublicationFilter(16);
        f.moveTo(new StreamPosition(10, "e1"));

        assertThat(f.accept(pub("a", 11), true)).isTrue();
        assertThat(f.accept(pub("a", 11), true)).as("same id").isFalse();
        assertThat(f.accept(pub("b", 11), true)).as("same offset, other id").isFalse();
        assertThat(f.accept(pub("c", 9), true)).as("before the start").isFalse();
        assertThat(f.accept(pub("d", 12), true)).isTrue();
        assertThat(f.position()).isEqualTo(new StreamPosition(12, "e1"));
    }

    @Test
    void withoutHistoryOnlyIdsCount() {
        PublicationFilter f = new PublicationFilter(16);
        assertThat(f.accept(pub("a", 0), false)).isTrue();
        assertThat(f.accept(pub("b", 0), false)).isTrue();
        assertThat(f.accept(pub("a", 0), false)).isFalse();
        assertThat(f.position()).isEqualTo(new StreamPosition(0, ""));
    }

    @Test
    void aNewEpochStartsOverWhileTheSameEpochNeverGoesBack() {
        PublicationFilter f = new PublicationFilter(16);
        f.moveTo(new StreamPosition(50, "old"));
        f.moveTo(new StreamPosition(40, "old"));
        assertThat(f.position()).isEqualTo(new StreamPosition(50, "old"));

        f.moveTo(new StreamPosition(0, "new"));
        assertThat(f.accept(pub("x", 1), true)).isTrue();
        assertThat(f.position()).isEqualTo(new StreamPosition(1, "new"));
    }

    @Test
    void remembersOnlyTheMostRecentIds() {
        PublicationFilter f = new PublicationFilter(2);
        f.accept(pub("a", 0), false);
        f.accept(pub("b", 0), false);
        f.accept(pub("c", 0), false);
        assertThat(f.accept(pub("a", 0), false)).as("forgotten").isTrue();
        assertThat(f.accept(pub("c", 0), false)).isFalse();
    }
}
