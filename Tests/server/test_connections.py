"""The portal under a flood of connections, against a live `homeroom serve` in its own process.

A separate process on purpose: 2,000 sockets on both ends would put file descriptors above 1,024
in the Swift test process, where Foundation's `Process.run()` (used by the command-line tests)
is not safe with them."""
import json, os, resource, socket, subprocess, tempfile, time, urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("HOMEROOM_BINARY", os.path.join(ROOT, ".build", "debug", "homeroom"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture()
def server():
    """A server with the default timeouts and cap on a free port; its base URL and port."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    work = tempfile.mkdtemp(prefix="homeroom-connections-")
    port = free_port()
    config = os.path.join(work, "homeroom.json")
    with open(config, "w") as f:
        json.dump({"port": port, "databasePath": os.path.join(work, "db.sqlite"), "management": {"port": 0}}, f)
    process = subprocess.Popen([BINARY, "serve", "--config", config], cwd=ROOT, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(400):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield base, port
    process.terminate()
    process.wait()
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_two_thousand_idle_sockets_do_not_stop_the_landing_page(server):
    base, port = server
    flood = []
    for index in range(2000):
        s = socket.create_connection(("127.0.0.1", port))
        if index % 2 == 0:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        flood.append(s)
    with urllib.request.urlopen(base + "/", timeout=20) as response:
        assert response.status == 200
    for s in flood:
        s.close()
