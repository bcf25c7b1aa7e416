package io.switchboard.server.config;

import io.switchboard.core.config.ConfigException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the textual values of configuration keys and CLI options. Each failure is a
 * {@link ConfigException} naming the key and quoting the value.
 */
public final class ConfigValues {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})\\s*(b|kib|mib|gib)?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private ConfigValues() {
    }

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 2d}, or {@code 0}. */
    public static Duration duration(String key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new ConfigException(key, quote(text) + " is not a duration (use e.g. 500ms, 10s, 5m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Bytes: {@code 65536}, {@code 512B}, {@code 64KiB}, {@code 1MiB}, {@code 1GiB}. */
    public static long byteSize(String key, String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(key, quote(text) + " is not a byte size (use e.g. 65536, 64KiB, 1MiB)");
        }
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            default -> 1;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ConfigException(key, quote(text) + " is too large");
        }
    }

    /** A byte size that must fit an {@code int}. */
    public static int intByteSize(String key, String text) {
        long bytes = byteSize(key, text);
        if (bytes > Integer.MAX_VALUE) {
            throw new ConfigException(key, quote(text) + " is too large (at most 2GiB - 1)");
        }
        return (int) bytes;
    }

    public static int integer(String key, String text) {
        String t = text.trim();
        if (!INTEGER.matcher(t).matches()) {
            throw new ConfigException(key, quote(text) + " is not an integer");
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, quote(text) + " is out of range");
        }
    }

    public static double decimal(String key, String text) {
        String t = text.trim();
        if (!DECIMAL.matcher(t).matches()) {
            throw new ConfigException(key, quote(text) + " is not a number");
        }
        double d = Double.parseDouble(t);
        if (Double.isInfinite(d)) {
            throw new ConfigException(key, quote(text) + " is out of range");
        }
        return d;
    }

    public static boolean bool(String key, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, quote(text) + " is not a boolean (true or false)");
        };
    }

    /** One of the enum's constants, written in lower case. */
    public static <E extends Enum<E>> E oneOf(String key, String text, Class<E> type) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(t)) {
                return e;
            }
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new ConfigException(key, quote(text) + " is not one of " + String.join(", ", names));
    }

    /** Splits {@code a, b,c} into trimmed, non-empty parts. */
    public static List<String> commaList(String text) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    static String quote(String text) {
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return "'" + shown + "'";
    }
}
