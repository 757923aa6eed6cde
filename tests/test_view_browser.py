"""The review page and the corpus report in a real headless browser (Debian's chromium and
chromium-driver, driven by selenium): clicking an item lights its source lines, a line selects its
item, the report links to the pages. The item and report tests save a screenshot — into
$ZXPARSE_SCREENSHOTS when set (how docs/*.png are made), else into the test's temporary folder.

Skipped, with the reason, where chromium, chromedriver or selenium is missing or chromium cannot start."""

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, SAMPLES

from zhengxie_parse import batch
from zhengxie_parse.corpus_report import write_index

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="no headless browser: install Debian's packages (apt-get install chromium chromium-driver)",
)

# Offline and quiet: no sandbox (root in CI), nothing fetched on the browser's own account.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers give /dev/shm 64 MB
    "--hide-scrollbars",
    "--window-size=1440,900",
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except Exception as exc:  # noqa: BLE001 — a browser that cannot start here is no fault of the page
        pytest.skip(f"chromium did not start: {str(exc).splitlines()[0]}")
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory, lex):
    """Review pages of the samples, by stem (rendered in this process: the command is tested in test_view)."""
    from zhengxie_parse.html_page import write_page
    from zhengxie_parse.pipeline import parse_blocks
    from zhengxie_parse.read import read_bytes
    from zhengxie_parse.view import render

    folder = tmp_path_factory.mktemp("pages")
    out = {}
    for sample in SAMPLES.glob("*.txt"):
        out[sample.stem.split("_")[0]] = folder / f"{sample.stem}.html"
        named = f"samples/{sample.name}"  # the path a user in the project folder would give
        source, blocks = read_bytes(sample.read_bytes(), named, lex)
        write_page(out[sample.stem.split("_")[0]], render(parse_blocks(source, blocks, lex), blocks))
    return out


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("ZXPARSE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _in_view(driver, element_id: str) -> bool:
    """Whether the element is inside the visible part of its scrolling pane."""
    return driver.execute_script(
        "var el = document.getElementById(arguments[0]), pane = el.closest('.pane');"
        "var r = el.getBoundingClientRect(), p = pane.getBoundingClientRect();"
        "return r.top >= p.top && r.bottom <= p.bottom;",
        element_id,
    )


def test_clicking_an_item_lights_its_source(browser, pages, shots):
    from selenium.webdriver.common.by import By

    browser.get(pages["district"].as_uri())
    assert browser.find_elements(By.CSS_SELECTOR, ".ln.hl") == []
    # an item far down the document, with a committee: its line starts out of view
    card = browser.find_elements(By.CSS_SELECTOR, "article.item")[22]
    blocks = card.get_attribute("data-blocks").split()
    assert not _in_view(browser, f"b-{blocks[0]}")
    card.find_element(By.CSS_SELECTOR, "h3").click()
    lit = [el.get_attribute("id") for el in browser.find_elements(By.CSS_SELECTOR, ".ln.hl")]
    assert lit == [f"b-{b}" for b in blocks]
    assert "on" in card.get_attribute("class").split()
    assert _wait_in_view(browser, f"b-{blocks[0]}")
    browser.save_screenshot(str(shots / "review.png"))
    assert (shots / "review.png").read_bytes().startswith(b"\x89PNG")


def _wait_in_view(driver, element_id):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 5).until(lambda d: _in_view(d, element_id))


def test_clicking_a_line_selects_its_item(browser, pages):
    from selenium.webdriver.common.by import By

    browser.get(pages["chongchuan"].as_uri())
    line = browser.find_elements(By.CSS_SELECTOR, ".ln[data-owner^='it-']")[-1]
    owner = line.get_attribute("data-owner")
    line.click()
    assert "on" in browser.find_element(By.ID, owner).get_attribute("class").split()
    assert _wait_in_view(browser, owner)


def test_diagnostic_link_lights_its_line(browser, pages):
    from selenium.webdriver.common.by import By

    browser.get(pages["nantong"].as_uri())
    browser.find_element(By.CSS_SELECTOR, "details.diags summary").click()
    notes = browser.find_elements(By.CSS_SELECTOR, "li.diag.info")[-1]
    link = notes.find_elements(By.CSS_SELECTOR, "a.loc")[-1]
    assert not link.is_displayed()  # a row of notes shows its first line
    notes.find_element(By.CSS_SELECTOR, ".what").click()
    assert link.is_displayed()
    target = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    assert "hl" in browser.find_element(By.ID, target).get_attribute("class").split()
    assert _wait_in_view(browser, target)


def test_report_links_to_review_pages(browser, tmp_path, shots):
    from selenium.webdriver.common.by import By

    source = tmp_path / "in"
    (source / "2021").mkdir(parents=True)
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, source / "2021")
    shutil.copy(FIXTURES / "formats" / "bad_encrypted.pdf", source / "locked.pdf")
    out = tmp_path / "out"
    outcomes = batch.run(batch.jobs_for(source, out, "json")[0], "json", 1, out, review=True)
    shown_as = Path("plans")  # the folder as a user names it, not the test's temporary path
    write_index(out, {o.name: o.profile for o in outcomes if o.profile}, shown_as, 1.0)
    try:
        browser.get((out / "index.html").as_uri())
        assert len(browser.find_elements(By.CSS_SELECTOR, "figure svg")) == 5
        whole = "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight"
        browser.set_window_size(1440, browser.execute_script(whole))  # the whole report in one picture
        browser.save_screenshot(str(shots / "report.png"))
        browser.find_element(By.CSS_SELECTOR, "#docs a").click()
        assert browser.find_elements(By.CSS_SELECTOR, "article.item")
        browser.find_element(By.CSS_SELECTOR, "a.back").click()
        assert browser.find_element(By.TAG_NAME, "h1").text == "语料报告"
    finally:
        browser.set_window_size(1440, 900)


def test_printed_page_is_a_task_list(browser, pages):
    """The print stylesheet: the panes give way to the task table."""
    from selenium.webdriver.common.by import By

    browser.get(pages["wujiang"].as_uri())
    shown = "return getComputedStyle(document.querySelector(arguments[0])).display"
    assert browser.execute_script(shown, ".tasks") == "none"
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script(shown, ".panes") == "none"
        assert browser.execute_script(shown, ".diags") == "none"
        assert browser.execute_script(shown, ".tasks") == "block"
        rows = browser.find_elements(By.CSS_SELECTOR, ".tasks tbody tr")
        assert len(rows) == 18 and all(row.is_displayed() for row in rows)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_correction_made_on_the_page_applies_on_the_next_parse(browser, tmp_path, monkeypatch, capsys):
    """更正 on an item, a new type and title; ＋条目 on a line the parser passed over; the year; 保存更正文件:
    the download, put beside the document, corrects the next extract."""
    import json
    import time

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    from test_cli import in_process

    document = tmp_path / "plan.txt"
    shutil.copy(SAMPLES / "chongchuan_2021_consultation_plan.txt", document)
    page = tmp_path / "plan.html"
    assert in_process(monkeypatch, capsys, "view", document, "-o", page)[0] == 0
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.get(page.as_uri())
    card = browser.find_elements(By.CSS_SELECTOR, "article.item")[3]
    key = card.get_attribute("data-key")
    card.find_element(By.CSS_SELECTOR, ".fix-open").click()
    form = card.find_element(By.CSS_SELECTOR, "form.fixform")
    Select(form.find_element(By.NAME, "topic_type")).select_by_value("inspection")
    title = form.find_element(By.NAME, "title")
    title.clear()
    title.send_keys("更正后的议题")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert "pending" in card.get_attribute("class").split()
    assert browser.find_element(By.CSS_SELECTOR, ".fix-count").text == "1"
    missed = next(line for line in browser.find_elements(By.CSS_SELECTOR, ".ln") if "聚焦中心任务" in line.text)
    browser.execute_script("arguments[0].querySelector('.fix-add').click()", missed)  # shown on hover
    assert browser.find_element(By.CSS_SELECTOR, ".fix-count").text == "2"
    browser.find_element(By.CSS_SELECTOR, ".fix-meta").click()
    year = browser.find_element(By.CSS_SELECTOR, "form.meta input[name=year]")
    year.clear()
    year.send_keys("2022")
    browser.find_element(By.CSS_SELECTOR, "form.meta button[type=submit]").click()
    assert browser.find_element(By.CSS_SELECTOR, ".fix-count").text == "3"
    browser.find_element(By.CSS_SELECTOR, ".fix-save").click()
    saved = downloads / "plan.corrections.yaml"
    deadline = time.monotonic() + 10
    while not saved.is_file() and time.monotonic() < deadline:  # a download lands when the browser has written it
        time.sleep(0.1)
    shutil.move(saved, tmp_path / saved.name)  # beside the document
    code, out, err = in_process(monkeypatch, capsys, "extract", document)
    assert code == 0, err
    item = next(i for i in json.loads(out)["items"] if i["key"] == key)
    assert (item["title"], item["topic_type"], item["topic_type_zh"]) == ("更正后的议题", "inspection", "视察")
    assert set(item["corrected"]) == {"title", "topic_type"}
    meta = json.loads(out)["meta"]
    assert meta["year"] == 2022 and meta["corrected"] == {"year": {"corrected": True, "was": 2021, "file": saved.name}}
    [added] = [i for i in json.loads(out)["items"] if "item" in i.get("corrected", {})]
    assert added["title"] == "一是聚焦中心任务" and added["source"]["line"] == 15
    page.unlink()
    assert in_process(monkeypatch, capsys, "view", document, "-o", page)[0] == 0
    browser.get(page.as_uri())  # the page shows what was corrected
    card = browser.find_element(By.CSS_SELECTOR, f'article.item[data-key="{key}"]')
    assert "fixed" in card.get_attribute("class").split() and "原为" in card.find_element(
        By.CSS_SELECTOR, "h3"
    ).get_attribute("title")


PHONE = (390, 844)  # a phone's width in CSS pixels


def _overflow(driver) -> int:
    """How far the page is wider than the window: a phone would scroll the whole page sideways."""
    return driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")


def test_review_page_on_a_phone(browser, pages, shots):
    browser.set_window_size(*PHONE)
    try:
        browser.get(pages["district"].as_uri())
        assert _overflow(browser) <= 0
        browser.save_screenshot(str(shots / "review-390.png"))
    finally:
        browser.set_window_size(1440, 900)


def test_report_on_a_phone_and_its_filter_folds_traditional(browser, tmp_path, shots):
    from selenium.webdriver.common.by import By

    source = tmp_path / "in"
    source.mkdir()
    for sample in SAMPLES.glob("*.txt"):
        shutil.copy(sample, source)
    out = tmp_path / "out"
    outcomes = batch.run(batch.jobs_for(source, out, "json")[0], "json", 1, out, review=True)
    write_index(out, {o.name: o.profile for o in outcomes if o.profile}, Path("plans"), 1.0)
    browser.set_window_size(*PHONE)
    try:
        browser.get((out / "index.html").as_uri())
        assert _overflow(browser) <= 0
        browser.save_screenshot(str(shots / "report-390.png"))
        browser.find_element(By.ID, "filter").send_keys("協商工作計劃")  # typed in traditional script
        shown = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "#docs tbody tr") if row.is_displayed()]
        assert len(shown) == 1 and "协商工作计划" in shown[0]
    finally:
        browser.set_window_size(1440, 900)
