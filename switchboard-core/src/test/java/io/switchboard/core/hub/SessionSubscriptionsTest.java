package io.switchboard.core.hub;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionSubscriptionsTest {

    private static Subscription sub(String channel) {
        return new Subscription(null, null, ChannelName.parse(channel), null);
    }

    @Test
    void holdsOneSubscriptionWithoutAMapAndGrowsInSubscribeOrder() {
        SessionSubscriptions subs = new SessionSubscriptions();
        assertThat(subs.size()).isZero();
        assertThat(subs.get("a:1")).isNull();

        Subscription a = sub("a:1");
        subs.add(a);
        assertThat(subs.size()).isEqualTo(1);
        assertThat(subs.get("a:1")).isSameAs(a);
        assertThat(subs.get("a:2")).isNull();

        Subscription b = sub("a:2");
        Subscription c = sub("b:3");
        subs.add(b);
        subs.add(c);
        assertThat(subs.size()).isEqualTo(3);
        assertThat(subs.snapshot()).containsExactly(a, b, c);
        assertThat(subs.get("a:2")).isSameAs(b);
    }

    @Test
    void removeReturnsTheSubscriptionOnceInBothShapes() {
        SessionSubscriptions subs = new SessionSubscriptions();
        Subscription a = sub("a:1");
        subs.add(a);
        assertThat(subs.remove("a:2")).isNull();
        assertThat(subs.remove("a:1")).isSameAs(a);
        assertThat(subs.remove("a:1")).isNull();
        assertThat(subs.size()).isZero();
        assertThat(subs.snapshot()).isEmpty();

        Subscription b = sub("a:2");
        subs.add(a);
        subs.add(b);
        assertThat(subs.remove("a:1")).isSameAs(a);
        assertThat(subs.snapshot()).containsExactly(b);
        assertThat(subs.remove("a:2")).isSameAs(b);
        assertThat(subs.size()).isZero();
        subs.add(a); // usable again after it emptied
        assertThat(subs.get("a:1")).isSameAs(a);
    }

    @Test
    void refusesASecondSubscriptionToTheSameChannel() {
        SessionSubscriptions subs = new SessionSubscriptions();
        subs.add(sub("a:1"));
        assertThatThrownBy(() -> subs.add(sub("a:1"))).isInstanceOf(IllegalStateException.class);
        subs.add(sub("a:2"));
        assertThatThrownBy(() -> subs.add(sub("a:2"))).isInstanceOf(IllegalStateException.class);
        assertThat(subs.size()).isEqualTo(2);
    }

    @Test
    void snapshotIsSafeToIterateWhileRemoving() {
        SessionSubscriptions subs = new SessionSubscriptions();
        subs.add(sub("a:1"));
        subs.add(sub("a:2"));
        for (Subscription s : subs.snapshot()) {
            subs.remove(s.channel().full());
        }
        assertThat(subs.size()).isZero();
        subs.clear();
        assertThat(subs.snapshot()).isEmpty();
    }
}
