package dev.spindle.nio;

import static dev.spindle.nio.Nio.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Virtual threads blocked in select unmount: more of them than carriers leave the scheduler free. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualSelectNoPinTest {
    @Test
    void moreSelectingVirtualThreadsThanCarriersDoNotStopOthers() throws Exception {
        Nio.assumeNative();
        // The scheduler's parallelism defaults to the processor count, and its pool grows past
        // that only for the JDK's own blocking operations, not for a pinned native call.
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        int selecting = carriers * 2 + 2;
        List<Selector> selectors = new ArrayList<>();
        List<Nio.Running<Integer>> blocked = new ArrayList<>();
        try {
            for (int i = 0; i < selecting; i++) {
                Selector s = PROVIDER.openSelector();
                selectors.add(s);
                blocked.add(Nio.blocked(true, s::select)); // each parked in select, all at once
            }
            // Unmounted: a virtual thread pinned in epoll_wait would show RUNNABLE.
            for (Nio.Running<Integer> r : blocked) assertEquals(Thread.State.WAITING, r.thread().getState());
            // With every selecting thread parked, new virtual threads still run to completion.
            for (int i = 0; i < carriers * 4; i++) {
                int id = i;
                assertEquals(id, Nio.resultOf(Nio.run(true, () -> id).result()));
            }
            for (Nio.Running<Integer> r : blocked) assertTrue(!r.result().isDone(), "a select returned early");
        } finally {
            for (Selector s : selectors) s.wakeup();
            for (Nio.Running<Integer> r : blocked) r.result().get(10, TimeUnit.SECONDS);
            for (Selector s : selectors) s.close();
        }
    }
}
