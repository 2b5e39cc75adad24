"""Fixtures of the real-browser suite: a live `homeroom serve --demo` on a fresh database, and
headless Chromium from Debian (given both paths, so Selenium downloads nothing)."""
import csv, json, os, re, subprocess, tempfile, time, urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

import demo_app

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("HOMEROOM_BINARY", os.path.join(ROOT, ".build", "debug", "homeroom"))
SHOTS = os.path.join(ROOT, "screenshots")
PORT = int(os.environ.get("HOMEROOM_BROWSER_PORT", "18480"))
DEMO_PORT = PORT + 1


@pytest.fixture(scope="session")
def server():
    """The base URL of a live server, and its demo roster's students as (last, first, id)."""
    work = tempfile.mkdtemp(prefix="homeroom-browser-")
    db, base = os.path.join(work, "db.sqlite"), f"http://127.0.0.1:{PORT}"
    demo = f"http://127.0.0.1:{DEMO_PORT}"
    out = subprocess.run([BINARY, "oidc", "client", "add", "Demo app", "--redirect-uri", demo + "/callback",
                          "--backchannel-logout-uri", demo + "/backchannel", "--initiate-login-uri", demo + "/start", "--db", db],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    client = dict(re.findall(r"^(client_id|client_secret): (\S+)$", out, re.M))
    config = os.path.join(work, "homeroom.json")
    with open(config, "w") as f:
        json.dump({"publicURL": base, "databasePath": db, "management": {"port": 0}, "resources": [{"name": "Demo app", "client": client["client_id"]}]}, f)
    process = subprocess.Popen([BINARY, "serve", "--demo", "--port", str(PORT), "--config", config],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.startswith("Homeroom is serving"):
            break
    with open(os.path.join(ROOT, "data", "roster-demo.csv"), newline="", encoding="utf-8") as f:
        students = [(r["last_name"], r["first_name"], r["student_id"]) for r in csv.DictReader(f)]
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    app = demo_app.serve(demo_app.make_app(base, client["client_id"], client["client_secret"]), DEMO_PORT)
    yield {"base": base, "students": students, "demo": demo, "db": db}
    app.shutdown()
    process.terminate()
    process.wait()


def catalog(language):
    """The server's own messages in `language`, flattened to dotted keys, so tests check its words."""
    def flatten(node, prefix=""):
        for key, value in node.items():
            if isinstance(value, dict):
                yield from flatten(value, prefix + key + ".")
            else:
                yield prefix + key, value
    with open(os.path.join(ROOT, "messages", language + ".json"), encoding="utf-8") as f:
        return dict(flatten(json.load(f)))


def make_driver(width, language, extra=()):
    """Headless Chromium at `width`, asking for `language`, with any `extra` command-line switches."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},900",
                     f"--lang={language}", *extra):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "es-MX,es" if language == "es" else "en-US,en"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture(params=[(1280, "en"), (375, "en"), (1280, "es"), (375, "es")],
                ids=["desktop-en", "phone-en", "desktop-es", "phone-es"])
def browser(request):
    """Headless Chromium at a width, asking for pages in a language; `driver.t` holds that language's messages."""
    width, language = request.param
    driver = make_driver(width, language)
    driver.width, driver.language, driver.t = width, language, catalog(language)
    yield driver
    driver.quit()


@pytest.fixture(scope="session", autouse=True)
def screenshot_folder():
    os.makedirs(SHOTS, exist_ok=True)
