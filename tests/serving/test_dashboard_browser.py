"""keraslab ui end to end in headless Chromium (Debian's chromium and chromium-driver, driven by selenium):
the runs table (sorting, filtering, live status), a run page (lab sheet, curves, pictures, report, try-it
with an uploaded image), comparing two runs, and generated text. Screenshots of every page are saved
under $KERASLAB_ARTIFACTS (else the test's temporary folder) for a person to look at.

In CI (CI=true) these tests run and fail without Chromium; elsewhere they skip when it is missing."""

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from keraslab.inference import load_predictor
from keraslab.training.run_dir import RunDirectory

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    if os.environ.get("CI", "").lower() == "true":
        raise RuntimeError("CI needs Debian's chromium and chromium-driver for the dashboard tests "
                           "(.ci/run installs them: apt-get install -y chromium chromium-driver).")
    pytest.skip("chromium and chromedriver are not installed (apt-get install -y chromium chromium-driver)",
                allow_module_level=True)

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait


@pytest.fixture(scope="module")
def dashboard(runs):
    """`keraslab ui` on a free loopback port, in a thread, over the smoke runs."""
    import uvicorn

    from keraslab.serving.dashboard import build_dashboard
    from keraslab.serving.http import wrap

    for name in ("digits", "digits-b", "text"):
        runs[name]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(wrap(build_dashboard(runs.root)), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    os.environ.setdefault("SE_AVOID_STATS", "true")  # selenium's own usage statistics: off
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1360,1000", "--hide-scrollbars", "--no-first-run"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = Path(os.environ.get("KERASLAB_ARTIFACTS") or tmp_path_factory.mktemp("screenshots")) / "dashboard"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def visit(driver, url):
    driver.get_log("browser")  # what earlier pages logged is theirs
    driver.get(url)


def wait(driver, condition, seconds=30):
    return WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def table_rows(driver):
    """The runs table as shown, read in one step (the page re-renders it as it polls)."""
    return driver.execute_script("""
        return [...document.querySelectorAll('#runs tbody tr')].map(tr => ({
            id: tr.dataset.id, preset: tr.cells[1].querySelector('a').textContent,
            status: tr.cells[3].textContent.trim(), metric: tr.cells[5].textContent,
            target: tr.cells[6].textContent.trim()}));""")


def screenshot(driver, shots, name):
    """The whole page, not only the window."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1360, min(max(height, 700), 4000))
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(shots / f"{name}.png"))
    driver.set_window_size(1360, 1000)


def no_errors(driver):
    """Nothing went wrong in the page's scripts (and nothing tried to load from elsewhere)."""
    problems = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    assert not problems, problems


def run_url(dashboard, run):
    return f"{dashboard}/runs/{run.parent.name}/{run.name}"


def test_runs_table_lists_sorts_filters_and_updates_live(dashboard, browser, runs, shots):
    # A run that is still going (its status names this live process), to see the table update when it ends.
    live = RunDirectory(runs.root / "mnist-cnn" / "20990101-000000-live01")
    shutil.copytree(runs["digits"], live.path)
    live.write_status("running")
    live_id = "mnist-cnn/20990101-000000-live01"
    visit(browser, dashboard + "/")
    wait(browser, lambda d: d.execute_script("return document.getElementById('runs').dataset.rendered"))
    rows = table_rows(browser)
    assert {"mnist-cnn", "text-generation"} <= {row["preset"] for row in rows}
    assert rows[0]["id"] == "mnist-cnn/20990101-000000-live01" and rows[0]["status"] == "running"  # newest first
    assert "test_accuracy" in rows[0]["metric"] and rows[0]["target"] == ">= 0.990"
    screenshot(browser, shots, "runs")

    browser.find_element(By.CSS_SELECTOR, "th[data-key=preset]").click()
    presets = [row["preset"] for row in table_rows(browser)]
    assert presets == sorted(presets, key=str.lower) or presets == sorted(presets)
    browser.find_element(By.ID, "filter").send_keys("text-gen")
    wait(browser, lambda d: [row["preset"] for row in table_rows(d)] == ["text-generation"])
    browser.find_element(By.ID, "filter").clear()
    browser.find_element(By.ID, "filter").send_keys(" ")

    live.write_status("complete")
    wait(browser, lambda d: {row["id"]: row["status"] for row in table_rows(d)}.get(live_id) == "complete", 15)
    shutil.rmtree(live.path)
    no_errors(browser)


def test_run_page_shows_the_lab_sheet_curves_pictures_report_and_predicts_an_upload(
        dashboard, browser, runs, shots, tmp_path):
    from keraslab.data.load import load_image_data

    run = runs["digits"]
    visit(browser, run_url(dashboard, run))
    sheet = wait(browser, seen.presence_of_element_located((By.CSS_SELECTOR, ".lab-sheet"))).text
    assert "Convolutional Neural Networks with Keras" in sheet and "0.9888" in sheet and ">= 0.990" in sheet
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#curves canvas")) >= 2)  # loss and accuracy
    assert {h.text for h in browser.find_elements(By.CSS_SELECTOR, "#curves h3")} >= {"loss", "accuracy"}
    pictures = browser.find_elements(By.CSS_SELECTOR, ".gallery img")
    assert len(pictures) >= 3 and all(browser.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", p) for p in pictures)
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.confusion td")) == 100
    assert "max_samples" in browser.find_element(By.CSS_SELECTOR, "pre.config").text

    digit = load_image_data("digits").x_test[5][..., 0]
    upload = tmp_path / "my digit.png"
    Image.fromarray(np.kron(digit, np.ones((4, 4), dtype="uint8"))).save(upload)
    expected = load_predictor(run).predict([str(upload)])[0]["prediction"]
    browser.find_element(By.ID, "image-files").send_keys(str(upload))
    browser.find_element(By.CSS_SELECTOR, "#try-images button").click()
    answer = wait(browser, seen.presence_of_element_located((By.CSS_SELECTOR, "#try-result .answer")))
    assert answer.text == expected
    assert "my digit.png" in browser.find_element(By.ID, "try-result").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "#try-result .bar")) == 5
    screenshot(browser, shots, "run")
    no_errors(browser)


def test_a_file_that_is_not_an_image_gets_a_message(dashboard, browser, runs, tmp_path):
    visit(browser, run_url(dashboard, runs["digits"]))
    fake = tmp_path / "notes.png"
    fake.write_text("not a picture")
    wait(browser, seen.presence_of_element_located((By.ID, "image-files"))).send_keys(str(fake))
    browser.find_element(By.CSS_SELECTOR, "#try-images button").click()
    error = wait(browser, seen.presence_of_element_located((By.CSS_SELECTOR, "#try-result .error"))).text
    assert "notes.png is not an image" in error and "Traceback" not in error


def test_compare_two_runs_overlays_curves_and_lists_config_differences(dashboard, browser, runs, shots):
    visit(browser, dashboard + "/")
    wait(browser, lambda d: d.execute_script("return document.getElementById('runs').dataset.rendered"))
    for name in ("digits", "digits-b"):
        run = runs[name]
        box = wait(browser, seen.presence_of_element_located(
            (By.CSS_SELECTOR, f"tr[data-id='{run.parent.name}/{run.name}'] input[type=checkbox]")))
        box.click()
    browser.find_element(By.ID, "compare").click()
    wait(browser, lambda d: "/compare?" in d.current_url and d.find_elements(By.CSS_SELECTOR, "#curves canvas"))
    differences = browser.find_elements(By.CSS_SELECTOR, "table.compare")[1].text
    assert "dropout_rate" in differences and "0.1" in differences and "epochs" not in differences
    assert "test_accuracy" in browser.find_elements(By.CSS_SELECTOR, "table.compare")[0].text
    legend = browser.find_element(By.ID, "curves").text
    assert legend.count("val_loss") >= 2  # both runs' lines in one chart
    screenshot(browser, shots, "compare")
    no_errors(browser)


def test_text_run_generates_from_a_prompt(dashboard, browser, runs, shots):
    run = runs["text"]
    visit(browser, run_url(dashboard, run))
    prompt = wait(browser, seen.presence_of_element_located((By.ID, "prompt")))
    prompt.clear()
    prompt.send_keys("JULIET:")
    tokens = browser.find_element(By.ID, "tokens")
    tokens.clear()
    tokens.send_keys("40")
    browser.find_element(By.CSS_SELECTOR, "#try-generate button").click()
    text = wait(browser, seen.presence_of_element_located((By.ID, "generated"))).text
    expected = load_predictor(run).generate("JULIET:", num_tokens=40, temperature=0.8, seed=0)
    assert text == expected and len(text) > len("JULIET:")
    screenshot(browser, shots, "text")
    no_errors(browser)


def test_pages_of_other_kinds_render_and_their_try_it_answers(dashboard, browser, runs, shots):
    """A generative run draws samples; an agent replays as a GIF (made by the API tests when they ran first)."""
    for name, form, result in (("sampler", "try-sample", ".samples img"), ("agent", "try-play", "#try-result img")):
        visit(browser, run_url(dashboard, runs[name]))
        wait(browser, seen.presence_of_element_located((By.CSS_SELECTOR, f"#{form} button"))).click()
        wait(browser, lambda d, shown=result: d.find_elements(By.CSS_SELECTOR, shown) and d.execute_script(
            "return arguments[0].naturalWidth > 0", d.find_element(By.CSS_SELECTOR, shown)))
        screenshot(browser, shots, name)
        no_errors(browser)


def test_the_page_loads_nothing_from_elsewhere(dashboard, browser, runs):
    visit(browser, run_url(dashboard, runs["digits"]))
    wait(browser, seen.presence_of_element_located((By.CSS_SELECTOR, "#curves canvas")))
    sources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert sources and all(source.startswith((dashboard, "data:", "blob:")) for source in sources)
    assert json.loads(browser.find_element(By.ID, "curves-data").get_attribute("textContent"))["runs"]
