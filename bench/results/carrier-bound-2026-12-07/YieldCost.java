import java.util.concurrent.locks.LockSupport;

/** What a virtual thread's Thread.yield() costs on one carrier: alone, and with another thread to run. */
public class YieldCost {
    public static void main(String[] args) throws Exception {
        int n = 2_000_000;
        for (int round = 0; round < 3; round++) {
            long[] out = new long[1];
            Thread t = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200_000; i++) Thread.yield(); // warm up
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) Thread.yield();
                out[0] = System.nanoTime() - t0;
            });
            t.join();
            System.out.printf("empty yield: %.0f ns%n", out[0] / (double) n);
            // timing of a single yield as the poller would see it: how short is "nothing ran"?
            long[] hist = new long[8];
            Thread u = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200_000; i++) {
                    long t0 = System.nanoTime();
                    Thread.yield();
                    long d = System.nanoTime() - t0;
                    hist[d < 250 ? 0 : d < 500 ? 1 : d < 1000 ? 2 : d < 2000 ? 3 : d < 4000 ? 4 : d < 8000 ? 5 : d < 16000 ? 6 : 7]++;
                }
            });
            u.join();
            System.out.println("  single empty yield, ns buckets <250,<500,<1k,<2k,<4k,<8k,<16k,more: " + java.util.Arrays.toString(hist));
            // a yield that lets one other thread run a park/unpark hand-off
            Thread[] pair = new Thread[2];
            long[] hist2 = new long[8];
            pair[1] = Thread.ofVirtual().unstarted(() -> {
                for (int i = 0; i < 100_000; i++) LockSupport.park();
            });
            pair[0] = Thread.ofVirtual().unstarted(() -> {
                for (int i = 0; i < 100_000; i++) {
                    LockSupport.unpark(pair[1]);
                    long t0 = System.nanoTime();
                    Thread.yield();
                    long d = System.nanoTime() - t0;
                    hist2[d < 250 ? 0 : d < 500 ? 1 : d < 1000 ? 2 : d < 2000 ? 3 : d < 4000 ? 4 : d < 8000 ? 5 : d < 16000 ? 6 : 7]++;
                }
                LockSupport.unpark(pair[1]);
            });
            pair[1].start();
            pair[0].start();
            pair[0].join();
            pair[1].join(1000);
            System.out.println("  yield that ran one other thread, ns buckets: " + java.util.Arrays.toString(hist2));
        }
    }
}
