package io.switchboard.protocol.codec;

import io.switchboard.protocol.Command;
import io.switchboard.protocol.ProtocolCodec;
import io.switchboard.protocol.Push;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Codecs are shared by every connection's event loop. */
class ThreadSafetyTest {

    @Test
    void concurrentUseGivesTheSameBytes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (ProtocolCodec codec : Codecs.ALL) {
                List<byte[]> expectedPushes = new ArrayList<>();
                for (Push p : Samples.pushes()) {
                    expectedPushes.add(codec.encodePush(p));
                }
                List<Command> commands = Samples.commands();
                List<byte[]> frames = new ArrayList<>();
                for (Command c : commands) {
                    frames.add(codec.encodeCommand(c));
                }
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    results.add(pool.submit(() -> {
                        for (int round = 0; round < 200; round++) {
                            for (int i = 0; i < expectedPushes.size(); i++) {
                                if (!java.util.Arrays.equals(codec.encodePush(Samples.pushes().get(i)), expectedPushes.get(i))) {
                                    return false;
                                }
                            }
                            for (int i = 0; i < frames.size(); i++) {
                                if (!codec.decodeCommand(frames.get(i)).equals(commands.get(i))) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : results) {
                    assertThat(f.get()).isTrue();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
