package io.switchboard.core.hub;

import io.netty.util.concurrent.ImmediateEventExecutor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When a fan-out sends each delivery at once and when it leaves them to the batch's flush. */
class FlushBatchTest {

    private final FlushBatch batch = new FlushBatch(ImmediateEventExecutor.INSTANCE);
    private final List<Boolean> seen = new ArrayList<>();

    @Test
    void aFanOutWithNothingQueuedBehindItSendsDirectly() {
        batch.fanOutQueued();
        batch.fanOut(() -> seen.add(batch.direct()));
        assertThat(seen).containsExactly(true);
        assertThat(batch.direct()).as("only while a fan-out runs").isFalse();
    }

    @Test
    void aFanOutWithAnotherQueuedBehindItLeavesItsDeliveriesToTheBatch() {
        batch.fanOutQueued();
        batch.fanOutQueued();
        batch.fanOut(() -> seen.add(batch.direct()));
        batch.fanOut(() -> seen.add(batch.direct()));
        assertThat(seen).containsExactly(false, true);
    }

    @Test
    void aFanOutQueuedMidwayTurnsTheRestOfTheCurrentOneToTheBatch() {
        batch.fanOutQueued();
        batch.fanOut(() -> {
            seen.add(batch.direct());
            batch.fanOutQueued(); // another publication arrives from another thread
            seen.add(batch.direct());
        });
        assertThat(seen).containsExactly(true, false);
    }

    @Test
    void aFailingFanOutStillEndsDirectMode() {
        batch.fanOutQueued();
        try {
            batch.fanOut(() -> {
                throw new IllegalStateException("delivery failed");
            });
        } catch (IllegalStateException expected) {
            // the loop would log it
        }
        assertThat(batch.direct()).isFalse();
    }
}
