package io.switchboard.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Records a subscription's events for assertions (thread-safe). */
final class SubscriptionEvents implements SubscriptionListener {

    final List<ChannelPublication> publications = new CopyOnWriteArrayList<>();
    final List<SubscriptionStateEvent> states = new CopyOnWriteArrayList<>();
    final List<RecoveredEvent> recoveries = new CopyOnWriteArrayList<>();
    final List<PresenceEvent> joins = new CopyOnWriteArrayList<>();
    final List<PresenceEvent> leaves = new CopyOnWriteArrayList<>();
    final List<SwitchboardException> errors = new CopyOnWriteArrayList<>();
    /** Publications, state changes and recoveries in arrival order, as short strings. */
    final List<String> timeline = new CopyOnWriteArrayList<>();

    @Override
    public void onPublication(ChannelPublication publication) {
        publications.add(publication);
        timeline.add("pub:" + publication.offset());
    }

    @Override
    public void onStateChange(SubscriptionStateEvent event) {
        states.add(event);
        timeline.add("state:" + event.current());
    }

    @Override
    public void onRecovered(RecoveredEvent event) {
        recoveries.add(event);
        timeline.add("recovered:" + event.recovered());
    }

    @Override
    public void onJoin(PresenceEvent event) {
        joins.add(event);
    }

    @Override
    public void onLeave(PresenceEvent event) {
        leaves.add(event);
    }

    @Override
    public void onError(SwitchboardException error) {
        errors.add(error);
    }

    List<Long> offsets() {
        return publications.stream().map(ChannelPublication::offset).collect(Collectors.toList());
    }

    List<String> texts() {
        return publications.stream().map(p -> p.data().asString()).collect(Collectors.toList());
    }

    List<String> ids() {
        return publications.stream().map(ChannelPublication::id).collect(Collectors.toList());
    }
}
