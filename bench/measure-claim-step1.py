#!/usr/bin/env python3
"""Claim step 1 (POST /claim) measured from outside: server time and database commits per request.

Starts the release `homeroom serve --demo` on a fresh database and, for a roster match and for a
failed match (a wrong first name, each time another
student's, so no per-ID lock is reached), times N POSTs (median and p90) and counts the SQLite commits each
one made, read from the commit frames the write-ahead log gained (the log is not checkpointed
below 1,000 pages, so nothing is lost between two reads). Usage: bench/measure-claim-step1.py [N]
"""
import csv, os, re, statistics, struct, subprocess, sys, tempfile, time
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("HOMEROOM_BINARY", os.path.join(ROOT, ".build", "release", "homeroom"))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
PORT = 18090
BASE = f"http://127.0.0.1:{PORT}"


def commits(wal_path):
    """Valid commit frames in a SQLite WAL file (frames whose salts match the header's)."""
    with open(wal_path, "rb") as f:
        data = f.read()
    if len(data) < 32:
        return 0
    page_size = struct.unpack(">I", data[8:12])[0]
    salts = data[16:24]
    count, offset = 0, 32
    while offset + 24 + page_size <= len(data):
        header = data[offset:offset + 24]
        if header[8:16] != salts:
            break
        if struct.unpack(">I", header[4:8])[0] != 0:
            count += 1
        offset += 24 + page_size
    return count


def token(html):
    return re.search(r'name="csrf_token" value="([^"]*)"', html).group(1)


def step1(wal, fields):
    s = requests.Session()
    fields = dict(fields, csrf_token=token(s.get(BASE + "/claim").text))
    before = commits(wal)
    start = time.perf_counter()
    response = s.post(BASE + "/claim", data=fields, allow_redirects=False)
    elapsed = (time.perf_counter() - start) * 1000
    time.sleep(0.05)
    return elapsed, commits(wal) - before, response.status_code


def main():
    workdir = tempfile.mkdtemp(prefix="homeroom-claim1-")
    db = os.path.join(workdir, "bench.sqlite")
    server = subprocess.Popen([BINARY, "serve", "--demo", "--db", db, "--port", str(PORT)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                requests.get(BASE + "/healthz", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        with open(os.path.join(ROOT, "data", "roster-demo.csv"), encoding="utf-8-sig") as f:
            students = [{"last_name": r["last_name"], "first_name": r["first_name"], "student_id": r["student_id"]}
                        for r in csv.DictReader(f)]
        # A match may be repeated; each failure is another student's, below the per-ID lock.
        cases = {"matched": lambda i: students[0],
                 "failed (names differ)": lambda i: dict(students[1 + i % (len(students) - 1)],
                                                         first_name=students[1 + i % (len(students) - 1)]["first_name"] + "x")}
        print(f"claim step 1, {RUNS} runs each ({os.path.basename(os.path.dirname(BINARY))} build)")
        for name, fields in cases.items():
            step1(db + "-wal", fields(RUNS))
            runs = [step1(db + "-wal", fields(i)) for i in range(RUNS)]
            times = sorted(r[0] for r in runs)
            statuses = sorted({r[2] for r in runs})
            writes = statistics.median(r[1] for r in runs)
            print(f"  {name:22s} median {statistics.median(times):5.2f} ms  p90 {times[int(len(times) * 0.9) - 1]:5.2f} ms"
                  f"  commits per request {writes:g}  status {statuses}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
