"""Letters and badges in headless Chromium: a teacher prints her homeroom's claim letters to PDF
(read back with poppler and the zbar decoder), prints QR badges, and a child signs in by showing
a badge to a fake camera (Chromium's fake capture device playing a video made from the badge)."""
import os, re, subprocess, tempfile

import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BINARY, ROOT, SHOTS, catalog, make_driver
from pages import check_page, fill, submit_and_wait

PASSWORD = "correct horse battery"
TEACHER = "Ms. Lark"
#: A small kindergarten-and-first-grade homeroom, imported beside the demo roster.
ROSTER = """student_id,last_name,first_name,middle_name,birth_date,grade,school,homeroom_teacher
8100001,Lopez,Mia,,2021-03-01,KG,Lovejoy Elementary,Ms. Lark
8100002,Nguyen,Leo,,2021-05-02,KG,Lovejoy Elementary,Ms. Lark
8100003,Brown,Ava,,2020-01-03,01,Lovejoy Elementary,Ms. Lark
"""
LETTER_POINTS = ("612 x 792", "(letter)")


@pytest.fixture(scope="module")
def lark(server):
    """Ms. Lark's homeroom in the live server's database, and her teacher account."""
    work = tempfile.mkdtemp(prefix="homeroom-lark-")
    roster = os.path.join(work, "lark.csv")
    with open(roster, "w", encoding="utf-8") as f:
        f.write(ROSTER)
    subprocess.run([BINARY, "import-roster", roster, "--db", server["db"]], cwd=ROOT, check=True, capture_output=True)
    subprocess.run([BINARY, "staff", "add", "lark", "--role", "teacher", "--display-name", TEACHER, "--password-stdin",
                    "--db", server["db"]], cwd=ROOT, check=True, capture_output=True, input=PASSWORD + "\n", text=True)
    return {"work": work, "username": "lark"}


def teacher_driver(server, language="en", extra=()):
    driver = make_driver(1280, language, extra)
    driver.width, driver.language, driver.t = 1280, language, catalog(language)
    driver.get(server["base"] + "/")
    fill(driver, {"username": "lark"})
    fill(driver, {"password": PASSWORD})
    return driver


def print_pdf(driver, path):
    """The page as Chromium prints it, honouring its CSS page size, saved at `path`."""
    import base64
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    with open(path, "wb") as f:
        f.write(base64.b64decode(pdf["data"]))


def pdf_info(path):
    return subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout


def qr_texts_on_page(pdf, page, work):
    """What zbar reads on one page of `pdf`, rendered at 150 dpi by poppler."""
    prefix = os.path.join(work, f"page{page}")
    subprocess.run(["pdftoppm", "-r", "150", "-f", str(page), "-l", str(page), "-png", "-singlefile", pdf, prefix], check=True)
    out = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", prefix + ".png"], capture_output=True, text=True)
    return out.stdout.split()


def test_teacher_prints_her_homerooms_letters_to_pdf(server, lark):
    """The homeroom page (axe-checked) prints one letter a page on US Letter; each page's QR code
    holds the claim link with that letter's own code, which claims the account."""
    driver = teacher_driver(server)
    try:
        driver.get(server["base"] + "/homeroom")
        check_page(driver, "homeroom-print")
        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.print-picker button[type=submit]"))
        check_page(driver, "letters")
        codes = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "article.sheet p.code")]
        assert len(codes) == 3
        pdf = os.path.join(lark["work"], "letters.pdf")
        print_pdf(driver, pdf)
        info = pdf_info(pdf)
        assert re.search(r"^Pages:\s+3$", info, re.M), info
        assert all(part in info for part in LETTER_POINTS), info
        for page, code in enumerate(codes, start=1):
            assert qr_texts_on_page(pdf, page, lark["work"]) == [f"{server['base']}/claim/code?code={code}"]
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", "-singlefile", pdf,
                        os.path.join(SHOTS, "letters-pdf-page1")], check=True)
    finally:
        driver.quit()
    child = make_driver(1280, "en")
    try:
        child.get(f"{server['base']}/claim/code?code={codes[0]}")
        submit_and_wait(child, child.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        assert child.current_url.endswith("/claim/password")
    finally:
        child.quit()


def test_letters_print_on_a4_when_chosen(server, lark):
    driver = teacher_driver(server, "es")
    try:
        driver.get(server["base"] + "/homeroom")
        fill(driver, {"paper": "a4"}, submit=False)
        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.print-picker button[type=submit]"))
        pdf = os.path.join(lark["work"], "letters-a4.pdf")
        print_pdf(driver, pdf)
        info = pdf_info(pdf)
        assert "pts (A4)" in info and re.search(r"^Pages:\s+3$", info, re.M), info
    finally:
        driver.quit()


def badge_video(png, path):
    """A few seconds of 640x480 Y4M video, the badge's picture in the middle of a white frame:
    what Chromium's fake camera plays when given `--use-file-for-fake-video-capture`."""
    badge = Image.open(png).convert("L")
    frame = Image.new("L", (640, 480), 255)
    frame.paste(badge, ((640 - badge.width) // 2, (480 - badge.height) // 2))
    chroma = bytes([128]) * (320 * 240)
    with open(path, "wb") as f:
        f.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(30):
            f.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)


def print_badges(server, lark, name):
    """Ms. Lark prints badges for her kindergartners; the first badge's QR as a PNG at `name`."""
    driver = teacher_driver(server)
    try:
        driver.get(server["base"] + "/homeroom")
        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.print-picker button[formaction='/homeroom/badges']"))
        cards = driver.find_elements(By.CSS_SELECTOR, "article.badge-card")
        assert [c.find_element(By.CSS_SELECTOR, ".first-name").text for c in cards] == ["Mia", "Leo", "Ava"]
        check_page(driver, "badges")
        png = os.path.join(lark["work"], name)
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cards[0])
        cards[0].screenshot(png)
        return png
    finally:
        driver.quit()


def camera_driver(video):
    return make_driver(1280, "en", ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                                    f"--use-file-for-fake-video-capture={video}"))


def test_child_signs_in_by_showing_her_badge_to_the_camera(server, lark):
    """A badge printed and then printed again: the first one, shown to the camera, is refused with
    the fixed message; the second signs Mia in. (Chromium on Linux has no BarcodeDetector, so the
    page sends frames and the server reads them with zbar.)"""
    old = print_badges(server, lark, "badge-old.png")
    new = print_badges(server, lark, "badge-new.png")
    t = catalog("en")
    video = os.path.join(lark["work"], "old.y4m")
    badge_video(old, video)
    driver = camera_driver(video)
    try:
        driver.get(server["base"] + "/badge")
        status = driver.find_element(By.ID, "camera-status")
        WebDriverWait(driver, 20).until(lambda d: status.text == t["badge.failed"])
        assert driver.current_url.endswith("/badge")
    finally:
        driver.quit()
    video = os.path.join(lark["work"], "new.y4m")
    badge_video(new, video)
    driver = camera_driver(video)
    try:
        driver.get(server["base"] + "/badge")
        WebDriverWait(driver, 10, poll_frequency=0.05).until(lambda d: d.execute_script(
            "var v = document.getElementById('camera-video'); return !v || v.readyState >= 2"))
        driver.save_screenshot(os.path.join(SHOTS, "badge-camera-en-1280.png"))
        WebDriverWait(driver, 20).until(lambda d: d.current_url.endswith("/portal"))
        assert "Mia" in driver.find_element(By.TAG_NAME, "h1").text
    finally:
        driver.quit()


def test_badge_page_without_a_camera_takes_the_short_code(server, lark):
    """No camera (and the page checked by axe): the short code printed under the QR signs in."""
    driver = teacher_driver(server)
    try:
        driver.get(server["base"] + "/homeroom")
        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.print-picker button[formaction='/homeroom/badges']"))
        short = driver.find_elements(By.CSS_SELECTOR, "article.badge-card p.short")[1].text
    finally:
        driver.quit()
    driver = make_driver(1280, "en")
    driver.width, driver.language, driver.t = 1280, "en", catalog("en")
    try:
        driver.get(server["base"] + "/badge")
        check_page(driver, "badge-signin")
        fill(driver, {"badge": short})
        assert driver.current_url.endswith("/portal")
        assert "Leo" in driver.find_element(By.TAG_NAME, "h1").text
    finally:
        driver.quit()
