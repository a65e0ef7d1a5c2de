"""What a reader sees: outputs/report.html and every notebook's HTML page, opened in headless Chromium.

Each page is opened once at 1280×800 (the system's ``chromium``, driven by Playwright's Python API; no browser
is downloaded) with every request routed: ``file:`` and ``data:`` load, anything else is recorded and refused.
The tests then check, page by page, that the findings start on the first screen, that nothing is wider than the
window, that the console shows no error and that no request tried to leave the machine. A full-page screenshot
of each page is saved under ``outputs/screenshots/<page>.png`` for a person to look at.

The pages come from the ``executed_outputs`` fixture (conftest.py): the project's ``outputs/`` after
``make reproduce``, served from the runner's cache, otherwise the notebooks are run; the report is rewritten
from those outputs as ``innovlib run`` does.

Skipped, with the reason, when playwright is not installed or no Chromium executable is found
(``INNOVLIB_CHROMIUM`` names one explicitly; otherwise ``chromium`` or ``chromium-browser`` on PATH).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from innovlib import report, runner

pytestmark = pytest.mark.notebooks

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
except ImportError:
    pytest.skip("playwright is not installed (it comes with the test extra: pip install -e '.[test]')",
                allow_module_level=True)

CHROMIUM = os.environ.get("INNOVLIB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("no Chromium executable: install Debian's chromium package (apt-get install chromium; .ci/run does "
                "this as root) or set INNOVLIB_CHROMIUM to one", allow_module_level=True)

VIEWPORT = {"width": 1280, "height": 800}

# Where a page's findings start. A notebook's findings are its table of verdicts, marked by the runner/notebooks
# with data-innovlib="findings" or under a heading "Findings". Adjust here, and only here, if the marker changes.
FINDINGS = '[data-innovlib="findings"], :is(h1, h2, h3, h4):text-matches("^\\\\s*Findings\\\\b")'
# "On the first screen" means the findings start at least this far above the fold: the heading and a first row.
FINDINGS_VISIBLE_PX = 120

ALLOWED_SCHEMES = ("file", "data")
NOTEBOOKS = sorted(runner.discover())
REPORT = "report"
PAGES = [REPORT] + [name for name in NOTEBOOKS if name != REPORT]

# Measured in the page: the scrolling width, and the outermost elements wider than the window (their children,
# wide because they are, are not listed again), each with whether the box holding it scrolls sideways (a reader
# can still reach its right edge) or not (the page scrolls, or the content is cut off).
MEASURE_WIDTH = """() => {
  const root = document.scrollingElement || document.documentElement;
  const limit = document.documentElement.clientWidth;
  const wide = new Set();
  const culprits = [];
  for (const element of document.body ? document.body.querySelectorAll('*') : []) {
    const box = element.getBoundingClientRect();
    if (box.width <= limit + 0.5) continue;
    wide.add(element);
    if (wide.has(element.parentElement)) continue;
    let holder = element.parentElement, overflow = 'visible';
    for (; holder && holder !== document.body; holder = holder.parentElement) {
      overflow = getComputedStyle(holder).overflowX;
      if (overflow !== 'visible') break;
    }
    const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
      + (typeof element.className === 'string' && element.className.trim()
         ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
    const text = (element.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    culprits.push({what: `${name} (${Math.round(box.width)} px): "${text}"`,
                   scrolls: overflow === 'auto' || overflow === 'scroll'});
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits};
}"""


def _is_local(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ALLOWED_SCHEMES


@pytest.fixture(scope="module")
def pages(executed_outputs) -> dict[str, Path]:
    """The HTML file of every page: the report (rewritten from the outputs) and each notebook's export."""
    folders, _ = executed_outputs
    outputs = runner.outputs_dir()
    report.write_report(outputs)
    found = {REPORT: outputs / "report.html"}
    found.update({name: folders[name] / f"{name}.html" for name in NOTEBOOKS if name != REPORT})
    return found


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        except PlaywrightError as exc:
            pytest.fail(f"{CHROMIUM} did not start under Playwright: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def visit(browser, pages, executed_outputs):
    """``visit(page)`` opens a page once and returns what was seen there (later calls reuse it)."""
    _, results = executed_outputs
    seen: dict[str, dict] = {}
    screenshots = runner.outputs_dir() / "screenshots"

    def open_page(page: str) -> dict:
        if page in seen:
            return seen[page]
        path = pages[page]
        if not path.exists():
            problem = results[page].error if page in results else ""
            pytest.fail(f"{path} was not written" + (f": {problem}" if problem else ""))
        context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        refused: list[str] = []
        errors: list[tuple[str, str]] = []  # (message, url it came from)

        def route(request_route):
            url = request_route.request.url
            if _is_local(url):
                request_route.continue_()
            else:
                refused.append(url)
                request_route.abort("blockedbyclient")

        context.route("**/*", route)
        tab = context.new_page()
        # Requests the router does not see (it skips some kinds) are still recorded.
        tab.on("request", lambda request: None if _is_local(request.url) or request.url in refused
               else refused.append(request.url))
        tab.on("websocket", lambda socket: refused.append(socket.url))
        tab.on("console", lambda message: errors.append((message.text, message.location.get("url", "")))
               if message.type == "error" else None)
        tab.on("pageerror", lambda error: errors.append((f"uncaught {error.name}: {error.message}", "")))
        try:
            tab.goto(path.as_uri(), wait_until="load")
            tab.wait_for_timeout(500)  # scripts that run after load (MathJax and the like) get to report errors
            tab.evaluate("window.scrollTo(0, 0)")
            findings = tab.locator(FINDINGS)
            box = findings.first.bounding_box() if findings.count() else None
            width = tab.evaluate(MEASURE_WIDTH)
            screenshots.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=screenshots / f"{page}.png", full_page=True)
        finally:
            context.close()
        seen[page] = {
            "findings_top": None if box is None else box["y"],
            "width": width,
            "refused": list(dict.fromkeys(refused)),
            "errors": errors,
        }
        return seen[page]

    return open_page


@pytest.mark.parametrize("page", PAGES)
def test_findings_start_on_the_first_screen(visit, page):
    top = visit(page)["findings_top"]
    assert top is not None, f"{page}: nothing on the page matches the findings locator {FINDINGS}"
    fold = VIEWPORT["height"] - FINDINGS_VISIBLE_PX
    assert 0 <= top <= fold, (
        f"{page}: the findings start {top:.0f} px down the page; a reader sees the first {VIEWPORT['height']} px, "
        f"so they should start by {fold} px")


@pytest.mark.parametrize("page", PAGES)
def test_nothing_is_wider_than_the_window(visit, page):
    width = visit(page)["width"]
    assert width["scrollWidth"] <= width["clientWidth"], (
        f"{page} scrolls sideways at {VIEWPORT['width']} px: {width['scrollWidth']} px of content in "
        f"{width['clientWidth']} px")
    stuck = [c["what"] for c in width["culprits"] if not c["scrolls"]]
    assert not stuck, (f"{page}: {len(stuck)} element(s) wider than the {width['clientWidth']} px window, cut off: "
                       + "; ".join(stuck[:10]))
    boxed = [c["what"] for c in width["culprits"] if c["scrolls"]]
    if boxed:
        pytest.xfail(f"{page}: {len(boxed)} element(s) wider than the {width['clientWidth']} px window, in a box "
                     "the reader must scroll sideways (in a notebook, usually a wide DataFrame: show fewer or narrower "
                     "columns): " + "; ".join(boxed[:10]))


@pytest.mark.parametrize("page", PAGES)
def test_console_shows_no_errors(visit, page):
    seen = visit(page)
    # A refused outside request also logs "Failed to load resource"; that is the next test's finding, not this one's.
    errors = [message for message, url in seen["errors"] if not (url and url in seen["refused"])]
    assert not errors, f"{page}: {len(errors)} console error(s): " + " | ".join(errors[:10])


@pytest.mark.parametrize("page", PAGES)
def test_no_request_leaves_the_machine(visit, page):
    refused = visit(page)["refused"]
    assert not refused, f"{page} requested {len(refused)} outside URL(s): " + ", ".join(refused[:10])
