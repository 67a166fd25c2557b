package dev.spindle.internal.poll;

/**
 * Latency first ({@code dev.spindle.poller.idle=spin}, the default before {@link CarrierWait}): after an empty poll, up to
 * {@code spins} more polls while threads are parked on the poller, letting the other threads on
 * the carrier run before each (one may make a socket ready), as Go's scheduler polls the network
 * before it sleeps; then a park watched by the master poller. Counted in polls, not time: a
 * yield lasts as long as the threads it lets run. While any socket has a waiter the spins never
 * run out under steady load, so the poller keeps its core busy; {@code spins = 0}
 * ({@code dev.spindle.poller.idle=park}) parks at once.
 */
final class FixedSpins implements IdleStrategy {
    private final int spins;

    FixedSpins(int spins) {
        this.spins = spins;
    }

    @Override
    public int await(Waiting poller, int timeoutMillis) {
        int n = poller.poll();
        for (int spin = 0; n == 0 && spin < spins && poller.spinMayPay(); spin++) {
            Thread.yield();
            poller.spun();
            n = poller.poll();
        }
        return n != 0 ? n : poller.park(timeoutMillis);
    }
}
