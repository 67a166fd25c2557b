package dev.spindle.bench.thesis;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LapsTest {
    /** A "ring" with no task on it: what the head is given, the tail hands back at once. */
    private static final class Loop implements Link {
        final ArrayDeque<Integer> bytes = new ArrayDeque<>();

        @Override
        public int read() {
            return bytes.remove();
        }

        @Override
        public void write(int b) {
            bytes.add(b);
        }
    }

    @Test
    void spreadIsRangeOverMedian() {
        assertEquals(0.2, Laps.spread(new double[] {10, 9, 11, 10, 10}), 1e-12);
        assertEquals(10, Laps.median(new double[] {12, 9, 10, 11, 8}), 1e-12);
    }

    @Test
    void stopsAtTheRepetitionsWhenTheyAgree() throws Exception {
        Loop loop = new Loop();
        Laps.Result r = Laps.repeat(loop, loop, 1, new Laps.Plan(10, 50, 1_000_000_000L, 5, 10_000_000_000L, 1e9));
        assertTrue(r.converged());
        assertEquals(5, r.all().length);
        assertEquals(5, r.window());
        assertEquals(5 * 50, r.laps());
    }

    @Test
    void stopsAtTheCapWhenTheyDoNot() throws Exception {
        Loop loop = new Loop();
        long cap = 200_000_000L;
        long t0 = System.nanoTime();
        Laps.Result r = Laps.repeat(loop, loop, 1, new Laps.Plan(10, 1_000_000, 10_000_000L, 3, cap, 0)); // a spread < 0 never happens
        long took = System.nanoTime() - t0;
        assertFalse(r.converged());
        assertTrue(r.all().length >= 3, "at least the repetitions of the window");
        assertTrue(took < 2 * cap, "bounded by the cap: took " + took / 1e6 + " ms");
    }
}
