package dev.spindle.net;

/**
 * A snapshot of a TCP connection's state and counters, as the kernel keeps them (Linux's
 * {@code struct tcp_info}): read with {@code stream.getOption(SpindleOptions.TCP_INFO)}. Times are
 * in microseconds unless named otherwise; counters the running kernel does not keep read 0.
 *
 * @param state the TCP state (1 established, ... as in the kernel's {@code tcp_states.h})
 * @param caState the congestion avoidance state (0 open, 1 disorder, 2 CWR, 3 recovery, 4 loss)
 * @param retransmits retransmissions of the oldest unacknowledged segment now under way (resets on an ack)
 * @param probes zero-window or keepalive probes sent without an answer
 * @param backoff the exponential backoff of the retransmission timer
 * @param options the {@code TCPI_OPT_*} bits negotiated (timestamps 1, SACK 2, window scaling 4, ECN 8, SYN data 32)
 * @param rtoMicros the retransmission timeout
 * @param atoMicros the delayed-ack timeout
 * @param sendMss the maximum segment size for sending
 * @param receiveMss the maximum segment size seen from the peer
 * @param unacked segments sent and not yet acknowledged
 * @param sacked segments selectively acknowledged
 * @param lost segments thought lost
 * @param retrans segments retransmitted and not yet acknowledged
 * @param lastDataSentMillis milliseconds since data was last sent
 * @param lastDataReceivedMillis milliseconds since data was last received
 * @param lastAckReceivedMillis milliseconds since an ack was last received
 * @param pathMtu the path MTU
 * @param receiveSsthresh the receive slow-start threshold
 * @param rttMicros the smoothed round-trip time
 * @param rttVarianceMicros its mean deviation
 * @param sendSsthresh the send slow-start threshold, in segments
 * @param congestionWindow the congestion window, in segments
 * @param advertisedMss the MSS this end advertised
 * @param reordering the reordering metric
 * @param receiveRttMicros the receiver's estimate of the round-trip time
 * @param receiveSpace the receive buffer space the receiver autotunes towards
 * @param totalRetransmits segments retransmitted over the connection's life
 * @param pacingRate the pacing rate, bytes per second
 * @param bytesAcked bytes the peer acknowledged
 * @param bytesReceived bytes received
 * @param segmentsOut segments sent
 * @param segmentsIn segments received
 * @param notSentBytes bytes queued and not yet sent
 * @param minRttMicros the smallest round-trip time seen
 * @param deliveryRate the most recent delivery rate, bytes per second
 * @param busyTimeMicros time spent with data in flight
 * @param bytesSent bytes sent, retransmissions included
 * @param bytesRetransmitted bytes retransmitted
 * @param delivered segments delivered
 */
public record TcpInfo(int state, int caState, int retransmits, int probes, int backoff, int options, long rtoMicros,
        long atoMicros, long sendMss, long receiveMss, long unacked, long sacked, long lost, long retrans,
        long lastDataSentMillis, long lastDataReceivedMillis, long lastAckReceivedMillis, long pathMtu,
        long receiveSsthresh, long rttMicros, long rttVarianceMicros, long sendSsthresh, long congestionWindow,
        long advertisedMss, long reordering, long receiveRttMicros, long receiveSpace, long totalRetransmits,
        long pacingRate, long bytesAcked, long bytesReceived, long segmentsOut, long segmentsIn, long notSentBytes,
        long minRttMicros, long deliveryRate, long busyTimeMicros, long bytesSent, long bytesRetransmitted,
        long delivered) {
    /** {@link #options}' bit: the peer acknowledged data sent with the SYN (TCP Fast Open). */
    public static final int OPTION_SYN_DATA = 32;

    /** Whether data sent with this connection's SYN was acknowledged by the peer's SYN-ACK (Fast Open worked). */
    public boolean synDataAcked() {
        return (options & OPTION_SYN_DATA) != 0;
    }
}
