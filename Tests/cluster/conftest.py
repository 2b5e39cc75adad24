"""Two real Homeroom nodes on one PostgreSQL behind a real nginx, for the cross-node tests.

Run under scripts/with-postgres (`make test-cluster` does): a database of its own on the test
server, `homeroom migrate` and the demo roster imported, two `homeroom serve` processes on free
loopback ports (trustedProxies: nginx), and nginx balancing them by least connections. Without
the test server the suite is skipped, except under CI, where that is a failure."""
import csv, json, os, re, signal, socket, subprocess, tempfile, time, urllib.request

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("HOMEROOM_BINARY", os.path.join(ROOT, ".build", "debug", "homeroom"))
SERVER = os.environ.get("HOMEROOM_TEST_POSTGRES_URL")
PASSWORD = "correct horse battery staple"
LOCK_AFTER = 6


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(base):
    for _ in range(400):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{base} did not answer")


def homeroom(*arguments, url):
    return subprocess.run([BINARY, *arguments, "--database-url", url], cwd=ROOT, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="session")
def cluster():
    """The nodes' and nginx's base URLs, the database URL, and the demo students, unclaimed."""
    if not SERVER:
        if os.environ.get("CI"):
            pytest.fail("HOMEROOM_TEST_POSTGRES_URL is not set: run with scripts/with-postgres (make test-cluster does)")
        pytest.skip("needs the test PostgreSQL: run with scripts/with-postgres")
    work = tempfile.mkdtemp(prefix="homeroom-cluster-")
    name = f"cluster_{os.getpid()}"
    psql = os.path.join(os.environ["HOMEROOM_TEST_POSTGRES_BIN"], "psql")
    subprocess.run([psql, "-q", SERVER, "-c", f"CREATE DATABASE {name}"], check=True)
    url = SERVER.rsplit("/", 1)[0] + f"/{name}?sslmode=disable"
    homeroom("migrate", url=url)
    homeroom("import-roster", "data/roster-demo.csv", url=url)
    nodes, processes = [], []
    for _ in range(2):
        port = free_port()
        config = os.path.join(work, f"node-{port}.json")
        with open(config, "w") as f:
            json.dump({"port": port, "publicURL": "http://127.0.0.1:8080", "databaseURL": url, "management": {"port": 0},
                       "trustedProxies": ["127.0.0.1"],
                       "signInThrottle": {"lockAfterFailures": LOCK_AFTER, "freeFailures": LOCK_AFTER}}, f)
        processes.append(subprocess.Popen([BINARY, "serve", "--config", config], cwd=ROOT, stdout=subprocess.DEVNULL))
        nodes.append(f"http://127.0.0.1:{port}")
    for base in nodes:
        wait_for(base)
    nginx_port = free_port()
    with open(os.path.join(os.path.dirname(__file__), "nginx.conf.template")) as f:
        conf = f.read().format(prefix=work, port=nginx_port, servers="\n".join(f"    server {b[7:]};" for b in nodes),
                               user="user root;" if os.geteuid() == 0 else "")
    with open(os.path.join(work, "nginx.conf"), "w") as f:
        f.write(conf)
    nginx = subprocess.Popen(["nginx", "-p", work, "-c", os.path.join(work, "nginx.conf")], stderr=subprocess.DEVNULL)
    front = f"http://127.0.0.1:{nginx_port}"
    wait_for(front)
    with open(os.path.join(ROOT, "data", "roster-demo.csv"), newline="", encoding="utf-8") as f:
        students = [(r["last_name"], r["first_name"], r["student_id"]) for r in csv.DictReader(f)]
    yield {"nodes": nodes, "front": front, "url": url, "psql": psql, "students": iter(students)}
    nginx.send_signal(signal.SIGQUIT)
    nginx.wait()
    for process in processes:
        process.terminate()
        process.wait()


def token_of(page):
    return re.search(r'name="csrf_token" value="([^"]*)"', page).group(1)


class Browser:
    """A student's browser (a cookie jar) that can send each step to the node it is told."""

    def __init__(self):
        self.session = requests.Session()

    def post(self, base, path, fields, page):
        fields = dict(fields, csrf_token=token_of(self.session.get(base + page).text))
        return self.session.post(base + path, data=fields, allow_redirects=False)

    def claim_start(self, base, student):
        last, first, student_id = student
        return self.post(base, "/claim", {"last_name": last, "first_name": first, "student_id": student_id}, "/claim")

    def claim_password(self, base):
        return self.post(base, "/claim/password", {"password": PASSWORD, "password_confirm": PASSWORD}, "/claim/password")

    def claim_answers(self, base):
        answers = {"answer_birth_month": "May", "answer_birth_year": "2011", "answer_favorite_season": "fall"}
        return self.post(base, "/claim/questions", answers, "/claim/questions")

    def claim(self, base, student):
        self.claim_start(base, student)
        self.claim_password(base)
        return self.claim_answers(base)

    def sign_in(self, base, username, password=PASSWORD):
        """Both steps; returns where the password step sends the browser."""
        self.post(base, "/login", {"username": username}, "/")
        return self.post(base, "/login/password", {"password": password}, "/login/password").headers.get("location")


def query(cluster, sql):
    """One value from the cluster's database."""
    return subprocess.run([cluster["psql"], "-tAq", cluster["url"].split("?")[0], "-c", sql], check=True,
                          capture_output=True, text=True).stdout.strip()
