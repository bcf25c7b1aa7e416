package io.switchboard.client;

import io.switchboard.protocol.Command;
import io.switchboard.protocol.Payload;
import io.switchboard.protocol.Publication;
import io.switchboard.protocol.Result;
import io.switchboard.protocol.StreamPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscription's own logic, driven directly (callbacks run inline): which position it recovers from,
 * the order of events after a resubscribe, and what counts as a duplicate.
 */
@Timeout(10)
class SubscriptionTest {

    private final Dispatcher inline = new Dispatcher(Runnable::run);
    private final SubscriptionEvents events = new SubscriptionEvents();
    private final Subscription.Owner owner = s -> CompletableFuture.completedFuture(null);

    private Subscription subscription(SubscribeOptions options) {
        return new Subscription("chat:x", options, events, owner, inline);
    }

    private static Publication pub(String id, long offset) {
        return new Publication(id, offset, Payload.ofJson("{\"o\":" + offset + "}"), null);
    }

    private static Result.Subscribe result(long offset, String epoch, boolean recovered, Publication... pubs) {
        return new Result.Subscribe(offset, epoch, true, recovered, List.of(pubs));
    }

    @Test
    void theFirstSubscribeStartsFromTheCurrentPositionAndIsNoRecovery() {
        Subscription s = subscription(SubscribeOptions.defaults());
        Command.Subscribe first = s.command(1);
        assertThat(first.recover()).isFalse();

        s.subscribed(result(7, "e", false), first);

        assertThat(s.state()).isEqualTo(SubscriptionState.SUBSCRIBED);
        assertThat(s.position()).isEqualTo(new StreamPosition(7, "e"));
        assertThat(events.recoveries).isEmpty();
        assertThat(s.whenSubscribed()).isCompletedWithValue(s);
    }

    @Test
    void aResubscribeRecoversFromTheLastDeliveredPublicationAndReportsFirstThenDeliversInOrderWithoutDuplicates() {
        Subscription s = subscription(SubscribeOptions.defaults());
        s.subscribed(result(7, "e", false), s.command(1));
        s.publication(pub("p8", 8));
        s.publication(pub("p9", 9));
        s.suspended(1006, "lost");
        assertThat(s.state()).isEqualTo(SubscriptionState.SUBSCRIBING);

        Command.Subscribe again = s.command(2);
        assertThat(again.recover()).isTrue();
        assertThat(again.offset()).isEqualTo(9);
        assertThat(again.epoch()).isEqualTo("e");
        // The server returns the missed ones; a live duplicate of p11 follows.
        s.subscribed(result(11, "e", true, pub("p10", 10), pub("p11", 11)), again);
        s.publication(pub("p11", 11));
        s.publication(pub("p12", 12));

        assertThat(events.offsets()).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(events.timeline).containsSubsequence("state:SUBSCRIBING", "state:SUBSCRIBED", "recovered:true",
                "pub:10", "pub:11", "pub:12");
        assertThat(events.recoveries.get(0).publications()).isEqualTo(2);
        assertThat(s.position()).isEqualTo(new StreamPosition(12, "e"));
    }

    @Test
    void aNewEpochIsReportedAsALossAndOffsetsStartOver() {
        Subscription s = subscription(SubscribeOptions.defaults());
        s.subscribed(result(40, "old", false), s.command(1));
        s.suspended(1001, "restart");

        Command.Subscribe again = s.command(2);
        s.subscribed(result(0, "new", false), again);
        s.publication(pub("n1", 1));

        RecoveredEvent r = events.recoveries.get(0);
        assertThat(r.recovered()).isFalse();
        assertThat(r.epochChanged()).isTrue();
        assertThat(events.offsets()).containsExactly(1L);
        assertThat(s.position()).isEqualTo(new StreamPosition(1, "new"));
    }

    @Test
    void withoutRecoveryEveryResubscribeReportsAPossibleLoss() {
        Subscription s = subscription(SubscribeOptions.defaults().withRecover(false));
        s.subscribed(result(3, "e", false), s.command(1));
        s.suspended(1006, "lost");
        Command.Subscribe again = s.command(2);
        assertThat(again.recover()).isFalse();
        s.subscribed(result(5, "e", false), again);
        assertThat(events.recoveries).singleElement().satisfies(r -> assertThat(r.recovered()).isFalse());
    }

    @Test
    void aChannelWithoutHistoryCannotRecoverAndDedupesByIdOnly() {
        Subscription s = subscription(SubscribeOptions.defaults());
        Result.Subscribe live = new Result.Subscribe(0, "", false, false, List.of());
        s.subscribed(live, s.command(1));
        s.publication(pub("a", 0));
        s.publication(pub("a", 0));
        s.publication(pub("b", 0));
        s.suspended(1006, "lost");
        Command.Subscribe again = s.command(2);
        assertThat(again.recover()).isFalse();
        s.subscribed(live, again);

        assertThat(events.ids()).containsExactly("a", "b");
        assertThat(events.recoveries).singleElement().satisfies(r -> assertThat(r.recovered()).isFalse());
    }

    @Test
    void aKnownPositionIsRecoveredFromOnTheFirstSubscribe() {
        Subscription s = subscription(SubscribeOptions.since(new StreamPosition(20, "e")));
        Command.Subscribe first = s.command(1);
        assertThat(first.recover()).isTrue();
        assertThat(first.offset()).isEqualTo(20);

        s.subscribed(result(21, "e", true, pub("p21", 21)), first);

        assertThat(events.recoveries).singleElement().satisfies(r -> assertThat(r.recovered()).isTrue());
        assertThat(events.offsets()).containsExactly(21L);
    }

    @Test
    void publicationsBeforeTheSubscriptionIsConfirmedAreNotDelivered() {
        Subscription s = subscription(SubscribeOptions.defaults());
        s.publication(pub("early", 1));
        assertThat(events.publications).isEmpty();
    }

    @Test
    void anEndBeforeTheFirstConfirmationFailsWhenSubscribed() {
        Subscription s = subscription(SubscribeOptions.defaults());
        SwitchboardException denied = new SwitchboardException(103, "permission denied", false, null);
        s.ended(103, "permission denied", denied);

        assertThat(s.state()).isEqualTo(SubscriptionState.UNSUBSCRIBED);
        assertThat(s.whenSubscribed()).isCompletedExceptionally();
        assertThat(events.errors).containsExactly(denied);
        s.publication(pub("late", 1));
        assertThat(events.publications).isEmpty();
    }
}
