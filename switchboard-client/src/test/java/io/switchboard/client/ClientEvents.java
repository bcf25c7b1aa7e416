package io.switchboard.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Records a client's events for assertions (thread-safe). */
final class ClientEvents implements ClientListener {

    final List<StateEvent> states = new CopyOnWriteArrayList<>();
    final List<ConnectedEvent> connects = new CopyOnWriteArrayList<>();
    final List<DisconnectedEvent> disconnects = new CopyOnWriteArrayList<>();
    final List<MessageEvent> messages = new CopyOnWriteArrayList<>();
    final List<SwitchboardException> errors = new CopyOnWriteArrayList<>();

    @Override
    public void onStateChange(StateEvent event) {
        states.add(event);
    }

    @Override
    public void onConnected(ConnectedEvent event) {
        connects.add(event);
    }

    @Override
    public void onDisconnected(DisconnectedEvent event) {
        disconnects.add(event);
    }

    @Override
    public void onMessage(MessageEvent event) {
        messages.add(event);
    }

    @Override
    public void onError(SwitchboardException error) {
        errors.add(error);
    }

    List<ClientState> stateSequence() {
        return states.stream().map(StateEvent::current).collect(Collectors.toList());
    }
}
