"""Helpers of the browser suite: fill a form, check a page with axe-core, save a screenshot."""
import json, os

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SHOTS

#: Every page checked, with its serious or critical axe violations (written to screenshots/axe.json).
AXE_RESULTS = {}


def check_page(driver, name):
    """Saves a screenshot of the page and asserts axe-core finds nothing serious or critical."""
    driver.save_screenshot(os.path.join(SHOTS, f"{name}-{driver.width}.png"))
    axe = Axe(driver)
    axe.inject()
    violations = [v for v in axe.run()["violations"] if v["impact"] in ("serious", "critical")]
    AXE_RESULTS[f"{name}-{driver.width}"] = [(v["id"], v["impact"], len(v["nodes"])) for v in violations]
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
        button = driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
        button.click()
        WebDriverWait(driver, 10).until(expected_conditions.staleness_of(button))
