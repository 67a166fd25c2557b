package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.NativeUdp;
import dev.spindle.internal.sys.UdpLayout;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.NotYetConnectedException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A UDP socket on the native core, as {@link NativeStream} is a TCP connection: each call runs its
 * syscall through {@link Waiting#run}, which waits after EAGAIN and tries again. A successful send
 * or receive is one syscall, allocates nothing (a receive returns the previous source's address
 * object while the source stays the same), and takes only the read or the write lock. Batches ({@link DatagramSlots}) move many datagrams in one syscall.
 *
 * <p>In non-blocking mode ({@link Waiting#setBlocking}, for selectors) a call that would wait returns
 * 0, or null for {@link #receive(ByteBuffer)}, instead.
 */
public final class NativeDatagram extends DatagramControl {
    /** How many bytes of the address form identify an IP source: family, port, scope, address. */
    private static final int IP_ADDRESS_BYTES = 24;

    /** The send direction's single-datagram slot: used under the write lock. */
    private final DatagramSlots writeSlot = new DatagramSlots(1, 0);
    // Under the read lock: the last source, so a receive from the same peer allocates nothing.
    private final byte[] source = new byte[NativeConstants.ADDR_SIZE], lastSourceBytes = new byte[NativeConstants.ADDR_SIZE];
    private InetSocketAddress lastSource;
    /** Under the write lock: the target whose address form is in writeSlot; a read-only buffer's copy. */
    private InetSocketAddress lastTarget;
    private ByteBuffer readOnlyCopy;
    private final Transfer receives = new Transfer(true), sends = new Transfer(false);
    private volatile boolean lastTruncated;
    private volatile long drops;

    /** Takes ownership of {@code fd}, a UDP socket of {@code family} (4, or 6 dual-stack). */
    public NativeDatagram(int fd, int family, Owner owner) throws IOException {
        super(fd, family, owner);
    }

    // ---- receiving ----

    /** Receives one datagram into dst: its source, or null in non-blocking mode when none is queued. */
    public InetSocketAddress receive(ByteBuffer dst) throws IOException {
        return receive(dst, readTimeoutNanos);
    }

    /** As {@link #receive(ByteBuffer)}, waiting at most timeoutNanos (0: no limit) instead of the read timeout. */
    public InetSocketAddress receive(ByteBuffer dst, long timeoutNanos) throws IOException {
        socket.readLock.lock();
        try {
            socket.ensureOpen();
            socket.checkInterrupt();
            return receiveOne(dst, timeoutNanos, "receive") ? source() : null;
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    /** Reads one datagram from the connected peer: bytes stored (a datagram may be empty), 0 in non-blocking mode if none. */
    public int read(ByteBuffer dst) throws IOException {
        socket.readLock.lock();
        try {
            socket.ensureOpen();
            socket.checkInterrupt();
            if (remote == null) throw new NotYetConnectedException();
            int pos = dst.position();
            return receiveOne(dst, readTimeoutNanos, "read") ? dst.position() - pos : 0;
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    /** Whether the datagram of the last {@link #receive(ByteBuffer)} or {@link #read} was longer than the buffer's room, and cut. */
    public boolean lastReceiveTruncated() {
        return lastTruncated;
    }

    /**
     * Receives up to {@code max} datagrams into slots [0, max) of the batch, waiting for the first:
     * how many slots were filled, or 0 in non-blocking mode. One recvmmsg on Linux.
     */
    public int receive(DatagramSlots batch, int max) throws IOException {
        if (max < 1 || max > batch.capacity)
            throw new IllegalArgumentException("cannot receive " + max + " datagrams into " + batch.capacity + " slots");
        socket.readLock.lock();
        try {
            socket.ensureOpen();
            socket.checkInterrupt();
            int n = transferWaiting(true, batch, 0, max, null, 0, 0, readTimeoutNanos, "receive");
            if (n > 0) noteDrops(batch, n - 1);
            return n;
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    /**
     * The socket's kernel drop counter (receive queue overflows) as last reported with a datagram
     * (Linux's SO_RXQ_OVFL): it counts drops up to the latest datagram received. 0 elsewhere.
     */
    public long receiveDrops() {
        return drops;
    }

    private void noteDrops(DatagramSlots slots, int i) {
        long d = slots.drops(i);
        if (d != 0) drops = d;
    }

    /** One datagram into dst, advancing its position: false in non-blocking mode when none is queued. */
    private boolean receiveOne(ByteBuffer dst, long timeout, String op) throws IOException {
        if (dst.isReadOnly()) throw new IllegalArgumentException("cannot receive into a read-only buffer");
        int pos = dst.position(), len = dst.limit() - pos;
        if (transferWaiting(true, null, 0, 1, dst, pos, len, timeout, op) == 0) return false;
        dst.position(pos + readSlot.length(0));
        lastTruncated = readSlot.truncated(0);
        noteDrops(readSlot, 0);
        return true;
    }

    /** The source of the datagram in readSlot; the previous object while the source is the same. */
    private InetSocketAddress source() {
        readSlot.address(0, source);
        InetSocketAddress last = lastSource;
        if (last != null && Arrays.equals(source, 0, IP_ADDRESS_BYTES, lastSourceBytes, 0, IP_ADDRESS_BYTES)) return last;
        System.arraycopy(source, 0, lastSourceBytes, 0, IP_ADDRESS_BYTES);
        return lastSource = Addresses.decode(source);
    }

    private int receiveNow(DatagramSlots batch, int count, ByteBuffer dst, int pos, int len, int flags) {
        DatagramSlots s = readSlot;
        if (dst == null)
            return NativeUdp.recv(fd, batch.slotsAddress, batch.scratchAddress, batch.dataAddress, batch.stride, count, flags);
        if (dst.isDirect()) return NativeUdp.recvBuffer(fd, s.slotsAddress, s.scratchAddress, dst, pos, len, flags);
        return NativeUdp.recvArray(fd, s.slotsAddress, s.scratchAddress, dst.array(), dst.arrayOffset() + pos, len);
    }

    // ---- sending ----

    /**
     * Sends all of src as one datagram to target (null: the connected peer), waiting for buffer
     * space: the bytes sent, or 0 in non-blocking mode when there is no room. With segmentSize > 0
     * the kernel splits src into datagrams of that size (UDP GSO), the last possibly shorter.
     */
    public int send(ByteBuffer src, InetSocketAddress target, int segmentSize) throws IOException {
        if (segmentSize > 0 && !UdpLayout.GSO) throw new UnsupportedOperationException(NO_GSO);
        socket.writeLock.lock();
        try {
            socket.ensureOpen();
            socket.checkInterrupt();
            setTarget(target);
            int pos = src.position(), len = src.limit() - pos;
            writeSlot.setLength(0, len);
            writeSlot.setSegment(0, segmentSize);
            boolean copied = src.isReadOnly() && !src.isDirect(); // no array to pin: copy to direct memory
            ByteBuffer from = copied ? copyOf(src, pos, len) : src;
            if (transferWaiting(false, null, 0, 1, from, copied ? 0 : pos, len, 0, "send") == 0) return 0;
            src.position(pos + len);
            return len;
        } finally {
            socket.unlock(socket.writeLock);
        }
    }

    /** Writes src as one datagram to the connected peer. */
    public int write(ByteBuffer src) throws IOException {
        if (remote == null) {
            socket.ensureOpen();
            throw new NotYetConnectedException();
        }
        return send(src, null, 0);
    }

    /**
     * Sends slots [0, count) of the batch, each to its slot's address (none: the connected peer),
     * waiting until all are sent: how many were sent (fewer only in non-blocking mode). sendmmsg on Linux.
     */
    public int send(DatagramSlots batch, int count) throws IOException {
        Objects.checkFromIndexSize(0, count, batch.capacity);
        socket.writeLock.lock();
        try {
            socket.ensureOpen();
            socket.checkInterrupt();
            if (socket.family == NativeConstants.FAMILY_IPV4) batch.toIpv4(0, count);
            int done = 0;
            while (done < count) {
                int n = transferWaiting(false, batch, done, count - done, null, 0, 0, 0, "send");
                if (n == 0) break;
                done += n;
            }
            return done;
        } finally {
            socket.unlock(socket.writeLock);
        }
    }

    /** Puts target's address form in writeSlot (none for the connected peer), reusing it while the target stays. */
    private void setTarget(InetSocketAddress target) throws IOException {
        InetSocketAddress peer = remote;
        if (target == null) {
            if (peer == null) throw new NotYetConnectedException();
            writeSlot.clearAddress(0);
            lastTarget = null;
        } else if (!target.equals(lastTarget)) {
            if (peer != null && !target.equals(peer)) throw new AlreadyConnectedException();
            writeSlot.setAddress(0, Addresses.encode(target, socket.family));
            lastTarget = target;
        } else if (peer != null && !target.equals(peer)) {
            throw new AlreadyConnectedException();
        }
    }

    private ByteBuffer copyOf(ByteBuffer src, int pos, int len) {
        ByteBuffer copy = readOnlyCopy;
        if (copy == null || copy.capacity() < len) readOnlyCopy = copy = ByteBuffer.allocateDirect(Math.max(len, 2048));
        copy.clear().put(0, src, pos, len);
        return copy;
    }

    /**
     * Receives (in) or sends one datagram through the direction's single slot (buf non-null), or
     * the batch's slots [from, from + count), waiting while the socket is not ready: datagrams
     * moved, or 0 in non-blocking mode.
     */
    private int transferWaiting(boolean in, DatagramSlots batch, int from, int count, ByteBuffer buf, int pos, int len,
            long timeout, String op) throws IOException {
        Transfer t = in ? receives : sends;
        t.set(batch, from, count, buf, pos, len);
        int n = (int) socket.waiting.run(in ? socket.readiness.read : socket.readiness.write, t, timeout, op);
        if (n > 0) return n;
        if (n == -Errno.EAGAIN) return 0;
        throw socket.isOpen() ? Errors.ofDatagram(op, n, remote) : new AsynchronousCloseException();
    }

    /** One receive or send syscall, its arguments set before each call under the direction's lock. */
    private final class Transfer implements IoCall {
        private final boolean in;
        private DatagramSlots batch;
        private ByteBuffer buf;
        private int from, count, pos, len;

        Transfer(boolean in) {
            this.in = in;
        }

        void set(DatagramSlots batch, int from, int count, ByteBuffer buf, int pos, int len) {
            this.batch = batch;
            this.from = from;
            this.count = count;
            this.buf = buf;
            this.pos = pos;
            this.len = len;
        }

        @Override
        public long attempt(WaitMode mode, int seen) {
            int flags = mode == WaitMode.KERNEL_BLOCKING ? 0 : NativeUdp.NOWAIT;
            int n = in ? receiveNow(batch, count, buf, pos, len, flags) : sendNow(batch, from, count, buf, pos, flags);
            // A stale ICMP refusal on a socket no longer connected: reading the error cleared it, so try again.
            return n == -Errno.ECONNREFUSED && remote == null ? -Errno.EINTR : n;
        }

        /** Close's shutdown ends a blocked receive with an empty datagram: it is not one. */
        @Override
        public boolean standsAfterClose(long result) {
            return false;
        }

        /** A heap array is pinned only for a call that cannot block. */
        @Override
        public boolean mayBlockInKernel() {
            return buf == null || buf.isDirect();
        }
    }

    private int sendNow(DatagramSlots batch, int from, int count, ByteBuffer src, int pos, int flags) {
        DatagramSlots s = writeSlot;
        if (src == null)
            return NativeUdp.send(fd, batch.slot(from), batch.scratchAddress, batch.data(from), batch.stride, count, flags);
        if (src.isDirect()) return NativeUdp.sendBuffer(fd, s.slotsAddress, s.scratchAddress, src, pos, flags);
        return NativeUdp.sendArray(fd, s.slotsAddress, s.scratchAddress, src.array(), src.arrayOffset() + pos);
    }
}
