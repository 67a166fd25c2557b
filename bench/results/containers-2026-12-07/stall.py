# N connections, each sending M sequential keep-alive GETs (one thread per connection);
# prints the latency quantiles and how many round trips took over 0.5 s (a stall).
import socket, sys, threading, time
port, conns, m = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
lat = []
lock = threading.Lock()
REQ = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
def run():
    s = socket.create_connection(("127.0.0.1", port)); s.settimeout(20)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    mine = []; buf = b""
    for i in range(m):
        t = time.monotonic(); s.sendall(REQ)
        while b"Hello, World!" not in buf:
            d = s.recv(4096)
            if not d: raise SystemExit("closed")
            buf += d
        buf = buf[buf.index(b"Hello, World!") + 13:]
        mine.append(time.monotonic() - t)
    with lock: lat.extend(mine)
ts = [threading.Thread(target=run) for _ in range(conns)]
t0 = time.monotonic()
for t in ts: t.start()
for t in ts: t.join()
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000
print(f"n={len(lat)} wall={time.monotonic()-t0:.1f}s p50={q(.5):.2f}ms p99={q(.99):.1f}ms max={lat[-1]*1000:.0f}ms over500ms={sum(1 for x in lat if x > .5)} over900ms={sum(1 for x in lat if x > .9)}")
