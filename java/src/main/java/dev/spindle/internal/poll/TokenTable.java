package dev.spindle.internal.poll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * Registrations by token: a slot (the low 32 bits) and that slot's generation (the high 32
 * bits), bumped when the slot is freed, so an event already fetched for a removed registration
 * cannot reach the one that reuses its slot (or its fd number). Adding and removing take the
 * owner's lock; {@link #get} takes none (the event loop's lookup). The pollers and
 * {@code SpindleSelector} keep their registrations in one each.
 *
 * @param <T> what a token stands for; it must know its own token ({@code tokenOf})
 */
public final class TokenTable<T> {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);
    private final java.util.function.ToLongFunction<T> tokenOf;
    private volatile Object[] slots = new Object[64];
    private int[] generations = new int[64];
    private int[] freeSlots = new int[64];
    private int freeCount, usedSlots;
    /** Written under the owner's lock; volatile for the event loop's idle check. */
    private volatile int size;

    public TokenTable(java.util.function.ToLongFunction<T> tokenOf) {
        this.tokenOf = tokenOf;
    }

    /** Takes a slot, makes its value with the slot's token, and publishes it. Caller holds the lock. */
    public T add(LongFunction<T> make) {
        int slot = takeSlot();
        T value;
        try {
            value = make.apply((long) generations[slot] << 32 | slot);
        } catch (RuntimeException | Error e) {
            freeSlots[freeCount++] = slot;
            throw e;
        }
        SLOT.setRelease(slots, slot, value);
        size++;
        return value;
    }

    /** Removes value if it is still the one in its slot; false if it was already removed. Caller holds the lock. */
    public boolean remove(T value) {
        int slot = (int) tokenOf.applyAsLong(value);
        Object[] s = slots;
        if (slot < 0 || slot >= s.length || s[slot] != value) return false;
        SLOT.setRelease(s, slot, null);
        generations[slot]++;
        freeSlots[freeCount++] = slot;
        size--;
        return true;
    }

    /** The value token stands for, or null when its slot is free or holds a later generation. No lock. */
    @SuppressWarnings("unchecked")
    public T get(long token) {
        int slot = (int) token;
        Object[] s = slots;
        if (slot < 0 || slot >= s.length) return null;
        T v = (T) SLOT.getAcquire(s, slot);
        return v != null && tokenOf.applyAsLong(v) == token ? v : null;
    }

    /** How many values it holds. Caller holds the lock (or reads racily, for monitoring). */
    public int size() {
        return size;
    }

    /** Every value, in slot order. Caller holds the lock. */
    @SuppressWarnings("unchecked")
    public java.util.List<T> values() {
        java.util.List<T> out = new java.util.ArrayList<>(size);
        Object[] s = slots;
        for (int i = 0; i < usedSlots; i++) if (s[i] != null) out.add((T) s[i]);
        return out;
    }

    private int takeSlot() {
        if (freeCount > 0) return freeSlots[--freeCount];
        if (usedSlots == slots.length) {
            int n = usedSlots * 2;
            slots = Arrays.copyOf(slots, n);
            generations = Arrays.copyOf(generations, n);
            freeSlots = Arrays.copyOf(freeSlots, n);
        }
        return usedSlots++;
    }
}
