"""Fixtures of the single-sign-on suite: a live `homeroom serve --demo` with its public URL on
loopback, apps registered with `homeroom oidc client add`, and a person's browser (a requests
session with a cookie jar) that claims an account and signs in through the real pages."""
import csv, html, json, os, queue, re, subprocess, tempfile, threading, time, urllib.parse, urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("HOMEROOM_BINARY", os.path.join(ROOT, ".build", "debug", "homeroom"))
PORT = int(os.environ.get("HOMEROOM_OIDC_PORT", "18590"))
BASE = f"http://127.0.0.1:{PORT}"
APP = "https://app.example.org/callback"
NATIVE = "http://127.0.0.1:9999/callback"
LOGGED_OUT = "https://app.example.org/logged-out"
PASSWORD = "correct horse battery staple"
RECEIVER_PORT = PORT + 1
BACKCHANNEL = f"http://127.0.0.1:{RECEIVER_PORT}/backchannel-logout"


class Receiver(BaseHTTPRequestHandler):
    """An app's back-channel logout endpoint: queues each logout_token it is sent."""
    tokens = queue.Queue()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        Receiver.tokens.put(urllib.parse.parse_qs(body)["logout_token"][0])
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def homeroom(*arguments, db):
    out = subprocess.run([BINARY, *arguments, "--db", db], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^(client_id|client_secret): (\S+)$", out, re.M))


@pytest.fixture(scope="session")
def server():
    """The issuer's base URL, the registered apps, and unclaimed demo students to use."""
    work = tempfile.mkdtemp(prefix="homeroom-oidc-")
    db = os.path.join(work, "db.sqlite")
    config = os.path.join(work, "homeroom.json")
    with open(config, "w") as f:
        json.dump({"publicURL": BASE, "databasePath": db, "management": {"port": 0}, "singleSignOn": {"studentEmailDomain": "students.example.org"}}, f)
    clients = {
        "basic": homeroom("oidc", "client", "add", "Canvas", "--redirect-uri", APP, "--refresh",
                          "--post-logout-redirect-uri", LOGGED_OUT, db=db),
        "post": homeroom("oidc", "client", "add", "Moodle", "--redirect-uri", APP, "--pkce-optional", "--signing-algorithm", "ES256", db=db),
        "public": homeroom("oidc", "client", "add", "Reading app", "--redirect-uri", NATIVE, "--public", db=db),
        "staff": homeroom("oidc", "client", "add", "Staff tools", "--redirect-uri", APP, "--roles", "teacher", "admin", db=db),
        "consent": homeroom("oidc", "client", "add", "Survey app", "--redirect-uri", APP, "--consent", db=db),
        "backchannel": homeroom("oidc", "client", "add", "Nextcloud", "--redirect-uri", APP, "--backchannel-logout-uri", BACKCHANNEL,
                                db=db),
    }
    receiver = HTTPServer(("127.0.0.1", RECEIVER_PORT), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    process = subprocess.Popen([BINARY, "serve", "--demo", "--port", str(PORT), "--config", config],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.startswith("Homeroom is serving"):
            break
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    with open(os.path.join(ROOT, "data", "roster-demo.csv"), newline="", encoding="utf-8") as f:
        students = [(r["last_name"], r["first_name"], r["student_id"]) for r in csv.DictReader(f)]
    yield {"base": BASE, "clients": clients, "students": iter(students), "db": db, "logout_tokens": Receiver.tokens}
    receiver.shutdown()
    process.terminate()
    process.wait()


def refresh_target(response):
    """Where a page that refreshes at once (the way on to an app after a form) sends the browser."""
    if response.status_code != 200:
        return None
    match = re.search(r'<meta http-equiv="refresh" content="0;url=([^"]+)">', response.text)
    return html.unescape(match.group(1)) if match else None


def token_of(page):
    return re.search(r'name="csrf_token" value="([^"]*)"', page).group(1)


class Person:
    """A browser of a student who has claimed an account."""

    def __init__(self, server):
        self.session = requests.Session()
        last, first, student_id = next(server["students"])
        self.username = "s" + student_id
        self.post("/claim", {"last_name": last, "first_name": first, "student_id": student_id}, "/claim")
        self.post("/claim/password", {"password": PASSWORD, "password_confirm": PASSWORD}, "/claim/password")
        answers = {"answer_birth_month": "May", "answer_birth_year": "2011", "answer_favorite_season": "fall"}
        assert self.post("/claim/questions", answers, "/claim/questions").headers["location"] == "/claim/complete"

    def post(self, path, fields, page):
        fields = dict(fields, csrf_token=token_of(self.session.get(BASE + page).text))
        return self.session.post(BASE + path, data=fields, allow_redirects=False)

    def sign_in(self):
        """Both steps of sign-in; returns where the password step sends the browser."""
        self.post("/login", {"username": self.username}, "/")
        return self.post("/login/password", {"password": PASSWORD}, "/login/password").headers["location"]

    def follow(self, url, until):
        """Follows redirects from `url` until one leaves for `until` (the app); returns that location,
        or the last response when the browser stays on Homeroom."""
        response = self.session.get(url, allow_redirects=False)
        while response.status_code in (302, 303) or refresh_target(response):
            location = response.headers.get("location") or refresh_target(response)
            if location.startswith(until):
                return location
            response = self.session.get(location if location.startswith("http") else BASE + location, allow_redirects=False)
        return response

    def authorize(self, url, redirect_uri=APP):
        """Opens an app's authorization URL, signs in if asked, and returns the app's callback URL."""
        result = self.follow(url, redirect_uri)
        if isinstance(result, str):
            return result
        assert result.status_code == 200, result.text[:300]
        location = self.sign_in()
        assert location == "/oauth2/authorize/resume"
        return self.follow(BASE + location, redirect_uri)


@pytest.fixture
def person(server):
    return Person(server)
