"""The flows in a real browser (headless Chromium) against a live server, in English and Spanish
at 1280 px and 375 px, with axe-core on every page and a screenshot of each under screenshots/."""
import itertools, os, subprocess

import pytest

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from pages import check_page, fill, submit_and_wait

PASSWORD = "correct horse battery"
#: Each test takes its own students, so no two tests claim the same one.
_next = itertools.count(0)


_unknown = itertools.count(0)


def student(server):
    return server["students"][next(_next)]


def unknown_id(server):
    """A student ID the roster lacks, new each time, so the per-ID claim throttle never trips."""
    known = {sid for _, _, sid in server["students"]}
    while True:
        candidate = f"{next(_unknown):07d}"
        if candidate not in known:
            return candidate


def claim(driver, server, who, shots=False):
    last, first, sid = who
    driver.get(server["base"] + "/claim")
    if shots:
        check_page(driver, "claim-1-start")
    fill(driver, {"last_name": last, "first_name": first, "student_id": sid})
    assert driver.current_url.endswith("/claim/password"), f"{who}: " + driver.find_element(By.TAG_NAME, "main").text
    if shots:
        check_page(driver, "claim-2-password")
    fill(driver, {"password": PASSWORD, "password_confirm": PASSWORD})
    assert driver.current_url.endswith("/claim/questions"), f"{who}: " + driver.find_element(By.TAG_NAME, "main").text
    if shots:
        check_page(driver, "claim-3-questions")
    fill(driver, {"answer_birth_month": "5", "answer_birth_year": "2011", "answer_favorite_season": "fall"})
    if shots:
        check_page(driver, "claim-4-complete")
    return "s" + sid


def sign_in(driver, server, username, password=PASSWORD, shots=False):
    driver.get(server["base"] + "/")
    if shots:
        check_page(driver, "signin-1-username")
    fill(driver, {"username": username})
    if shots:
        check_page(driver, "signin-2-password")
    fill(driver, {"password": password})


def test_claim_shows_the_username_in_green_bold_and_labelled(server, browser):
    username = claim(browser, server, student(server), shots=True)
    shown = browser.find_element(By.CSS_SELECTOR, "strong.username")
    assert shown.text == username and shown.value_of_css_property("font-weight") in ("700", "bold")


def test_claim_failure_lists_what_to_check(server, browser):
    browser.get(server["base"] + "/claim")
    fill(browser, {"last_name": "Nobody", "first_name": "Here", "student_id": unknown_id(server)})
    check_page(browser, "claim-1-failed")
    assert browser.t["claim.failed"] in browser.find_element(By.CSS_SELECTOR, "[role=alert]").text


def test_claim_field_errors_are_tied_to_their_fields(server, browser):
    browser.get(server["base"] + "/claim")
    fill(browser, {"last_name": "Lee", "first_name": "Kai", "student_id": "s123"})
    check_page(browser, "claim-1-field-errors")
    field = browser.find_element(By.ID, "student_id")
    assert "student_id-error" in field.get_attribute("aria-describedby")
    assert browser.find_element(By.ID, "student_id-error").text == browser.t["roster.idWithS"]


def focused(driver):
    """The id of the element with focus, once autofocus (applied just after load) has run."""
    try:
        WebDriverWait(driver, 3).until(lambda d: d.switch_to.active_element.get_attribute("id"))
    except TimeoutException:
        pass
    return driver.switch_to.active_element.get_attribute("id")


def test_focus_goes_to_the_first_field_with_a_problem(server, browser):
    browser.get(server["base"] + "/claim")
    fill(browser, {"last_name": "Lee", "first_name": "", "student_id": "12"})
    assert focused(browser) == "first_name"


def test_focus_goes_to_the_first_field_after_the_fixed_failure(server, browser):
    browser.get(server["base"] + "/claim")
    fill(browser, {"last_name": "Nobody", "first_name": "Here", "student_id": unknown_id(server)})
    assert focused(browser) == "last_name"


def test_language_switch_changes_the_page_and_is_kept(server, browser):
    if browser.width != 1280:
        pytest.skip("the switch is the same at every width")
    other = "es" if browser.language == "en" else "en"
    browser.get(server["base"] + "/forgot-username")
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "a.language"))
    assert browser.current_url.endswith("/forgot-username")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == other
    browser.get(server["base"] + "/claim")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == other


def test_sign_in_reaches_the_portal_and_sign_out_ends_it(server, browser):
    username = claim(browser, server, student(server))
    sign_in(browser, server, username, shots=True)
    check_page(browser, "portal-home")
    assert browser.t["portal.hello"] in browser.find_element(By.TAG_NAME, "h1").text
    submit_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.signout button"))
    browser.get(server["base"] + "/portal")
    assert "/portal" not in browser.current_url and browser.find_elements(By.CSS_SELECTOR, "form.signout") == []


def test_wrong_password_gets_the_fixed_message(server, browser):
    username = claim(browser, server, student(server))
    sign_in(browser, server, username, password="not the password")
    check_page(browser, "signin-2-failed")
    assert browser.t["login.failed"] in browser.find_element(By.CSS_SELECTOR, "[role=alert]").text


def test_forgot_password_sets_a_new_password(server, browser):
    username = claim(browser, server, student(server))
    browser.get(server["base"] + "/forgot-password")
    check_page(browser, "reset-1-username")
    fill(browser, {"username": username})
    check_page(browser, "reset-2-answers")
    fill(browser, {"answer_birth_month": "5", "answer_birth_year": "2011", "answer_favorite_season": "fall"})
    check_page(browser, "reset-3-new-password")
    fill(browser, {"password": "a brand new password", "password_confirm": "a brand new password"})
    check_page(browser, "reset-4-done")
    sign_in(browser, server, username, password="a brand new password")
    assert browser.current_url.endswith("/portal")


def test_forgot_username_shows_it(server, browser):
    who = student(server)
    username = claim(browser, server, who)
    browser.get(server["base"] + "/forgot-username")
    check_page(browser, "username-1-form")
    fill(browser, {"last_name": who[0], "first_name": who[1], "student_id": who[2]})
    check_page(browser, "username-2-shown")
    assert browser.find_element(By.CSS_SELECTOR, "strong.username").text == username


def test_claim_with_the_keyboard_alone(server, browser):
    if (browser.width, browser.language) != (1280, "en"):
        pytest.skip("once is enough: at desktop width, in English")
    last, first, sid = student(server)
    browser.get(server["base"] + "/claim")

    def tab_to(element_id=None):
        """Presses Tab until the element with this id (or, without one, the form's button) has focus."""
        for _ in range(30):
            active = browser.switch_to.active_element
            if active.get_attribute("id") == element_id or (element_id is None and active.tag_name == "button"):
                return active
            active.send_keys(Keys.TAB)
        raise AssertionError(f"Tab never reached {element_id or 'the button'}")

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    tab_to("last_name").send_keys(last, Keys.TAB)
    browser.switch_to.active_element.send_keys(first, Keys.TAB)
    browser.switch_to.active_element.send_keys(sid, Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/claim/password"))
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    tab_to("password").send_keys(PASSWORD, Keys.TAB)
    browser.switch_to.active_element.send_keys(PASSWORD, Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/claim/questions"))
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    tab_to("answer_birth_month").send_keys("May")
    tab_to("answer_birth_year").send_keys("2011")
    tab_to("answer_favorite_season").send_keys("fall")
    tab_to().send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/claim/complete"))
    assert browser.find_element(By.CSS_SELECTOR, "strong.username").text == "s" + sid


def test_claim_with_a_code_from_a_letter(server, browser):
    """A claim code issued on the command line, typed wrong and then right in lower case with its
    dashes, leads to the claim's password step; axe checks the code page and its failure."""
    from conftest import BINARY, ROOT
    sid = student(server)[2]
    out = subprocess.run([BINARY, "codes", "issue", sid, "--db", server["db"]], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    code = out.splitlines()[1].split(",")[3]
    browser.get(server["base"] + "/claim")
    browser.find_element(By.CSS_SELECTOR, 'a[href="/claim/code"]').click()
    check_page(browser, "claim-code")
    fill(browser, {"code": "0000-0000-0000"})
    assert browser.find_element(By.ID, "code-failed").is_displayed()
    check_page(browser, "claim-code-failed")
    fill(browser, {"code": code.lower()})
    assert browser.current_url.endswith("/claim/password")
    assert browser.find_element(By.CSS_SELECTOR, "strong.username").text == "s" + sid


def test_pages_fit_320_px_with_large_touch_targets(server):
    """At 320 px (the narrowest phones), in Spanish (the longer words), nothing scrolls sideways and
    every button, field and menu is at least 44 px tall."""
    from conftest import SHOTS, make_driver
    driver = make_driver(500, "es")
    # A headless window is at least 500 px wide, so the page is laid out as a 320 px phone.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 320, "height": 800, "deviceScaleFactor": 1, "mobile": True})
    try:
        for path in ("/", "/claim", "/forgot-password", "/forgot-username"):
            driver.get(server["base"] + path)
            width = driver.execute_script("return document.documentElement.clientWidth")
            assert width <= 320, f"the window is {width} px wide"
            assert driver.execute_script("return document.documentElement.scrollWidth") <= width, path
            driver.save_screenshot(os.path.join(SHOTS, f"narrow{path.replace('/', '-').rstrip('-') or '-home'}-es-320.png"))
            for element in driver.find_elements(By.CSS_SELECTOR, "button, input:not([type=hidden]):not([hidden]), select, a.button, a.language"):
                assert element.size["height"] >= 44, f"{path}: {element.get_attribute('outerHTML')[:80]}"
    finally:
        driver.quit()
