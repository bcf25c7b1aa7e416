package io.switchboard.protocol.testing;

import java.util.Random;

/** Random pieces of JSON in the plain form the fast paths read, for their differential tests. */
public final class PlainJsonSamples {

    private PlainJsonSamples() {
    }

    /**
     * A quoted string of printable ASCII without quotes or backslashes, usually shorter than
     * {@code maxLength} characters and one time in eight shorter than 3.
     */
    public static String string(Random random, int maxLength) {
        StringBuilder s = new StringBuilder("\"");
        for (int k = random.nextInt(random.nextInt(8) == 0 ? 3 : maxLength); k > 0; k--) {
            char c = (char) (0x20 + random.nextInt(0x5f));
            s.append(c == '"' || c == '\\' ? 'q' : c);
        }
        return s.append('"').toString();
    }

    /** JSON whitespace between tokens: none two times in three. */
    public static String space(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> " ";
            case 1 -> "\n\t ";
            default -> "";
        };
    }
}
