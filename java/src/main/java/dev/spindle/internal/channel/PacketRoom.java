package dev.spindle.internal.channel;

import java.net.DatagramPacket;

/**
 * The room a {@link DatagramPacket} offers a receive. {@code setLength}, the only public way to
 * report the length received, also shrinks the room (the JDK's own impls set a private length
 * instead), so the packet of the last receive and the room it had are remembered: a packet reused
 * in a loop keeps its room, as it does on the JDK.
 */
public final class PacketRoom {
    private DatagramPacket lastPacket; // under this
    private int lastRoom, lastLength;

    /** The room for a receive into p: its length, or the room it had if only our last receive shrank it. */
    public synchronized int roomOf(DatagramPacket p) {
        if (p == lastPacket && p.getLength() == lastLength && p.getOffset() + lastRoom <= p.getData().length) return lastRoom;
        return p.getLength();
    }

    /** Records a receive of {@code length} bytes into p, which had {@code room}; sets p's length. */
    public synchronized void received(DatagramPacket p, int room, int length) {
        p.setLength(length);
        lastPacket = p;
        lastRoom = room;
        lastLength = length;
    }
}
