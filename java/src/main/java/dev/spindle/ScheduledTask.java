package dev.spindle;

/** A task set to run once on a poller thread; see {@link Spindle#schedule}. */
public interface ScheduledTask {
    /** Stops the task from running; true if this call did so, false if it already ran or was cancelled. */
    boolean cancel();

    /** Whether the task ran or was cancelled. */
    boolean isDone();
}
