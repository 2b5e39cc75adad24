"""What a flood of idle connections does to the portal (issue 13): 2,000 sockets opened at once,
half of them having sent half a request head and half nothing, against a release server with
the default timeouts (30 s for a request, 60 s idle). Measured: the landing page's latency before
and during the flood, the server's memory and open files before and during, and when the server
closed the half-sent and the idle sockets."""
import json, os, resource, select, socket, statistics, subprocess, time, urllib.request


def landing_ms(base, count=20):
    """Median milliseconds of `count` landing-page requests, each on a new connection."""
    times = []
    for _ in range(count):
        start = time.monotonic()
        with urllib.request.urlopen(base + "/", timeout=30) as response:
            response.read()
        times.append((time.monotonic() - start) * 1000)
    return statistics.median(times)


def server_state(pid):
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def closed_after(sockets, started, limit):
    """Seconds after `started` at which the server closed each socket (None: still open at `limit`)."""
    closed = {}
    waiting = {s.fileno(): s for s in sockets}
    poller = select.poll()
    for fd in waiting:
        poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    while waiting and time.monotonic() - started < limit:
        for fd, _ in poller.poll(1000):
            try:
                data = waiting[fd].recv(4096)
            except OSError:
                data = b""
            if not data:
                closed[fd] = time.monotonic() - started
                poller.unregister(fd)
                del waiting[fd]
    return [closed.get(s.fileno()) for s in sockets]


def measure_flood(binary, root, work, count=2000, port=18195):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    config = os.path.join(work, "flood.json")
    with open(config, "w") as f:
        json.dump({"port": port, "databasePath": os.path.join(work, "flood.sqlite"), "management": {"port": port + 100}}, f)
    server = subprocess.Popen([binary, "serve", "--config", config], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        result = {"landing_before_ms": landing_ms(base)}
        result["rss_before"], result["files_before"] = server_state(server.pid)
        started = time.monotonic()
        half_sent, idle = [], []
        for index in range(count):
            s = socket.create_connection(("127.0.0.1", port))
            if index % 2 == 0:
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                half_sent.append(s)
            else:
                idle.append(s)
        result["open_seconds"] = time.monotonic() - started
        result["landing_during_ms"] = landing_ms(base)
        result["rss_during"], result["files_during"] = server_state(server.pid)
        closed = closed_after(half_sent + idle, started, limit=90)
        half, rest = closed[:len(half_sent)], closed[len(half_sent):]
        result["half_sent_closed"] = sum(c is not None for c in half)
        result["half_sent_closed_by"] = max(c for c in half if c is not None) if any(half) else None
        result["idle_closed"] = sum(c is not None for c in rest)
        result["idle_closed_by"] = max(c for c in rest if c is not None) if any(rest) else None
        result["rss_after"], result["files_after"] = server_state(server.pid)
        for s in half_sent + idle:
            s.close()
        return result
    finally:
        server.terminate()
        server.wait()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


if __name__ == "__main__":
    import tempfile
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    print(json.dumps(measure_flood(os.path.join(root, ".build", "release", "homeroom"), root, tempfile.mkdtemp()), indent=2))
