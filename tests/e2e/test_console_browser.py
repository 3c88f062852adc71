"""The console in a real browser (SPEC §12): Debian's chromium, headless, driven by Selenium
through Debian's chromium-driver, against `sconnect console` on an installation with the
myShop simulator — what a shop owner does in the manual's §2–3, start to end:

press *Nu uitvoeren* and watch the status line go from *Bezig* to *Gereed*; see the orders and
open one's explanation; change a setting (and switch a cost off, its article rows hidden by the
page's script) and find it in the file with the comments kept; export
the information log and open the workbook. A screenshot of each page is kept (not committed) in
$CONSOLE_SCREENSHOTS, or in the test's temporary folder.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from infrastructure.simulators.myshop.server import MyShopSimulator
from installation import KEY, Installation, demo_text
from profiles import SHOP

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
COMMENT = "# Set up by the bookkeeper, March 2024: keep this line.\n"
pytestmark = pytest.mark.slow


@pytest.fixture
def slow_shop():
    # The first two requests take a second each: long enough to see the run busy, as a real
    # shop far away would be.
    with MyShopSimulator(demo_text("interfaces.demo", "orders.xml").encode(), shop_id=SHOP, key=KEY,
                         faults="latency=first:2,delay=1.0") as simulator:
        yield simulator


@pytest.fixture
def console_url(tmp_path, slow_shop):
    installation = Installation(tmp_path, slow_shop.base_url)
    installation.config.write_text(COMMENT + installation.config.read_text(encoding="utf-8"), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "interfaces", "console", "--no-browser"], env=installation.env,
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = process.stdout.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+/\?token=\S+)", first)
        assert found, f"the console said: {first}{process.stdout.read() if process.poll() is not None else ''}"
        yield installation, found[1]
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def browser(tmp_path):
    if not (CHROMIUM and DRIVER):
        pytest.fail("chromium and chromium-driver are missing: `make test` installs them (APT_PACKAGES)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--no-first-run"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "nl-NL,nl",
                                              "download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(condition, timeout: float = 30.0, what: str = ""):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = condition()
        except (StaleElementReferenceException, NoSuchElementException):
            found = None  # the page swapped that part for its new version just then: look again
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"waited {timeout}s for {what}")


def shoot(driver, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("CONSOLE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(folder / f"{name}.png"))


def test_a_shop_owner_runs_looks_changes_a_setting_and_exports_in_the_browser(console_url, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    installation, url = console_url
    there_before = len(installation.sales_orders())
    browser.get(url)
    status = lambda: browser.find_element(By.ID, "status-text").text  # noqa: E731
    assert status() == "Gereed" and browser.title.startswith("Uitvoering")
    shoot(browser, "1-uitvoering", tmp_path)

    browser.find_element(By.CSS_SELECTOR, 'tr[data-profile="shop1"] button[type=submit]').click()
    wait_for(lambda: status().startswith("Bezig"), 15, "the status line to say Bezig")
    shoot(browser, "2-bezig", tmp_path)
    wait_for(lambda: status() == "Gereed", 60, "the status line to say Gereed again")
    # The page reads the task row and the log anew when the run is done: no reload by hand.
    wait_for(lambda: "aangemaakt" in browser.find_element(By.CSS_SELECTOR, "[data-last-run]").text, 15,
             "the last run's counts")
    wait_for(lambda: "aangemaakt: verkooporder" in browser.find_element(By.ID, "log").text, 15, "the log, in Dutch")
    shoot(browser, "3-gereed", tmp_path)

    browser.find_element(By.LINK_TEXT, "Orders").click()
    booked = browser.find_elements(By.CSS_SELECTOR, "#orders-table .state.booked")
    assert len(booked) == len(installation.sales_orders()) - there_before > 0
    shoot(browser, "4-orders", tmp_path)
    browser.find_elements(By.LINK_TEXT, "Uitleg")[0].click()
    explanation = wait_for(lambda: browser.find_elements(By.ID, "explanation"), 30, "the explanation")
    assert "Klantherkenning" in explanation[0].text
    shoot(browser, "5-uitleg", tmp_path)

    browser.find_element(By.LINK_TEXT, "Instellingen").click()
    term = browser.find_element(By.ID, "f-customers.default_payment_term")
    term.clear()
    term.send_keys("21")
    # The discount's article rows show only while it is booked as a line: "Niet gebruikt" hides
    # them and switches the discount off, whatever article the rows held.
    discount_rows = browser.find_element(By.CSS_SELECTOR, '.charge-line[data-for="f-sales.discount"]')
    assert discount_rows.is_displayed()
    Select(browser.find_element(By.ID, "f-sales.discount")).select_by_value("")
    assert not discount_rows.is_displayed()
    browser.find_element(By.CSS_SELECTOR, "#settings-form button[type=submit]").click()
    wait_for(lambda: "Opgeslagen" in browser.find_element(By.TAG_NAME, "main").text, 15, "Opgeslagen")
    text = installation.config.read_text(encoding="utf-8")
    assert text.startswith(COMMENT) and "default_payment_term = 21" in text
    assert "discount" not in text and 'shipping_costs = { line = "VERZEND" }' in text  # the rest as written
    shoot(browser, "6-instellingen", tmp_path)

    browser.find_element(By.LINK_TEXT, "Uitvoering").click()
    browser.find_element(By.ID, "export-log").click()
    workbook = wait_for(lambda: [f for f in browser.downloads.glob("*.xlsx")], 30, "the workbook")[0]
    sheet = openpyxl.load_workbook(workbook)["shop1"]
    assert any("aangemaakt: verkooporder" in str(row[5]) for row in sheet.iter_rows(values_only=True))
