package dev.spindle.net;

/**
 * Who is at the other end of a {@link UnixStream}, as the kernel recorded it when the connection
 * was made (SO_PEERCRED on Linux; getpeereid and LOCAL_PEERPID on macOS).
 *
 * @param pid the peer's process id, or -1 where the OS cannot say
 * @param uid the peer's effective user id
 * @param gid the peer's effective group id
 */
public record PeerCredentials(long pid, int uid, int gid) {}
