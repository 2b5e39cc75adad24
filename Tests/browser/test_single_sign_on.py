"""Single sign-on in a real browser: a student opens a district app (Flask + authlib), signs in
through Homeroom's own pages and lands in the app signed in; signing out of Homeroom ends the
app's session through back-channel logout; a tile on the portal opens the app signed in."""
import time

import pytest
from selenium.webdriver.common.by import By

from conftest import make_driver
from pages import check_page, fill, submit_and_wait
from test_flows import PASSWORD, claim, student


@pytest.fixture
def driver():
    driver = make_driver(1280, "en")
    driver.width, driver.language = 1280, "en"
    yield driver
    driver.quit()


def who(driver, server):
    driver.get(server["demo"] + "/")
    return driver.find_element(By.ID, "who").text


def test_signing_in_to_an_app_through_homeroom_lands_in_the_app(server, driver):
    username = claim(driver, server, student(server))
    driver.get(server["demo"] + "/")
    driver.find_element(By.ID, "login").click()
    assert driver.current_url.startswith(server["base"] + "/")
    check_page(driver, "sso-1-username")
    fill(driver, {"username": username})
    fill(driver, {"password": PASSWORD})
    assert driver.current_url.startswith(server["demo"]) and driver.find_element(By.ID, "who").text == "Signed in as " + username


def test_signing_out_of_homeroom_ends_the_apps_session(server, driver):
    username = claim(driver, server, student(server))
    driver.get(server["demo"] + "/login")
    fill(driver, {"username": username})
    fill(driver, {"password": PASSWORD})
    assert who(driver, server) == "Signed in as " + username
    driver.get(server["base"] + "/portal")
    submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.signout button"))
    deadline = time.time() + 10
    while who(driver, server) != "Not signed in" and time.time() < deadline:
        time.sleep(0.5)
    assert who(driver, server) == "Not signed in"


def test_a_portal_tile_opens_the_app_signed_in(server, driver):
    username = claim(driver, server, student(server))
    driver.get(server["base"] + "/")
    fill(driver, {"username": username})
    fill(driver, {"password": PASSWORD})
    tile = driver.find_element(By.LINK_TEXT, "Demo app")
    submit_and_wait(driver, tile)
    assert driver.find_element(By.ID, "who").text == "Signed in as " + username
