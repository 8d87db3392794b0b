#!/usr/bin/env python3
"""Open the report page in headless Chromium and check that it works.

    check_report.py DATASET_DIR --screenshot PNG

DATASET_DIR holds a published dataset and the page `tally report` wrote
into DATASET_DIR/report/index.html. The checks, through Debian's chromium
and chromedriver driven by selenium:

1. The page loads from file:// with no console error, and it asks for
   nothing over the network (every script and style is inline).
2. The claims chart draws a row per claim of the first page, with a mark
   per figure; every claim two or more documents answer is on it.
3. The figures table shows a page of rows, sorts by a column and filters
   by measure.
4. Clicking a figure of the chart opens its text with the figure
   highlighted, and its provenance (quote, sentence, rule, review, offsets)
   and the other sources' answers to the same question.
5. The same page with its data multiplied to 100,000 figures opens and pages
   through the table.

A screenshot of the provenance view is saved for people to look at.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

# Debian's packages; --chromium and --chromedriver name others.
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Headless Chromium as a root process on a machine without a display or a
# network it should use.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1400,1000",
]
DATA = re.compile(r'(<script type="application/json" id="data">)(.*?)(</script>)', re.S)
MANY_FIGURES = 100_000


class Failed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


def browser(profile: Path, chromium: str = CHROMIUM, chromedriver: str = CHROMEDRIVER) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))


def console_errors(driver: webdriver.Chrome) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def network_requests(driver: webdriver.Chrome, page: Path) -> list[str]:
    """Every URL on the network or on disk the page asked for other than
    itself (the browser's own chrome:// pages are not the page's)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != page.as_uri() and re.match(r"(https?|wss?|ftp|file):", url):
                urls.append(url)
    return urls


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check_page(driver: webdriver.Chrome, page: Path, dataset: Path, screenshot: Path) -> None:
    claims = read_csv(dataset / "claims.csv")
    figures = read_csv(dataset / "figures.csv")
    driver.get(page.as_uri())
    wait = WebDriverWait(driver, 20)
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#claims-chart .claim-row"))

    rows = driver.find_elements(By.CSS_SELECTOR, "#claims-chart .claim-row")
    check(len(rows) == min(20, len(claims)), f"{len(rows)} claim rows drawn of {len(claims)} claims")
    drawn = {row.get_attribute("data-claim") for row in rows}
    for claim in claims:
        if int(claim["source_count"]) >= 2:
            check(claim["claim_id"] in drawn, f"claim {claim['label']} ({claim['source_count']} documents) is not on the first page")
    for row in rows:
        claim = next(c for c in claims if c["claim_id"] == row.get_attribute("data-claim"))
        marks = row.find_elements(By.CSS_SELECTOR, "g.point")
        check(len(marks) == int(claim["figure_count"]), f"{claim['label']}: {len(marks)} marks for {claim['figure_count']} figures")

    # The table: a page of rows, sorted by value, filtered by measure.
    driver.find_element(By.ID, "tab-figures").click()
    table_rows = driver.find_elements(By.CSS_SELECTOR, "#figures-table tbody tr")
    check(len(table_rows) == min(50, len(figures)), f"{len(table_rows)} table rows for {len(figures)} figures")
    driver.find_element(By.CSS_SELECTOR, '#figures-table th[data-sort="measure"]').click()
    measures = [r.find_elements(By.TAG_NAME, "td")[2].text for r in driver.find_elements(By.CSS_SELECTOR, "#figures-table tbody tr")]
    check(measures == sorted(measures), f"sorting by measure gives {measures[:5]}…")
    Select(driver.find_element(By.CSS_SELECTOR, 'select[data-filter="measure"]')).select_by_value("executed")
    executed = driver.find_elements(By.CSS_SELECTOR, "#figures-table tbody tr")
    expected = sum(1 for f in figures if f["measure"] == "executed")
    check(len(executed) == min(50, expected), f"{len(executed)} rows for {expected} executed figures")

    # A figure of the chart: its text, highlighted, and its provenance.
    driver.find_element(By.ID, "tab-claims").click()
    several = next(c for c in claims if int(c["source_count"]) >= 2)
    figure_id = several["figure_ids"].split("|")[0]
    figure = next(f for f in figures if f["figure_id"] == figure_id)
    driver.find_element(By.CSS_SELECTOR, f'#claims-chart g.point[data-figure="{figure_id}"] circle').click()
    wait.until(lambda d: d.find_element(By.ID, "reader").is_displayed())
    mark = driver.find_element(By.CSS_SELECTOR, f'#reader-text mark.fig.selected[data-figure="{figure_id}"]')
    check(mark.text == figure["quote"], f"the highlighted text is {mark.text!r}, the quote {figure['quote']!r}")
    panel = driver.find_element(By.ID, "provenance").text
    for shown in [figure["quote"], figure["sentence"], figure["rule"], figure["review"],
                  f"characters {figure['char_start']}–{figure['char_end']}", f"line {figure['line']}", "The same question"]:
        check(shown in panel, f"the provenance of {figure_id} does not show {shown!r}")
    answers = driver.find_elements(By.CSS_SELECTOR, "#provenance .answers li")
    check(len(answers) == int(several["figure_count"]) - 1, f"{len(answers)} other answers for a claim of {several['figure_count']}")
    check(driver.find_elements(By.CSS_SELECTOR, "#reader-text mark.men"), "no name is highlighted")
    driver.save_screenshot(str(screenshot))

    errors = console_errors(driver)
    check(not errors, f"console errors: {errors}")
    requests = network_requests(driver, page)
    check(not requests, f"the page asked the network for {requests}")


def many_figures(page: Path, into: Path) -> Path:
    """The page with its figures copied until there are MANY_FIGURES, each
    copy a figure of its own claim's question."""
    html = page.read_text(encoding="utf-8")
    match = DATA.search(html)
    data = json.loads(match.group(2))
    base = data["figures"]
    figures = []
    while len(figures) < MANY_FIGURES:
        for figure in base:
            copy = list(figure)
            copy[0] = f"{figure[0]}-{len(figures)}"
            figures.append(copy)
            if len(figures) == MANY_FIGURES:
                break
    data["figures"] = figures
    for claim in data["claims"]:
        claim[8] = []
    for i, figure in enumerate(figures):
        if figure[12] is not None:
            data["claims"][figure[12]][8].append(i)
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    out = into / "index.html"
    out.write_text(html[: match.start(2)] + text + html[match.end(2):], encoding="utf-8")
    return out


def check_many(driver: webdriver.Chrome, page: Path) -> float:
    started = time.monotonic()
    driver.get(page.as_uri())
    WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#claims-chart .claim-row"))
    driver.find_element(By.ID, "tab-figures").click()
    count = driver.find_element(By.ID, "figures-count").text
    check(count == f"{MANY_FIGURES} of {MANY_FIGURES} figures", f"the table says {count!r}")
    rows = driver.find_elements(By.CSS_SELECTOR, "#figures-table tbody tr")
    check(len(rows) == 50, f"{len(rows)} rows drawn of {MANY_FIGURES}: the table must page")
    driver.find_element(By.CSS_SELECTOR, "#figures-pager button:last-child").click()
    check("page 2 of 2000" in driver.find_element(By.ID, "figures-pager").text, "the next page does not open")
    seconds = time.monotonic() - started
    errors = console_errors(driver)
    check(not errors, f"console errors with {MANY_FIGURES} figures: {errors}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--screenshot", type=Path, required=True)
    parser.add_argument("--chromium", default=CHROMIUM)
    parser.add_argument("--chromedriver", default=CHROMEDRIVER)
    args = parser.parse_args()
    page = (args.dataset / "report" / "index.html").resolve()
    if not shutil.which(args.chromium) or not shutil.which(args.chromedriver):
        print(f"check_report: {args.chromium} and {args.chromedriver} are needed (make test installs them)", file=sys.stderr)
        return 1
    args.screenshot.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tally-chromium-") as scratch:
        scratch = Path(scratch)
        driver = browser(scratch / "profile", args.chromium, args.chromedriver)
        try:
            check_page(driver, page, args.dataset, args.screenshot.resolve())
            (scratch / "many").mkdir()
            seconds = check_many(driver, many_figures(page, scratch / "many"))
        except Failed as failure:
            print(f"check_report: {page}: {failure}", file=sys.stderr)
            return 1
        finally:
            driver.quit()
    size = page.stat().st_size
    print(f"check_report: {page} ({size / 1024:.0f} KiB) renders its claims, table and reader with no console error "
          f"and no network request; {MANY_FIGURES} figures open and page in {seconds:.1f} s; screenshot {args.screenshot}")
    print("check_report: 5 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
