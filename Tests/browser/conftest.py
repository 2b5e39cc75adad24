"""Fixtures of the real-browser suite: a live `homeroom serve --demo` on a fresh database, and
headless Chromium from Debian (given both paths, so Selenium downloads nothing)."""
import csv, os, subprocess, tempfile, time, urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("HOMEROOM_BINARY", os.path.join(ROOT, ".build", "debug", "homeroom"))
SHOTS = os.path.join(ROOT, "screenshots")
PORT = int(os.environ.get("HOMEROOM_BROWSER_PORT", "18480"))


@pytest.fixture(scope="session")
def server():
    """The base URL of a live server, and its demo roster's students as (last, first, id)."""
    work = tempfile.mkdtemp(prefix="homeroom-browser-")
    process = subprocess.Popen([BINARY, "serve", "--demo", "--port", str(PORT), "--db", os.path.join(work, "db.sqlite")],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line.startswith("Homeroom is serving"):
            break
    with open(os.path.join(ROOT, "data", "roster-demo.csv"), newline="", encoding="utf-8") as f:
        students = [(r["last_name"], r["first_name"], r["student_id"]) for r in csv.DictReader(f)]
    base = f"http://127.0.0.1:{PORT}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield {"base": base, "students": students}
    process.terminate()
    process.wait()


def make_driver(width):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},900"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


@pytest.fixture(params=[1280, 375], ids=["desktop", "phone"])
def browser(request):
    driver = make_driver(request.param)
    driver.width = request.param
    yield driver
    driver.quit()


@pytest.fixture(scope="session", autouse=True)
def screenshot_folder():
    os.makedirs(SHOTS, exist_ok=True)
