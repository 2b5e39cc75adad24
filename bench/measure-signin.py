#!/usr/bin/env python3
"""Server time of the sign-in password step and the reset answers step, by outcome.

Starts the release `homeroom serve --demo` on a fresh database, claims one demo student over
HTTP, then times (median and p90 of N runs) POST /login/password for the right password, a wrong
password, an unknown username and an unclaimed student, and POST /forgot-password/answers for
right answers, wrong answers and an unknown username. Usage: bench/measure-signin.py [N]
"""
import json, os, re, statistics, subprocess, sys, tempfile, time
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "release", "homeroom")
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
PORT = 18089
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "correct horse battery staple"


def token(html):
    return re.search(r'name="csrf_token" value="([^"]*)"', html).group(1)


def post(session, path, fields, page):
    fields = dict(fields, csrf_token=token(session.get(BASE + page).text))
    return session.post(BASE + path, data=fields, allow_redirects=False)


def claim(last, first, student_id):
    s = requests.Session()
    assert post(s, "/claim", {"last_name": last, "first_name": first, "student_id": student_id}, "/claim").status_code == 303
    assert post(s, "/claim/password", {"password": PASSWORD, "password_confirm": PASSWORD}, "/claim/password").status_code == 303
    answers = {"answer_birth_month": "May", "answer_birth_year": "2011", "answer_favorite_season": "fall"}
    assert post(s, "/claim/questions", answers, "/claim/questions").headers["location"] == "/claim/complete"


def sign_in_time(username, password):
    s = requests.Session()
    post(s, "/login", {"username": username}, "/")
    fields = {"password": password, "csrf_token": token(s.get(BASE + "/login/password").text)}
    start = time.perf_counter()
    response = s.post(BASE + "/login/password", data=fields, allow_redirects=False)
    return (time.perf_counter() - start) * 1000, response.status_code


ANSWERS = {"birth_month": "5", "birth_year": "2011", "favorite_fruit": "apple", "favorite_season": "fall"}
WRONG = {"birth_month": "6", "birth_year": "2010", "favorite_fruit": "peach", "favorite_season": "winter"}


def reset_time(username, right):
    s = requests.Session()
    post(s, "/forgot-password", {"username": username}, "/forgot-password")
    page = s.get(BASE + "/forgot-password/answers").text
    fields = re.findall(r'<label for="answer_([a-z_]+)">', page)
    answers = ANSWERS if right else WRONG
    data = {"answer_" + f: answers.get(f, "something") for f in fields}
    data["csrf_token"] = token(page)
    start = time.perf_counter()
    s.post(BASE + "/forgot-password/answers", data=data, allow_redirects=False)
    return (time.perf_counter() - start) * 1000


def report(name, times):
    times = sorted(times)
    print(f"  {name:18} median {statistics.median(times):6.1f}  p90 {times[int(len(times) * 0.9) - 1]:6.1f}")


def main():
    work = tempfile.mkdtemp()
    config = os.path.join(work, "config.json")
    with open(config, "w") as f:
        json.dump({"port": PORT, "databasePath": os.path.join(work, "db.sqlite"),
                   "signInThrottle": {"freeFailures": 100, "lockAfterFailures": 100},
                   "recovery": {"failedResetsBeforeLock": 100}}, f)
    server = subprocess.Popen([BINARY, "serve", "--demo", "--config", config], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    try:
        students = []
        for line in server.stdout:
            m = re.search(r"Last Name: (.*?)\s+First Name: (.*?)\s+Student ID: (\d{7})", line)
            if m:
                students.append(m.groups())
            if line.startswith("Homeroom is serving"):
                break
        time.sleep(0.5)
        claim(*students[0])
        cases = [("right password", "s" + students[0][2], PASSWORD),
                 ("wrong password", "s" + students[0][2], "not the password at all"),
                 ("unknown username", "s9999999", PASSWORD),
                 ("unclaimed student", "s" + students[1][2], PASSWORD)]
        print(f"POST /login/password, {RUNS} runs each (ms):")
        for name, username, password in cases:
            report(name, [sign_in_time(username, password)[0] for _ in range(RUNS)])
        print(f"POST /forgot-password/answers, {RUNS} runs each (ms):")
        report("right answers", [reset_time("s" + students[0][2], True) for _ in range(RUNS)])
        report("wrong answers", [reset_time("s" + students[0][2], False) for _ in range(RUNS)])
        report("unknown username", [reset_time("s9999999", False) for _ in range(RUNS)])
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
