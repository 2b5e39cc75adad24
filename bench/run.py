#!/usr/bin/env python3
"""`make bench`: the claim-day benchmark on a release build, printed as one table.

For the default hash parameters and Keycloak's (Argon2id t=5, m=7168 KiB, p=1) it measures, each
as the median of BENCH_RUNS runs (default 3): the raw Argon2id limit (`homeroom hash-rate
--verify`, the project's own hasher verifying on all cores, measured just before and after each
sign-in run because this machine's speed drifts); full two-step sign-ins per second of distinct
students (10,000 claimed students made for the run, 4 connections, at least 7 runs) and their
ratio to the raw limit measured around them; whole claims per second;
landing-page requests per second and p50/p99 idle; landing p99 while sign-ins saturate the pool;
the import of 1,000,000 rows (time, peak memory) and the technician's name search over them
(median and p95 of the store query); the import of a 200,000-student OneRoster zip; the server's memory idle and after the load;
what a flood of 2,000 idle sockets does (bench/flood.py); how long reading a badge page's camera
frame takes the server (`homeroom badge-decode-rate`).
The table, with each target and whether it was met, goes to standard output and bench/RESULTS.md.

`run.py --only roster` measures the import and the search alone and prints their rows (no
bench/RESULTS.md, no server, no wrk).
"""
import argparse, base64, csv, json, os, re, sqlite3, statistics, subprocess, sys, tempfile, time, urllib.parse, urllib.request

from datetime import datetime, timezone
from flood import measure_flood

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
BIN = os.path.join(ROOT, ".build", "release", "homeroom")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CORES = os.cpu_count()
PASSWORD = "bench password 2026"
PARAMS = [("default", {"memoryKiB": 19456, "iterations": 2, "parallelism": 1}),
          ("Keycloak", {"memoryKiB": 7168, "iterations": 5, "parallelism": 1})]
ROSTER_ROWS = 1_000_000
# What a technician types: the start of a last or first name (with and without accents), two
# words, an apostrophe, a student ID's first digits. Each is timed SEARCH_RUNS times.
SEARCHES = ["garc", "García", "nuñ", "nunez", "smi", "o'br", "de la", "rodr", "hern", "ngu", "mart", "jos",
            "jose nun", "maría gar", "øster", "abdul", "wolfe", "1234", "00123"]
SEARCH_RUNS = 5


def log(message):
    print(message, file=sys.stderr, flush=True)


def run(args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs).stdout


def make_roster(count, path):
    with open(path, "w") as f:
        subprocess.run([os.path.join(BENCH, "make-roster"), str(count)], check=True, stdout=f)


def measure_import(roster, work):
    """Seconds and peak resident MB of importing `roster` into an empty database, and the database."""
    db = os.path.join(work, f"import-{time.monotonic_ns()}.sqlite")
    start = time.monotonic()
    child = subprocess.Popen([BIN, "import-roster", roster, "--db", db], stdout=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.monotonic() - start
    assert status == 0, "import failed"
    return elapsed, usage.ru_maxrss / 1024, db


def measure_search(db):
    """Milliseconds of each run of each of SEARCHES over the students of `db`: `homeroom
    search-students --time` times the store query the technician console runs, in one process."""
    out = run([BIN, "search-students", "--time", "--repeat", str(SEARCH_RUNS), "--db", db] + SEARCHES, cwd=ROOT)
    return [float(ms) for line in out.splitlines() for ms in line.split("\t")[2].split()]


def measure_oneroster(work, count=200_000):
    """Seconds and peak resident MB of importing a OneRoster 1.2 bulk zip of `count` students
    (bench/make-oneroster) into an empty database, teachers as staff (median of RUNS)."""
    path = os.path.join(work, f"oneroster-{count}.zip")
    subprocess.run([os.path.join(BENCH, "make-oneroster"), str(count), path], check=True)
    log(f"import of a OneRoster zip of {count:,} students")
    runs = []
    for _ in range(RUNS):
        db = os.path.join(work, f"oneroster-{time.monotonic_ns()}.sqlite")
        start = time.monotonic()
        child = subprocess.Popen([BIN, "import-roster", path, "--with-teachers", "--db", db], stdout=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        assert status == 0, "OneRoster import failed"
        runs.append((time.monotonic() - start, usage.ru_maxrss / 1024))
    return {"oneroster_s": statistics.median(r[0] for r in runs), "oneroster_mb": statistics.median(r[1] for r in runs)}


def measure_roster(work):
    """The import of ROSTER_ROWS rows into an empty database (RUNS times; medians), then the
    name search over those students (median and p95 of every run of every search)."""
    roster = os.path.join(work, f"roster-{ROSTER_ROWS}.csv")
    make_roster(ROSTER_ROWS, roster)
    log(f"import of {ROSTER_ROWS:,} rows")
    imports = [measure_import(roster, work) for _ in range(RUNS)]
    log(f"name search over {ROSTER_ROWS:,} students")
    times = measure_search(imports[-1][2])
    for _, _, db in imports:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
    return {"import_s": statistics.median(i[0] for i in imports), "import_mb": statistics.median(i[1] for i in imports),
            "search_median": statistics.median(times), "search_p95": statistics.quantiles(times, n=20)[18],
            **measure_oneroster(work)}


def hash_rate(config, seconds=5):
    """Argon2id verifications per second on every core: what one sign-in needs, with nothing else."""
    out = run([BIN, "hash-rate", "--verify", "--config", config, "--seconds", str(seconds)], cwd=ROOT)
    return float(out.split()[0])


def hash_rates_by_library(config, seconds=5):
    """Verifications per second on every core with libsodium and with libargon2, one after the other."""
    out = run([BIN, "hash-rate", "--verify", "--library", "both", "--config", config, "--seconds", str(seconds)], cwd=ROOT)
    return {m.group(2): float(m.group(1)) for m in re.finditer(r"^([\d.]+) hashes/s .* with (\w+)$", out, re.M)}


def prepare(work, config, roster):
    """A database of the roster whose first 10,000 students are claimed with PASSWORD; files of
    their usernames and of the other students (to claim)."""
    db = os.path.join(work, "bench.sqlite")
    run([BIN, "import-roster", roster, "--db", db], cwd=ROOT)
    phc = run([BIN, "hash-password", "--config", config], input=PASSWORD + "\n", cwd=ROOT).strip()
    with open(roster, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    claimed, unclaimed = rows[:10000], rows[10000:]
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.000")
    with sqlite3.connect(db) as connection:
        connection.executemany("UPDATE student SET password_hash = ?, claimed_at = ? WHERE student_id = ?",
                               [(phc, now, r["student_id"]) for r in claimed])
    users, students = os.path.join(work, "users.tsv"), os.path.join(work, "students.tsv")
    with open(users, "w") as f:
        f.writelines(f"s{r['student_id']}\n" for r in claimed)
    with open(students, "w") as f:
        f.writelines(f"{r['student_id']}\t{r['last_name']}\t{r['first_name']}\n" for r in unclaimed)
    return db, users, students


class Server:
    def __init__(self, work, db, params, port):
        self.port, self.base = port, f"http://127.0.0.1:{port}"
        config = os.path.join(work, f"server-{port}.json")
        with open(config, "w") as f:
            json.dump({"port": port, "databasePath": db, "hash": params, "management": {"port": port + 100},
                       "claimThrottle": {"perAddress": {"maxFailures": 1000000, "windowMinutes": 10, "lockMinutes": 10}},
                       "signInThrottle": {"perAddress": {"maxFailures": 1000000, "windowMinutes": 10, "lockMinutes": 10}}}, f)
        self.process = subprocess.Popen([BIN, "serve", "--config", config], cwd=ROOT,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        with urllib.request.urlopen(self.base + "/") as response:
            cookie = response.headers["Set-Cookie"]
            html = response.read().decode()
        self.csrf_cookie = re.search(r"homeroom_csrf=([^;]+)", cookie).group(1)
        self.csrf_token = re.search(r'name="csrf_token" value="([^"]*)"', html).group(1)

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024

    def stop(self):
        self.process.terminate()
        self.process.wait()


def wrk(server, args, script=None, env=None, duration=SECONDS):
    """Runs wrk; returns (requests/s, p50 ms, p99 ms, stdout)."""
    command = ["wrk", f"-d{duration}s", "--latency"] + args
    if script:
        command += ["-s", os.path.join(BENCH, script)]
    full_env = dict(os.environ, HR_BENCH_DIR=BENCH, HR_CSRF_COOKIE=server.csrf_cookie,
                    HR_CSRF_TOKEN=server.csrf_token, HR_PASSWORD=PASSWORD, **(env or {}))
    out = run(command + [server.base + "/"], env=full_env)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return rps, latency(out, "50%"), latency(out, "99%"), out


def latency(out, percentile):
    value, unit = re.search(rf"\s{percentile}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def counted(out, name):
    return int(re.search(rf"^{name} (\d+)", out, re.M).group(1))


def measure(label, params, work, roster20k):
    log(f"[{label}] preparing 20,000 students (10,000 claimed)")
    config = os.path.join(work, f"hash-{label}.json")
    with open(config, "w") as f:
        json.dump({"hash": params}, f)
    db, users, students = prepare(work, config, roster20k)
    server = Server(work, db, params, 18190 if label == "default" else 18191)
    result = {}
    try:
        time.sleep(1)
        result["rss_idle"] = server.rss_mb()
        log(f"[{label}] landing idle")
        idle = [wrk(server, ["-t2", "-c64"]) for _ in range(RUNS)]
        result["landing_rps"] = statistics.median(r[0] for r in idle)
        result["landing_p50"] = statistics.median(r[1] for r in idle)
        result["landing_p99"] = statistics.median(r[2] for r in idle)
        light = [wrk(server, ["-t1", "-c4"]) for _ in range(RUNS)]
        result["light_p99"] = statistics.median(r[2] for r in light)
        threads = ["-t8", "-c8"]
        env = {"HR_ACCOUNTS": users, "HR_THREADS": "8"}
        log(f"[{label}] sign-ins, each run between two measures of the raw limit")
        raws, rates, ratios = [], [], []
        for _ in range(max(RUNS, 7)):
            before = hash_rate(config, 4)
            rate = counted(wrk(server, ["-t4", "-c4"], "signin.lua", dict(env, HR_THREADS="4"))[3], "signins") / SECONDS
            after = hash_rate(config, 4)
            raws += [before, after]
            rates.append(rate)
            ratios.append(rate / ((before + after) / 2))
        result["raw"], result["signins"], result["ratio"] = statistics.median(raws), statistics.median(rates), statistics.median(ratios)
        result["libraries"] = hash_rates_by_library(config)
        log(f"[{label}] landing while sign-ins saturate the pool")
        saturated = []
        for _ in range(RUNS):
            load = subprocess.Popen(["wrk", "-t8", "-c8", f"-d{SECONDS + 4}s", "-s", os.path.join(BENCH, "signin.lua"), server.base + "/"],
                                    env=dict(os.environ, HR_BENCH_DIR=BENCH, HR_CSRF_COOKIE=server.csrf_cookie,
                                             HR_CSRF_TOKEN=server.csrf_token, HR_PASSWORD=PASSWORD, **env),
                                    stdout=subprocess.DEVNULL)
            time.sleep(2)
            saturated.append(wrk(server, ["-t1", "-c4"]))
            load.wait()
        result["saturated_p99"] = statistics.median(r[2] for r in saturated)
        log(f"[{label}] claims")
        claims = []
        for n in range(RUNS):
            env = {"HR_ACCOUNTS": students, "HR_THREADS": "8", "HR_OFFSET": str(n * 3000)}
            claims.append(counted(wrk(server, threads, "claim.lua", env)[3], "claims") / SECONDS)
        result["claims"] = statistics.median(claims)
        if label == "default":
            log(f"[{label}] single sign-on: code exchanges at the token endpoint")
            result["exchanges"] = statistics.median(measure_exchanges(server, db, users) for _ in range(RUNS))
        result["rss_end"] = server.rss_mb()
    finally:
        server.stop()
    return result


def measure_exchanges(server, db, users):
    """Code exchanges per second at the token endpoint: a registered app (client_secret_basic,
    no PKCE), a student signed in once, as many codes as prompt=none gives in 8 s (they live 60 s),
    then wrk spends them for 5 s."""
    redirect = "https://app.example.org/callback"
    out = run([BIN, "oidc", "client", "add", "Bench app", "--redirect-uri", redirect, "--pkce-optional", "--db", db], cwd=ROOT)
    client_id = re.search(r"client_id: (\S+)", out).group(1)
    secret = re.search(r"client_secret: (\S+)", out).group(1)
    import requests  # from the test tools' virtual environment; `--only roster` does without
    with open(users) as f:
        username = f.readline().strip()
    session = requests.Session()
    page = session.get(server.base + "/").text
    token = re.search(r'name="csrf_token" value="([^"]*)"', page).group(1)
    session.post(server.base + "/login", data={"username": username, "csrf_token": token}, allow_redirects=False)
    session.post(server.base + "/login/password", data={"password": PASSWORD, "csrf_token": token}, allow_redirects=False)
    query = urllib.parse.urlencode({"client_id": client_id, "redirect_uri": redirect, "response_type": "code",
                                    "scope": "openid profile", "prompt": "none"})
    codes, deadline = [], time.time() + 8
    while time.time() < deadline:
        location = session.get(server.base + "/oauth2/authorize?" + query, allow_redirects=False).headers["location"]
        codes.append(urllib.parse.parse_qs(urllib.parse.urlparse(location).query)["code"][0])
    path = os.path.join(os.path.dirname(db), "codes.txt")
    with open(path, "w") as f:
        f.writelines(code + "\n" for code in codes)
    basic = "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    out = wrk(server, ["-t2", "-c8"], "token.lua", {"HR_ACCOUNTS": path, "HR_THREADS": "2", "HR_BASIC": basic,
                                                    "HR_REDIRECT": redirect}, duration=5)[3]
    return counted(out, "exchanges") / 5


def signing_cost():
    """Milliseconds to sign one id_token, by algorithm, on one thread."""
    out = run([BIN, "oidc", "sign-rate", "--seconds", "3"], cwd=ROOT)
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\w+): \S+ signatures/s \(([\d.]+) ms each\)", out, re.M)}


def badge_decode_cost():
    """Milliseconds ZBar takes to read one 320x240 camera frame of the badge page, on one thread:
    with a badge's QR code in it, and of noise (the busiest frame without one)."""
    out = run([BIN, "badge-decode-rate", "--seconds", "3"], cwd=ROOT)
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"^(with a badge|without): ([\d.]+) ms", out, re.M)}


def roster_rows(row, roster):
    """The table's rows of the roster import and the search."""
    row(f"6. import of {ROSTER_ROWS:,} rows: seconds / peak MB", f"{roster['import_s']:.1f} / {roster['import_mb']:.0f}",
        "(same)", "< 10 s / < 150 MB", roster["import_s"] < 10 and roster["import_mb"] < 150)
    row(f"   name-prefix search over {ROSTER_ROWS:,} students: median / p95 ms",
        f"{roster['search_median']:.1f} / {roster['search_p95']:.1f}", "(same)", "< 100 ms", roster["search_p95"] < 100)
    row("   import of a 200,000-student OneRoster 1.2 zip (teachers as staff): seconds / peak MB",
        f"{roster['oneroster_s']:.1f} / {roster['oneroster_mb']:.0f}", "(same)")


def make_row(name, fd, fk, target="", met=None):
    return (name, fd, fk, target, "" if met is None else ("yes" if met else "NO"))


def render(rows):
    head = ("measure", "default m=19456,t=2,p=1", "Keycloak m=7168,t=5,p=1", "target", "met")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines), all(r[4] != "NO" for r in rows)


def table(results, roster):
    d, k = results["default"], results["Keycloak"]
    rows = []

    def row(*cells):
        rows.append(make_row(*cells))

    row("1. raw limit: Argon2id hashes/s, all cores", f"{d['raw']:.1f}", f"{k['raw']:.1f}")
    row("   the same, by library in one run: libsodium / libargon2", f"{d['libraries']['libsodium']:.1f} / {d['libraries']['libargon2']:.1f}",
        f"{k['libraries']['libsodium']:.1f} / {k['libraries']['libargon2']:.1f}")
    row("2. two-step sign-ins/s (distinct students)", f"{d['signins']:.1f}", f"{k['signins']:.1f}")
    row("   sign-ins / raw limit (each run against the raw limit measured around it)", f"{d['ratio']:.0%}", f"{k['ratio']:.0%}",
        ">= 90%", d["ratio"] >= 0.9 and k["ratio"] >= 0.9)
    row("   sign-ins/s per core (Keycloak sizes 15)", f"{d['signins'] / CORES:.1f}", f"{k['signins'] / CORES:.1f}")
    row("3. whole claims/s (4 steps)", f"{d['claims']:.1f}", f"{k['claims']:.1f}")
    row("4. landing requests/s idle (64 connections)", f"{d['landing_rps']:,.0f}", f"{k['landing_rps']:,.0f}", ">= 15,000",
        d["landing_rps"] >= 15000 and k["landing_rps"] >= 15000)
    row("   landing p50 / p99 idle (64 connections), ms", f"{d['landing_p50']:.2f} / {d['landing_p99']:.2f}",
        f"{k['landing_p50']:.2f} / {k['landing_p99']:.2f}")
    row("5. landing p99 while the pool is saturated (4 connections), ms", f"{d['saturated_p99']:.2f}", f"{k['saturated_p99']:.2f}",
        "<= 25 ms", d["saturated_p99"] <= 25 and k["saturated_p99"] <= 25)
    row("   ratio to idle p99 at 4 connections", f"{d['saturated_p99'] / d['light_p99']:.1f}x ({d['light_p99']:.2f} ms)",
        f"{k['saturated_p99'] / k['light_p99']:.1f}x ({k['light_p99']:.2f} ms)")
    roster_rows(row, roster)
    row("7. server memory idle, MB", f"{d['rss_idle']:.0f}", f"{k['rss_idle']:.0f}", "< 100", d["rss_idle"] < 100 and k["rss_idle"] < 100)
    row("   server memory after the load, MB", f"{d['rss_end']:.0f}", f"{k['rss_end']:.0f}", "< 250", d["rss_end"] < 250 and k["rss_end"] < 250)
    row("8. single sign-on: code exchanges/s at the token endpoint (RS256 id_tokens)", f"{d['exchanges']:.0f}", "(same)")
    signing = results["signing"]
    row("   id_token signing, ms each on one thread: RS256 / ES256", f"{signing['RS256']:.3f} / {signing['ES256']:.3f}", "(same)")
    flood = results["flood"]
    row("9. 2,000 idle sockets (half a head sent / nothing): landing ms before / during",
        f"{flood['landing_before_ms']:.1f} / {flood['landing_during_ms']:.1f}", "(same)")
    row("   server MB and open files before / during the flood",
        f"{flood['rss_before']:.0f} MB, {flood['files_before']} / {flood['rss_during']:.0f} MB, {flood['files_during']}", "(same)")
    row("   closed by the server: half-sent (by s) / idle (by s)",
        f"{flood['half_sent_closed']} ({flood['half_sent_closed_by'] or 0:.0f}) / {flood['idle_closed']} ({flood['idle_closed_by'] or 0:.0f})",
        "(same)", "all, by 30 s / 60 s (+5)",
        flood["half_sent_closed"] == 1000 and flood["idle_closed"] == 1000
        and flood["half_sent_closed_by"] <= 35 and flood["idle_closed_by"] <= 65)
    badge = results["badge"]
    row("10. badge camera frame (320x240) read by ZBar, ms on one thread: with a badge / noise",
        f"{badge['with a badge']:.2f} / {badge['without']:.2f}", "(same)")
    return render(rows)


def main():
    parser = argparse.ArgumentParser(description="make bench: the claim-day benchmark")
    parser.add_argument("--only", choices=["roster"], help="roster: only the import and the search, printed, not saved")
    args = parser.parse_args()
    assert os.path.exists(BIN), "build first: swift build -c release"
    work = tempfile.mkdtemp(prefix="homeroom-bench-")
    log(f"work folder {work}; {RUNS} runs of {SECONDS} s each; {CORES} cores")
    roster = measure_roster(work)
    if args.only == "roster":
        rows = []
        roster_rows(lambda *cells: rows.append(make_row(*cells)), roster)
        text, all_met = render(rows)
        print(text)
        sys.exit(0 if all_met else 1)
    roster20k = os.path.join(work, "roster-20000.csv")
    make_roster(20000, roster20k)
    results = {label: measure(label, params, work, roster20k) for label, params in PARAMS}
    results["signing"] = signing_cost()
    results["badge"] = badge_decode_cost()
    log("a flood of 2,000 idle sockets (about 70 s)")
    results["flood"] = measure_flood(BIN, ROOT, work)
    text, all_met = table(results, roster)
    print(text)
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
    with open(os.path.join(BENCH, "RESULTS.md"), "w") as f:
        f.write(f"# Benchmark results\n\nProduced by `make bench` (`bench/run.py`, {RUNS} runs of {SECONDS} s each, "
                f"{max(RUNS, 7)} for sign-ins, medians) "
                f"on {when}, {CORES} cores ({cpu.group(1) if cpu else 'unknown CPU'}), release build.\n\n{text}\n\n"
                f"Every target met: {'yes' if all_met else 'NO'}.\n")
    sys.exit(0 if all_met else 1)


if __name__ == "__main__":
    main()
