package dev.spindle.internal.poll;

import java.util.Arrays;

/**
 * A binary min-heap of timer nodes keyed by deadline, owned by one poller
 * thread. Each node records its index, so update and removal are O(log n)
 * without search; the array grows and is reused, so steady state allocates nothing.
 */
final class DeadlineHeap {
    private TimerNode[] nodes = new TimerNode[64];
    private int size;

    int size() {
        return size;
    }

    /** The earliest key; only when not empty. */
    long topKey() {
        return nodes[0].heapKey;
    }

    TimerNode top() {
        return nodes[0];
    }

    /** Inserts the node, or moves it if it is already here. */
    void put(TimerNode n, long key) {
        if (n.heapIndex < 0) {
            if (size == nodes.length) nodes = Arrays.copyOf(nodes, size * 2);
            n.heapKey = key;
            n.heapIndex = size;
            nodes[size++] = n;
            siftUp(n.heapIndex);
        } else {
            long old = n.heapKey;
            n.heapKey = key;
            if (key - old < 0) siftUp(n.heapIndex);
            else siftDown(n.heapIndex);
        }
    }

    void remove(TimerNode n) {
        int i = n.heapIndex;
        if (i < 0) return;
        n.heapIndex = -1;
        TimerNode last = nodes[--size];
        nodes[size] = null;
        if (i == size) return;
        nodes[i] = last;
        last.heapIndex = i;
        siftDown(i);
        siftUp(last.heapIndex);
    }

    /** Drops every node; used when a poller stops. */
    void clear() {
        for (int i = 0; i < size; i++) {
            nodes[i].heapIndex = -1;
            nodes[i] = null;
        }
        size = 0;
    }

    private void siftUp(int i) {
        TimerNode n = nodes[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TimerNode p = nodes[parent];
            if (p.heapKey - n.heapKey <= 0) break;
            nodes[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        nodes[i] = n;
        n.heapIndex = i;
    }

    private void siftDown(int i) {
        TimerNode n = nodes[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            TimerNode c = nodes[child];
            int right = child + 1;
            if (right < size && nodes[right].heapKey - c.heapKey < 0) c = nodes[child = right];
            if (n.heapKey - c.heapKey <= 0) break;
            nodes[i] = c;
            c.heapIndex = i;
            i = child;
        }
        nodes[i] = n;
        n.heapIndex = i;
    }
}
