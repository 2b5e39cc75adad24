#!/usr/bin/env python3
"""`make bench-cluster`: does a second node on PostgreSQL add sign-ins? Run under
scripts/with-postgres (the Makefile does), on a release build, as root (cgroups).

Each Homeroom node gets a CPU quota of NODE_CPU (default 0.5 CPU) through a cgroup (v1 `cpu`
controller, cfs_quota_us), and a hashing pool of one thread, so on this 2-core machine the spare
core holds PostgreSQL, nginx and the load generator. Measured, each the median of RUNS runs of
SECONDS seconds of two-step sign-ins of distinct claimed students (bench/signin.lua, 8
connections): one node on SQLite, one node on PostgreSQL, and two nodes on PostgreSQL behind a real
nginx. Reported: sign-ins/s, request p99, scaling efficiency (two nodes / (2 x one node on
PostgreSQL)), PostgreSQL's CPU milliseconds per sign-in, and the CPU the spare core's processes
used (PostgreSQL + nginx + wrk, in cores): at 0.9 or more the spare core was saturated and the run
does not count. The table goes to standard output and bench/CLUSTER.md.
"""
import csv, json, os, re, signal, statistics, subprocess, sys, tempfile, time, urllib.request

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
BIN = os.path.join(ROOT, ".build", "release", "homeroom")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
NODE_CPU = float(os.environ.get("NODE_CPU", "0.5"))
PASSWORD = "bench password 2026"
CLAIMED = 12000
URL = os.environ["HOMEROOM_TEST_POSTGRES_URL"]
PSQL = os.path.join(os.environ["HOMEROOM_TEST_POSTGRES_BIN"], "psql")
TICKS = os.sysconf("SC_CLK_TCK")


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT, **kwargs).stdout


def free_port():
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_cpu(pid):
    """CPU seconds used so far by process `pid` (all its threads)."""
    with open(f"/proc/{pid}/stat") as f:
        values = f.read().rsplit(")", 1)[1].split()
    return (int(values[11]) + int(values[12])) / TICKS


def cpu_seconds(name):
    """CPU seconds used so far by every process whose command name is `name`."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)
            if fields[0].split("(", 1)[1] == name:
                values = fields[1].split()
                total += int(values[11]) + int(values[12])
        except (OSError, IndexError):
            pass
    return total / TICKS


class Database:
    """A fresh database of the roster with its first CLAIMED students claimed with PASSWORD."""

    def __init__(self, kind, work, roster, phc):
        if kind == "sqlite":
            self.url = os.path.join(work, f"bench-{time.monotonic_ns()}.sqlite")
        else:
            name = f"bench_{time.monotonic_ns()}"
            subprocess.run([PSQL, "-q", URL, "-c", f"CREATE DATABASE {name}"], check=True)
            self.url = URL.rsplit("/", 1)[0] + f"/{name}?sslmode=disable"
        run([BIN, "import-roster", roster, "--database-url", self.url])
        with open(roster, newline="", encoding="utf-8") as f:
            ids = [row["student_id"] for row in csv.DictReader(f)][:CLAIMED]
        id_list = ",".join(f"'{i}'" for i in ids)
        if kind == "sqlite":
            import sqlite3
            with sqlite3.connect(self.url) as db:
                db.execute(f"UPDATE student SET password_hash = ?, claimed_at = '2026-01-01 00:00:00.000' WHERE student_id IN ({id_list})",
                           (phc,))
        else:
            subprocess.run([PSQL, "-q", self.url.split("?")[0], "-c",
                            f"UPDATE student SET password_hash = '{phc}', claimed_at = 1767225600000 WHERE student_id IN ({id_list})"],
                           check=True)
        self.users = os.path.join(work, f"users-{time.monotonic_ns()}.tsv")
        with open(self.users, "w") as f:
            f.writelines(f"s{i}\n" for i in ids)


class Node:
    """`homeroom serve` in a cgroup of its own with NODE_CPU of CPU and one hashing thread."""

    def __init__(self, work, database_url, index):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = os.path.join(work, f"node-{self.port}.json")
        relaxed = {"maxFailures": 1000000, "windowMinutes": 10, "lockMinutes": 10}
        with open(config, "w") as f:
            json.dump({"port": self.port, "databaseURL": database_url, "blockingThreads": 1, "management": {"port": 0},
                       "trustedProxies": ["127.0.0.1"], "claimThrottle": {"perAddress": relaxed},
                       "signInThrottle": {"perAddress": relaxed}}, f)
        self.process = subprocess.Popen([BIN, "serve", "--config", config], cwd=ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.cgroup = f"/sys/fs/cgroup/cpu/homeroom-bench-{index}"
        os.makedirs(self.cgroup, exist_ok=True)
        with open(self.cgroup + "/cpu.cfs_period_us", "w") as f:
            f.write("100000")
        with open(self.cgroup + "/cpu.cfs_quota_us", "w") as f:
            f.write(str(int(NODE_CPU * 100000)))
        with open(self.cgroup + "/cgroup.procs", "w") as f:
            f.write(str(self.process.pid))
        wait_for(self.base)

    def stop(self):
        self.process.terminate()
        self.process.wait()
        time.sleep(0.2)
        os.rmdir(self.cgroup)


def wait_for(base):
    for _ in range(400):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{base} did not answer")


class Nginx:
    """A real nginx balancing `nodes` by least connections, on a free loopback port. Not
    round-robin: a sign-in is two requests, a cheap one and one that hashes, and with round-robin
    the clients' steps fall into step so that one node got nearly every hash (measured here: one
    node 0.50 CPU, the other 0.10)."""

    def __init__(self, work, nodes):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        prefix = tempfile.mkdtemp(prefix="nginx-", dir=work)
        servers = "".join(f"server 127.0.0.1:{n.port};" for n in nodes)
        with open(os.path.join(prefix, "nginx.conf"), "w") as f:
            f.write(f"""worker_processes 1; daemon off; pid {prefix}/nginx.pid; error_log {prefix}/error.log; user root;
events {{ worker_connections 1024; }}
http {{ access_log off; client_body_temp_path {prefix}; proxy_temp_path {prefix};
  upstream homeroom {{ least_conn; {servers} keepalive 16; }}
  server {{ listen 127.0.0.1:{self.port};
    location / {{ proxy_pass http://homeroom; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $host; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; }} }} }}
""")
        self.process = subprocess.Popen(["nginx", "-p", prefix, "-c", os.path.join(prefix, "nginx.conf")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.base)

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait()


def csrf(base):
    with urllib.request.urlopen(base + "/") as response:
        cookie, html = response.headers["Set-Cookie"], response.read().decode()
    return re.search(r"homeroom_csrf=([^;]+)", cookie).group(1), re.search(r'name="csrf_token" value="([^"]*)"', html).group(1)


def sign_ins(base, users, offset, connections=8):
    """One wrk run: (sign-ins/s, request p99 ms, CPU cores the spare core's processes used,
    PostgreSQL CPU seconds, sign-ins)."""
    cookie, token = csrf(base)
    env = dict(os.environ, HR_BENCH_DIR=BENCH, HR_CSRF_COOKIE=cookie, HR_CSRF_TOKEN=token, HR_PASSWORD=PASSWORD,
               HR_ACCOUNTS=users, HR_THREADS=str(connections), HR_OFFSET=str(offset))
    postgres, nginx, start = cpu_seconds("postgres"), cpu_seconds("nginx"), time.monotonic()
    wrk = subprocess.Popen(["wrk", f"-d{SECONDS}s", "--latency", f"-t{connections}", f"-c{connections}", "-s", os.path.join(BENCH, "signin.lua"), base + "/"],
                           env=env, stdout=subprocess.PIPE, text=True)
    out = wrk.stdout.read()
    _, _, usage = os.wait4(wrk.pid, 0)
    elapsed = time.monotonic() - start
    postgres, nginx = cpu_seconds("postgres") - postgres, cpu_seconds("nginx") - nginx
    done = int(re.search(r"^signins (\d+)", out, re.M).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    spare = (postgres + nginx + usage.ru_utime + usage.ru_stime) / elapsed
    return done / SECONDS, p99, spare, postgres, done


def measure(label, kind, nodes, work, roster, phc):
    log(f"[{label}] preparing")
    database = Database(kind, work, roster, phc)
    servers = [Node(work, database.url, index) for index in range(nodes)]
    front = Nginx(work, servers) if nodes > 1 else None
    base = front.base if front else servers[0].base
    try:
        runs, busy = [], []
        for index in range(RUNS):
            log(f"[{label}] run {index + 1} of {RUNS}")
            before, start = [process_cpu(s.process.pid) for s in servers], time.monotonic()
            runs.append(sign_ins(base, database.users, offset=index * 4000))
            elapsed = time.monotonic() - start
            busy.append([round((process_cpu(s.process.pid) - b) / elapsed, 2) for s, b in zip(servers, before)])
    finally:
        if front:
            front.stop()
        for server in servers:
            server.stop()
    rate = statistics.median(r[0] for r in runs)
    return {"rate": rate, "p99": statistics.median(r[1] for r in runs), "spare": max(r[2] for r in runs),
            "pg_ms": 1000 * sum(r[3] for r in runs) / max(1, sum(r[4] for r in runs)), "nodes": busy[len(busy) // 2]}


def main():
    work = tempfile.mkdtemp(prefix="homeroom-cluster-")
    roster = os.path.join(work, "roster.csv")
    with open(roster, "w") as f:
        subprocess.run([os.path.join(BENCH, "make-roster"), str(CLAIMED + 1000)], check=True, stdout=f)
    phc = run([BIN, "hash-password"], input=PASSWORD + "\n").strip()
    results = {"1 node, SQLite": measure("1 node, SQLite", "sqlite", 1, work, roster, phc),
               "1 node, PostgreSQL": measure("1 node, PostgreSQL", "postgres", 1, work, roster, phc),
               "2 nodes, PostgreSQL, nginx": measure("2 nodes, PostgreSQL, nginx", "postgres", 2, work, roster, phc)}
    one, two = results["1 node, PostgreSQL"]["rate"], results["2 nodes, PostgreSQL, nginx"]["rate"]
    efficiency = two / (2 * one) if one else 0
    lines = [f"# Scale-out on this machine ({os.cpu_count()} cores; {NODE_CPU} CPU and 1 hashing thread per node; "
             f"{RUNS} runs of {SECONDS} s, medians; default hash parameters)", "",
             "| setup | sign-ins/s | request p99 ms | CPU each node used (cores) | PostgreSQL CPU ms per sign-in | spare core used (cores) | counts |",
             "|---|---|---|---|---|---|---|"]
    for label, r in results.items():
        counts = "yes" if r["spare"] < 0.9 else "NO (spare core saturated)"
        pg = f"{r['pg_ms']:.2f}" if "PostgreSQL" in label else "-"
        nodes = " + ".join(f"{n:.2f}" for n in r["nodes"])
        lines.append(f"| {label} | {r['rate']:.1f} | {r['p99']:.0f} | {nodes} | {pg} | {r['spare']:.2f} | {counts} |")
    lines += ["", f"Scaling efficiency (two nodes / twice one node on PostgreSQL): {efficiency:.2f} (target >= 0.9)."]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(BENCH, "CLUSTER.md"), "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
