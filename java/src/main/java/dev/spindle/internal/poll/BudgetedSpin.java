package dev.spindle.internal.poll;

/**
 * The default policy for virtual-thread pollers ({@code dev.spindle.poller.idle=budget}): spin
 * only on credit earned by work. Each batch of events earns {@code sharePercent} % of the time
 * it kept the poller and the threads it woke busy, up to {@code maxNanos}; empty polls after it
 * (each after letting the carrier's other threads run) spend the credit by the time they take,
 * and when it is gone the poller parks, watched by the master poller. So spinning is bounded by
 * a share of the busy time, as Linux's busy-poll budgets and Go's cap on spinning threads bound
 * theirs; under steady load the next request is often caught without a park and a wake-up,
 * and an idle poller has no credit: it parks at once and costs nothing.
 */
final class BudgetedSpin implements IdleStrategy {
    private final int sharePercent;
    private final long maxNanos;
    private long credit;

    BudgetedSpin(int sharePercent, long maxNanos) {
        this.sharePercent = sharePercent;
        this.maxNanos = maxNanos;
    }

    @Override
    public int await(Waiting poller, int timeoutMillis) {
        int n = poller.poll();
        while (n == 0 && credit > 0 && poller.spinMayPay()) {
            long t0 = System.nanoTime();
            Thread.yield();
            poller.spun();
            n = poller.poll();
            credit -= System.nanoTime() - t0;
        }
        if (n != 0) return n;
        credit = 0; // a park ends the streak: credit is for the gaps within a burst, not across idle time
        return poller.park(timeoutMillis);
    }

    @Override
    public void handled(long busyNanos) {
        credit = Math.min(maxNanos, credit + busyNanos * sharePercent / 100);
    }
}
