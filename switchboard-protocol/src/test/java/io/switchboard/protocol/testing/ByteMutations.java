package io.switchboard.protocol.testing;

import java.util.Arrays;
import java.util.Random;

/** Random small edits of a byte array, for differential tests of a fast path against its parser. */
public final class ByteMutations {

    private ByteMutations() {
    }

    /**
     * One to three random edits: replace, insert or delete a byte, or cut the input short. A new byte is
     * from {@code alphabet} seven times in eight, else any byte.
     */
    public static byte[] mutate(byte[] input, Random random, byte[] alphabet) {
        byte[] out = input;
        for (int edits = 1 + random.nextInt(3); edits > 0 && out.length > 0; edits--) {
            int at = random.nextInt(out.length);
            byte b = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            switch (random.nextInt(4)) {
                case 0 -> {
                    out = out.clone();
                    out[at] = b;
                }
                case 1 -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = b;
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                case 2 -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
                default -> out = Arrays.copyOf(out, at);
            }
        }
        return out;
    }
}
