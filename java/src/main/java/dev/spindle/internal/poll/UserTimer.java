package dev.spindle.internal.poll;

import dev.spindle.ScheduledTask;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A user's task on a poller's timer: runs once, on the poller thread, unless cancelled first. */
final class UserTimer extends TimerNode implements ScheduledTask {
    private static final System.Logger LOG = System.getLogger("dev.spindle.timer");
    private static final VarHandle STATE;
    private static final int PENDING = 0, RAN = 1, CANCELLED = 2;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(UserTimer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Poller poller;
    private final Runnable task;
    private volatile int state;

    UserTimer(Poller poller, Runnable task) {
        this.poller = poller;
        this.task = task;
    }

    @Override
    public boolean cancel() {
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) return false;
        poller.timers.disarm(this);
        return true;
    }

    @Override
    public boolean isDone() {
        return state != PENDING;
    }

    @Override
    void expire() {
        armed = false;
        if (!STATE.compareAndSet(this, PENDING, RAN)) return;
        try {
            task.run();
        } catch (Throwable t) { // a user's task must never kill the poller
            LOG.log(System.Logger.Level.ERROR, "a scheduled task threw", t);
        }
    }
}
