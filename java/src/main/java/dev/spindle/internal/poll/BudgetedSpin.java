package dev.spindle.internal.poll;

/**
 * A policy for virtual-thread pollers ({@code dev.spindle.poller.idle=budget}): after
 * events, spin for at most {@code maxNanos}, then park. Each batch of events refills the budget;
 * empty polls (each after letting the carrier's other threads run) spend it by the time they
 * take, and when it is gone the poller parks, watched by the master poller. It is the
 * ski-rental rule: a park costs a wake-up later (the master's switch and the carrier's), so
 * spinning about as long as a wake-up costs, and no longer, never pays more than twice the best
 * choice made in hindsight. Gaps shorter than the budget (steady load, bursts) are bridged
 * without a wake-up; longer ones cost the budget and one wake-up; an idle poller parks for good
 * after one budget and costs nothing. Not the default: on this project's 2-core VM a park and
 * its wake-up cost more than the gaps it saved (bench/results/efficiency-2026-12-07).
 */
final class BudgetedSpin implements IdleStrategy {
    private final long maxNanos;
    private long credit;

    BudgetedSpin(long maxNanos) {
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
        credit = 0; // a park ends the streak: the budget is for the gaps within a run of events, not across idle time
        return poller.park(timeoutMillis);
    }

    @Override
    public void handled(long busyNanos) {
        credit = maxNanos;
    }
}
