import io.netty.util.collection.IntObjectHashMap;

/**
 * What closing connections costs in Netty's epoll registration map (EpollIoHandler keeps channels in
 * an IntObjectHashMap keyed by file descriptor). That map hashes an int to itself and probes linearly,
 * and the kernel hands out the lowest free descriptors, so a node's registrations fill one contiguous
 * run of slots; removing one scans the rest of that run (backward-shift deletion). Run it with
 * Netty's common jar:
 *
 *   java -cp "$(find ~/.m2 -name 'netty-common-4.2.18*.jar' | head -1)" bench/tools/FdMapRemoval.java 19000
 */
public class FdMapRemoval {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 19_000;
        Object channel = new Object();
        for (int round = 1; round <= 5; round++) {
            for (int spread : new int[] {1, 0x9E3779B9}) { // 1: Netty's keys; the other: SpreadFdMap's
                for (boolean ascending : new boolean[] {true, false}) {
                    long nanos = removeAll(n, spread, ascending, channel);
                    if (round == 5) { // the first rounds warm the JIT up
                        System.out.printf("%,d registrations removed in %s descriptor order, %s: %.1f ms, %.2f us each%n",
                                n, ascending ? "ascending" : "descending", spread == 1 ? "Netty's keys" : "spread keys",
                                nanos / 1e6, nanos / 1e3 / n);
                    }
                }
            }
        }
    }

    private static long removeAll(int n, int spread, boolean ascending, Object channel) {
        IntObjectHashMap<Object> registrations = new IntObjectHashMap<>(4096); // as EpollIoHandler sizes it
        for (int fd = 20; fd < 20 + n; fd++) {
            registrations.put(fd * spread, channel);
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            registrations.remove((ascending ? 20 + i : 20 + n - 1 - i) * spread);
        }
        return System.nanoTime() - start;
    }
}
