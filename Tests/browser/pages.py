"""Helpers of the browser suite: fill a form, check a page with axe-core, save a screenshot."""
import json, os

from axe_selenium_python import Axe
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SHOTS

#: Every page checked: how many axe rules passed and every violation of any impact (written to
#: screenshots/axe.json); only serious and critical ones fail the test.
AXE_RESULTS = {}


def check_page(driver, name):
    """Saves a screenshot of the page, asserts it is in the browser's language, and asserts
    axe-core finds nothing serious or critical."""
    shot = f"{name}-{driver.language}-{driver.width}"
    driver.save_screenshot(os.path.join(SHOTS, shot + ".png"))
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == driver.language, shot
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    AXE_RESULTS[shot] = {"rules passed": len(results["passes"]),
                         "violations": [(v["id"], v["impact"], len(v["nodes"])) for v in results["violations"]]}
    violations = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    with open(os.path.join(SHOTS, "axe.json"), "w") as f:
        json.dump(AXE_RESULTS, f, indent=1, sort_keys=True)
    assert violations == [], f"{name}: " + "; ".join(f"{v['id']} ({v['impact']}): {v['help']}" for v in violations)


def fill(driver, fields, submit=True):
    """Types each value into the field with that id (or picks it in a select), then submits."""
    for field, value in fields.items():
        element = driver.find_element(By.ID, field)
        if element.tag_name == "select":
            element.find_element(By.CSS_SELECTOR, f"option[value='{value}']").click()
        else:
            element.clear()
            element.send_keys(value)
    if submit:
        submit_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def submit_and_wait(driver, button):
    """Clicks `button` and waits for the next page: the old page's marker is gone and the new one
    has loaded (asking the old element whether it is stale can race with the navigation)."""
    driver.execute_script("window.homeroomOldPage = true")
    button.click()
    WebDriverWait(driver, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return !window.homeroomOldPage && document.readyState === 'complete'"))
